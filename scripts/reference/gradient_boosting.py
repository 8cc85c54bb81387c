#!/usr/bin/python3
"""Reference values for tests/cpp/classify/gradient_boosting_test.cpp: scikit-learn 1.2's
GradientBoostingClassifier (log-loss, friedman_mse trees) on seeded make_classification data rounded to
float32 (scikit-learn's trees work on a float32 copy of X).
  * "exact" cases (subsample = 1): fitted with random_state 0…4; the script fails unless all five give the
    same probabilities, so the reference does not depend on scikit-learn's random feature order on ties.
  * "accuracy" case (subsample = 0.8): test accuracy for random_state 0…4 — the C++ side draws its own
    subsamples, so only the accuracy is comparable.
Prints one JSON object. Run: /usr/bin/python3 scripts/reference/gradient_boosting.py > tests/data/reference/gradient_boosting.json"""
import json
import numpy as np
import sklearn
from sklearn.datasets import make_classification
from sklearn.ensemble import GradientBoostingClassifier


def data(n_train, n_test, d, k, seed, decimals=None):
    X, y = make_classification(n_samples=n_train + n_test, n_features=d, n_informative=min(d - 1, 4), n_redundant=1,
                               n_classes=k, n_clusters_per_class=1, flip_y=0.05, random_state=seed)
    if decimals is not None:
        X = np.round(X, decimals)   # short JSON; both sides read the same rounded numbers
    else:
        X = X.astype(np.float32).astype(np.float64)
    return X[:n_train], y[:n_train], X[n_train:], y[n_train:]


def exact_case(name, X, y, Xt, **kw):
    models = [GradientBoostingClassifier(random_state=s, **kw).fit(X, y) for s in range(5)]
    p0 = models[0].predict_proba(Xt)
    for m in models[1:]:
        assert np.array_equal(m.predict_proba(Xt), p0), name + ": tie-dependent model, change the data"
    m = models[0]
    return {"name": name, "params": kw, "X": X.tolist(), "y": y.tolist(), "X_test": Xt.tolist(),
            "predict_proba": p0.tolist(), "predict": m.predict(Xt).tolist(),
            "decision_function": m.decision_function(Xt).tolist(),
            "train_score": m.train_score_.tolist(), "feature_importances": m.feature_importances_.tolist()}


X3, y3, Xt3, _ = data(240, 60, 5, 3, 11)
X2, y2, Xt2, _ = data(200, 60, 4, 2, 12)
# Depth 2 and min_samples_leaf 8: in early stages the residuals take few distinct values, so deeper
# trees on small data have exactly tied splits (checked above by the five random_states).
exact = [exact_case("multiclass", X3, y3, Xt3, n_estimators=15, max_depth=2, learning_rate=0.2, min_samples_leaf=8),
         exact_case("binary", X2, y2, Xt2, n_estimators=20, max_depth=2, learning_rate=0.3, min_samples_leaf=8)]

Xa, ya, Xta, yta = data(900, 500, 8, 4, 13, decimals=4)
accs = []
for s in range(5):
    m = GradientBoostingClassifier(n_estimators=60, max_depth=3, learning_rate=0.1, subsample=0.8, random_state=s).fit(Xa, ya)
    accs.append(float((m.predict(Xta) == yta).mean()))
accuracy = {"params": {"n_estimators": 60, "max_depth": 3, "learning_rate": 0.1, "subsample": 0.8},
            "X": Xa.tolist(), "y": ya.tolist(), "X_test": Xta.tolist(), "y_test": yta.tolist(), "accuracies": accs}
print(json.dumps({"generator": "scripts/reference/gradient_boosting.py", "sklearn": sklearn.__version__,
                  "exact": exact, "accuracy": accuracy}))
