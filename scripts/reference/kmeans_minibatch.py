#!/usr/bin/env python3
"""Reference values for cpp/cluster/minibatch_kmeans (tests/cpp/cluster/minibatch_kmeans_test.cpp).

Seeded blob data; scikit-learn 1.2 MiniBatchKMeans inertia (on all rows, compute_labels=True) for five
random_state values, and the best full KMeans inertia as a floor. sklearn's batches come from NumPy's
RandomState, which we do not reproduce, so the test compares inertia loosely.
Run with Debian's scikit-learn:
  /usr/bin/python3 scripts/reference/kmeans_minibatch.py > tests/data/reference/kmeans_minibatch.json
"""
import json

import numpy as np
import sklearn
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.datasets import make_blobs

X, _ = make_blobs(n_samples=3000, centers=8, n_features=5, cluster_std=2.0, center_box=(-12, 12), random_state=11)
X = np.round(X, 4)   # short decimals keep the JSON small; sklearn runs on exactly these values
cases = []
for k, batch in ((8, 256), (5, 100)):
    mb = [float(MiniBatchKMeans(n_clusters=k, batch_size=batch, n_init=3, random_state=s).fit(X).inertia_)
          for s in range(5)]
    full = float(KMeans(n_clusters=k, n_init=10, random_state=0).fit(X).inertia_)
    cases.append({"k": k, "batch_size": batch, "n_init": 3, "minibatch_inertia_by_seed": mb, "kmeans_inertia": full})
print(json.dumps({"generator": "scripts/reference/kmeans_minibatch.py", "sklearn_version": sklearn.__version__,
                  "X": X.tolist(), "cases": cases}))
