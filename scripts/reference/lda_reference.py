#!/usr/bin/env python3
"""Reference values for cpp/reduce/lda (tests/cpp/reduce/lda_test.cpp).

Runs scikit-learn's LinearDiscriminantAnalysis on iris and wine (both ship with scikit-learn) and on a
seeded binary make_classification set, and prints one JSON object with the inputs, the settings and
sklearn's explained_variance_ratio_, transform, decision_function, predict_proba and predict.
Labels are re-coded 0..K-1 in the order of sklearn's classes_ (already the case for these sets).
Run with Debian's scikit-learn: /usr/bin/python3 scripts/reference/lda_reference.py > tests/data/reference/lda_reference.json
"""
import json

import numpy as np
import sklearn
from sklearn.datasets import load_iris, load_wine, make_classification
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis


def case(name, data, solver="svd", shrinkage=None, n_components=None):
    X, y, X_new = datasets[data]["X"], datasets[data]["y"], datasets[data].get("X_new")
    lda = LinearDiscriminantAnalysis(solver=solver, shrinkage=shrinkage, n_components=n_components).fit(X, y)
    X_new = X if X_new is None else X_new
    dec = lda.decision_function(X_new)
    out = {
        "name": name,
        "data": data,  # key into "datasets"; predictions are for its X_new (X when absent)
        "n_classes": int(len(lda.classes_)),
        "solver": solver,
        "shrinkage": shrinkage,
        "n_components": n_components,
        "priors": lda.priors_.tolist(),
        "means": lda.means_.tolist(),
        "explained_variance_ratio": lda.explained_variance_ratio_.tolist(),
        "transform": lda.transform(X_new).tolist(),
        "scalings": lda.scalings_.tolist(),
        # binary: sklearn returns log p(1|x) - log p(0|x) as a vector; kept as sklearn gives it.
        "decision_function": dec.tolist(),
        "predict_proba": lda.predict_proba(X_new).tolist(),
        "predict": lda.predict(X_new).tolist(),
        "train_accuracy": float(lda.score(X, y)),
    }
    if solver == "eigen":
        # sklearn's eigen transform is X @ scalings_ (not centred); the xbar it would subtract:
        out["xbar"] = (lda.priors_ @ lda.means_).tolist()
    return out


iris = load_iris()
wine = load_wine()
Xb, yb = make_classification(n_samples=150, n_features=5, n_informative=3, n_redundant=1,
                             n_classes=2, random_state=3)
rs = np.random.RandomState(1)
Xb_new = rs.normal(size=(20, 5)) * 1.5
datasets = {
    "iris": {"X": iris.data, "y": iris.target},
    "wine": {"X": wine.data, "y": wine.target},
    "binary": {"X": Xb, "y": yb, "X_new": Xb_new},
}

out = {
    "generator": "scripts/reference/lda_reference.py",
    "sklearn_version": sklearn.__version__,
    "cases": [
        case("iris_svd", "iris"),
        case("iris_svd_1component", "iris", n_components=1),
        case("wine_svd", "wine"),
        case("wine_eigen_auto", "wine", solver="eigen", shrinkage="auto"),
        case("wine_eigen_0.3", "wine", solver="eigen", shrinkage=0.3),
        case("wine_eigen_none", "wine", solver="eigen"),
        case("binary_svd", "binary"),
    ],
    "datasets": {k: {kk: vv.tolist() for kk, vv in v.items()} for k, v in datasets.items()},
}
print(json.dumps(out))
