#!/usr/bin/python3
"""Reference values for tests/cpp/classify/random_forest_test.cpp: test accuracy (and OOB score) of
scikit-learn 1.2's RandomForestClassifier (100 trees, defaults: bootstrap, max_features="sqrt", fully grown)
on seeded make_classification data, for random_state 0…4. The C++ forest draws its own bootstraps and
features, so only accuracies are comparable. Prints one JSON object.
Run: /usr/bin/python3 scripts/reference/random_forest.py > tests/data/reference/random_forest.json"""
import json
import numpy as np
import sklearn
from sklearn.datasets import make_classification
from sklearn.ensemble import RandomForestClassifier

X, y = make_classification(n_samples=1200, n_features=10, n_informative=6, n_redundant=2, n_classes=4,
                           n_clusters_per_class=2, flip_y=0.05, random_state=21)
X = np.round(X, 4)   # short JSON; both sides read the same rounded numbers
Xtr, ytr, Xte, yte = X[:800], y[:800], X[800:], y[800:]
acc, oob = [], []
for s in range(5):
    m = RandomForestClassifier(n_estimators=100, oob_score=True, random_state=s).fit(Xtr, ytr)
    acc.append(float((m.predict(Xte) == yte).mean()))
    oob.append(float(m.oob_score_))
print(json.dumps({"generator": "scripts/reference/random_forest.py", "sklearn": sklearn.__version__,
                  "params": {"n_estimators": 100, "max_features": "sqrt"},
                  "X": Xtr.tolist(), "y": ytr.tolist(), "X_test": Xte.tolist(), "y_test": yte.tolist(),
                  "accuracies": acc, "oob_scores": oob}))
