#!/usr/bin/python3
"""Reference values for tests/cpp/classify/svm_test.cpp: scikit-learn 1.2's SVC (libsvm) on small seeded
problems, one per kernel, plus a binary problem with balanced class weights and a probability=True fit.
Prints one JSON object. Run: /usr/bin/python3 scripts/reference/svm.py > tests/data/reference/svm.json"""
import json
import numpy as np
import sklearn
from sklearn.datasets import make_classification
from sklearn.svm import SVC


def r(a, nd=12):
    return np.round(np.asarray(a, dtype=np.float64), nd).tolist()


def problem(n, n_classes, seed):
    X, y = make_classification(n_samples=n + 60, n_features=5, n_informative=3, n_redundant=1,
                               n_classes=n_classes, n_clusters_per_class=1, class_sep=0.8,
                               flip_y=0.05, random_state=seed)
    return X[:n], y[:n], X[n:]


def case(name, X, y, Xt, **kw):
    clf = SVC(**kw).fit(X, y)
    out = {
        "name": name,
        "params": {k: v for k, v in kw.items() if k != "random_state"},
        "gamma": float(clf._gamma),
        "support": clf.support_.tolist(),
        "n_support": clf.n_support_.tolist(),
        "dual_coef": r(clf._dual_coef_),        # libsvm layout, not sign-flipped
        "intercept": r(clf._intercept_),        # = -rho, not sign-flipped
        "n_iter": np.asarray(clf.n_iter_).tolist(),
        "predict": clf.predict(Xt).tolist(),
        "decision_ovr": r(clf.decision_function(Xt)),
    }
    clf.decision_function_shape = "ovo"
    out["decision_ovo"] = r(clf.decision_function(Xt))
    if kw.get("probability"):
        out["prob_a"] = r(clf.probA_)
        out["prob_b"] = r(clf.probB_)
        out["predict_proba"] = r(clf.predict_proba(Xt))
    return out


X3, y3, Xt3 = problem(240, 3, 0)
X2, y2, Xt2 = problem(200, 2, 1)
keep = np.r_[np.where(y2 == 0)[0], np.where(y2 == 1)[0][:60]]   # imbalanced: 100-ish vs 60
keep.sort()
X2, y2 = X2[keep], y2[keep]
cases = [
    case("rbf_scale", X3, y3, Xt3, kernel="rbf", C=1.0, gamma="scale"),
    case("linear", X3, y3, Xt3, kernel="linear", C=0.5),
    case("poly", X3, y3, Xt3, kernel="poly", C=2.0, degree=3, gamma=0.2, coef0=1.0),
    case("rbf_binary_balanced", X2, y2, Xt2, kernel="rbf", C=3.0, gamma=0.3, class_weight="balanced"),
    case("rbf_probability", X3, y3, Xt3, kernel="rbf", C=1.0, gamma="scale", probability=True, random_state=0),
]
print(json.dumps({
    "generator": "scripts/reference/svm.py",
    "sklearn": sklearn.__version__,
    "problems": {"three_class": {"X": r(X3), "y": y3.tolist(), "X_test": r(Xt3)},
                 "binary": {"X": r(X2), "y": y2.tolist(), "X_test": r(Xt2)}},
    "cases": cases,
}))
