#!/usr/bin/env python3
"""Reference values for cpp/cluster/kmeans (tests/cpp/cluster/kmeans_test.cpp).

Makes small seeded blob data sets, runs scikit-learn's KMeans (algorithm='lloyd') and prints one JSON object:
inputs, settings and sklearn's fitted attributes.
  - "given" cases: init = an explicit array, n_init = 1: deterministic, our results must equal sklearn's
    (labels, n_iter exactly; inertia and centres to rounding). One case starts with a centre far from the
    data (an empty cluster on the first iteration: sklearn's relocation), one stops on max_iter with tol = 0.
  - "plusplus" cases: k-means++ with n_init restarts. sklearn's RandomState cannot be reproduced, so the
    test only compares inertia loosely.
Run with Debian's scikit-learn:
  /usr/bin/python3 scripts/reference/kmeans_reference.py > tests/data/reference/kmeans_reference.json
"""
import json

import numpy as np
import sklearn
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs


def given_case(name, data, init, X_new, max_iter=300, tol=1e-4):
    X = DATA[data]
    km = KMeans(n_clusters=init.shape[0], init=init, n_init=1, max_iter=max_iter, tol=tol,
                algorithm="lloyd").fit(X)
    return {
        "name": name, "data": data, "init": init.tolist(), "max_iter": max_iter, "tol": tol,
        "labels": km.labels_.tolist(), "inertia": float(km.inertia_), "n_iter": int(km.n_iter_),
        "centers": km.cluster_centers_.tolist(),
        "X_new": X_new.tolist(), "predict_new": km.predict(X_new).tolist(),
        "transform_new": km.transform(X_new).tolist(),
    }


def plusplus_case(name, data, k, n_init):
    X = DATA[data]
    inertias = [float(KMeans(n_clusters=k, n_init=n_init, random_state=s, algorithm="lloyd").fit(X).inertia_)
                for s in range(5)]
    return {"name": name, "data": data, "k": k, "n_init": n_init, "inertia_by_seed": inertias}


X1, _ = make_blobs(n_samples=300, centers=5, n_features=4, cluster_std=1.5, random_state=1)
rs = np.random.RandomState(3)
X1_new = rs.normal(scale=6.0, size=(12, 4))
init1 = X1[[0, 1, 2, 3, 4]].copy()          # five rows that are not one per blob: several iterations
init2 = X1[[10, 20, 30, 40]].copy()
init2 = np.vstack([init2, np.full((1, 4), 100.0)])   # far away: empty on the first iteration
X3, _ = make_blobs(n_samples=500, centers=8, n_features=3, cluster_std=2.5, random_state=7)
X3 = X3 * np.array([1.0, 3.0, 0.5]) + np.array([10.0, -5.0, 0.0])   # not centred, unequal scales
init3 = X3[:6].copy()
DATA = {"blobs": X1, "overlap": X3}

out = {
    "generator": "scripts/reference/kmeans_reference.py",
    "sklearn_version": sklearn.__version__,
    "data": {name: X.tolist() for name, X in DATA.items()},
    "given": [
        given_case("blobs_k5", "blobs", init1, X1_new),
        given_case("blobs_far_centre", "blobs", init2, X1_new),
        given_case("overlap_k6_maxiter3_tol0", "overlap", init3, X1_new[:, :3], max_iter=3, tol=0.0),
        given_case("overlap_k6", "overlap", init3, X1_new[:, :3]),
    ],
    "plusplus": [
        plusplus_case("overlap_k8_ninit10", "overlap", 8, 10),
        plusplus_case("blobs_k5_ninit3", "blobs", 5, 3),
    ],
}
print(json.dumps(out))
