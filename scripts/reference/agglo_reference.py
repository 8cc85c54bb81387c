#!/usr/bin/env python3
"""Reference values for cpp/cluster/agglomerative (tests/cpp/cluster/agglomerative_test.cpp).

Seeded blob data; scikit-learn 1.2 AgglomerativeClustering(metric='euclidean', compute_distances=True) for
each linkage: labels_, children_, distances_. Prints one JSON object.
Run with Debian's scikit-learn:
  /usr/bin/python3 scripts/reference/agglo_reference.py > tests/data/reference/agglo_reference.json
"""
import json

import numpy as np
import sklearn
from sklearn.cluster import AgglomerativeClustering
from sklearn.datasets import make_blobs

X, _ = make_blobs(n_samples=90, centers=4, n_features=3, cluster_std=1.8, random_state=21)
X2, _ = make_blobs(n_samples=60, centers=[[0, 0], [6, 0], [3, 5]], cluster_std=[0.5, 1.5, 1.0], random_state=3)
cases = []
for name, data in (("blobs3d", X), ("blobs2d", X2)):
    for linkage in ("ward", "complete", "average", "single"):
        for k in (3, 4):
            a = AgglomerativeClustering(n_clusters=k, linkage=linkage, compute_distances=True).fit(data)
            cases.append({"data": name, "linkage": linkage, "n_clusters": k, "labels": a.labels_.tolist(),
                          "children": a.children_.tolist(), "distances": a.distances_.tolist()})
print(json.dumps({"generator": "scripts/reference/agglo_reference.py", "sklearn_version": sklearn.__version__,
                  "data": {"blobs3d": X.tolist(), "blobs2d": X2.tolist()}, "cases": cases}))
