"""Reference for the 'lda' recipe classifier (tests/cpp/pipeline/analysis_stages_test.cpp): scikit-learn 1.2's
LinearDiscriminantAnalysis predict / predict_proba on a small seeded 4-class problem, solver 'svd' and solver
'eigen' with shrinkage 'auto'. Run with Debian's Python:
    /usr/bin/python3 scripts/reference/lda_classifier.py > tests/data/reference/lda_classifier.json
"""
import json

import numpy as np
from sklearn.datasets import make_classification
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis

X, y = make_classification(n_samples=400, n_features=6, n_informative=4, n_redundant=1, n_classes=4,
                           n_clusters_per_class=1, class_sep=1.2, random_state=7)
X_train, y_train, X_test = X[:300], y[:300], X[300:]

cases = []
for solver, shrinkage in (("svd", None), ("eigen", "auto")):
    lda = LinearDiscriminantAnalysis(solver=solver, shrinkage=shrinkage).fit(X_train, y_train)
    cases.append({
        "params": {"solver": solver, "shrinkage": "auto" if shrinkage else "none"},
        "predict": lda.predict(X_test).tolist(),
        "predict_proba": lda.predict_proba(X_test).tolist(),
        "train_accuracy": float(lda.score(X_train, y_train)),
    })

print(json.dumps({
    "X_train": X_train.tolist(), "y_train": y_train.tolist(), "X_test": X_test.tolist(), "n_classes": 4,
    "cases": cases,
}))
