"""Reference for tests/cpp/classify/logistic_test.cpp: scikit-learn LogisticRegression
(multi_class="multinomial", solver="lbfgs", L2) coefficients, intercepts and probabilities, fitted
to tol=1e-10 so that the (convex, unique) optimum is reached to ~1e-8.
"""
import json
import warnings

import numpy as np
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression

warnings.simplefilter("ignore")

X, y = make_classification(n_samples=200, n_features=6, n_informative=4, n_redundant=1, n_classes=3,
                           n_clusters_per_class=1, random_state=1)
Xb, yb = make_classification(n_samples=120, n_features=4, n_informative=3, n_redundant=0, n_classes=2,
                             random_state=4)


def case(name, X, y, C, fit_intercept=True, class_weight=None):
    m = LogisticRegression(multi_class="multinomial", solver="lbfgs", C=C, fit_intercept=fit_intercept,
                           class_weight=class_weight, tol=1e-10, max_iter=10000).fit(X, y)
    K = len(m.classes_)
    return {
        "name": name, "C": C, "fit_intercept": fit_intercept,
        "class_weight": [class_weight[c] for c in range(K)] if class_weight else [],
        "X": X.tolist(), "y": y.tolist(), "n_classes": K,
        "coef": m.coef_.tolist(), "intercept": m.intercept_.tolist(),
        "proba_first_rows": m.predict_proba(X[:10]).tolist(),
        "predict": m.predict(X).tolist(),
    }


print(json.dumps({
    "generator": "scripts/reference/logistic.py (scikit-learn LogisticRegression multinomial lbfgs, tol=1e-10)",
    "cases": [
        case("three classes C=0.5", X, y, 0.5),
        case("class weights C=2", X, y, 2.0, class_weight={0: 1.0, 1: 3.0, 2: 0.5}),
        case("no intercept C=1", X, y, 1.0, fit_intercept=False),
        case("binary C=1", Xb, yb, 1.0),
    ],
}))
