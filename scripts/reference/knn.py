#!/usr/bin/python3
"""Reference for tests/cpp/classify/knn_test.cpp: scikit-learn 1.2.1's KNeighborsClassifier
(algorithm='brute') for each metric and weighting on make_classification data; the first 5 queries are
copies of training rows (distance 0: the distance-weighted vote gives them all the weight).
Prints one JSON object."""
import json

import numpy as np
from sklearn.datasets import make_classification
from sklearn.neighbors import KNeighborsClassifier

X, y = make_classification(n_samples=260, n_features=6, n_informative=4, n_redundant=1, n_classes=3,
                           n_clusters_per_class=2, class_sep=0.8, random_state=3)
Xtr, ytr = X[:200], y[:200]
Xq = np.vstack([Xtr[[4, 17, 50, 120, 199]], X[200:]])
cases = []
for metric in ["euclidean", "manhattan", "cosine"]:
    for weights in ["uniform", "distance"]:
        for k in [1, 7]:
            m = KNeighborsClassifier(n_neighbors=k, metric=metric, weights=weights, algorithm="brute").fit(Xtr, ytr)
            dist, ind = m.kneighbors(Xq)
            cases.append({"metric": metric, "weights": weights, "k": k,
                          "distances": dist.tolist(), "indices": ind.tolist(),
                          "proba": m.predict_proba(Xq).tolist(), "predict": m.predict(Xq).tolist()})
print(json.dumps({"generator": "scripts/reference/knn.py (scikit-learn 1.2.1 KNeighborsClassifier, brute)",
                  "n_classes": 3, "X": Xtr.tolist(), "y": ytr.tolist(), "Xq": Xq.tolist(), "cases": cases}))
