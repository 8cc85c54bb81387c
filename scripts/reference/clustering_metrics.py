#!/usr/bin/env python3
"""Reference values for cpp/metrics/clustering (tests/cpp/metrics/clustering_test.cpp).

Seeded blob data; scikit-learn 1.2 silhouette_samples / silhouette_score, adjusted_rand_score,
normalized_mutual_info_score (arithmetic), contingency_matrix; the peers' sampled silhouette (mulberry32
sample of the rows, as ../shared/peers/peers_common.py sample_indices does, re-implemented here); and the
hard-assignment log-likelihood of a k-means result computed independently with scipy.stats.multivariate_normal
(the formula documented in cpp/metrics/clustering.hpp). Prints one JSON object.
Run with Debian's scikit-learn:
  /usr/bin/python3 scripts/reference/clustering_metrics.py > tests/data/reference/clustering_metrics.json
"""
import json

import numpy as np
import sklearn
from scipy.stats import multivariate_normal
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs
from sklearn.metrics import (adjusted_rand_score, normalized_mutual_info_score, silhouette_samples,
                             silhouette_score)
from sklearn.metrics.cluster import contingency_matrix


def mulberry32(seed):
    a = seed & 0xFFFFFFFF
    while True:
        a = (a + 0x6D2B79F5) & 0xFFFFFFFF
        t = ((a ^ (a >> 15)) * (a | 1)) & 0xFFFFFFFF
        t ^= (t + (((t ^ (t >> 7)) * (t | 61)) & 0xFFFFFFFF)) & 0xFFFFFFFF
        yield ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296.0


def sample_indices(n, m, seed):
    idx = list(range(n))
    g = mulberry32(seed)
    for i in range(n - 1, 0, -1):
        j = int(next(g) * (i + 1))
        idx[i], idx[j] = idx[j], idx[i]
    return sorted(idx[:min(n, m)])


def hard_loglik(X, centers, labels):
    n, d = X.shape
    k = centers.shape[0]
    var = ((X - centers[labels]) ** 2).sum() / (n * d)
    pi = np.bincount(labels, minlength=k) / n
    ll = [np.log(pi[labels[i]]) + multivariate_normal(mean=centers[labels[i]], cov=var * np.eye(d)).logpdf(X[i])
          for i in range(n)]
    return float(np.mean(ll))


X, y = make_blobs(n_samples=200, centers=4, n_features=3, cluster_std=2.0, random_state=5)
km = KMeans(n_clusters=4, n_init=10, random_state=0).fit(X)
pred = km.labels_
# Same clustering with labels renamed to arbitrary non-negative values, and one singleton cluster.
renamed = np.array([7, 2, 11, 0])[pred]
singleton = pred.copy()
singleton[17] = 4
rs = np.random.RandomState(1)
random_labels = rs.randint(0, 5, size=200)

Xs, ys = make_blobs(n_samples=700, centers=5, n_features=4, cluster_std=3.0, random_state=9)
idx = sample_indices(700, 250, 7)

out = {
    "generator": "scripts/reference/clustering_metrics.py",
    "sklearn_version": sklearn.__version__,
    "X": X.tolist(),
    "y": y.tolist(),
    "pred": pred.tolist(),
    "renamed": renamed.tolist(),
    "singleton": singleton.tolist(),
    "random_labels": random_labels.tolist(),
    "silhouette_pred": float(silhouette_score(X, pred)),
    "silhouette_samples_pred": silhouette_samples(X, pred).tolist(),
    "silhouette_singleton": float(silhouette_score(X, singleton)),
    "silhouette_samples_singleton": silhouette_samples(X, singleton).tolist(),
    "silhouette_true": float(silhouette_score(X, y)),
    "ari_true_pred": float(adjusted_rand_score(y, pred)),
    "ari_pred_renamed": float(adjusted_rand_score(pred, renamed)),
    "ari_true_random": float(adjusted_rand_score(y, random_labels)),
    "ari_true_singleton": float(adjusted_rand_score(y, singleton)),
    "nmi_true_pred": float(normalized_mutual_info_score(y, pred)),
    "nmi_true_random": float(normalized_mutual_info_score(y, random_labels)),
    "nmi_pred_renamed": float(normalized_mutual_info_score(pred, renamed)),
    # sklearn: rows = first argument (classes), columns = second (clusters)
    "contingency_true_singleton": contingency_matrix(y, singleton).tolist(),
    "centers": km.cluster_centers_.tolist(),
    "kmeans_loglik": hard_loglik(X, km.cluster_centers_, pred),
    "sampled": {
        "X": Xs.tolist(), "labels": ys.tolist(), "max_rows": 250, "seed": 7, "rows": idx,
        "silhouette": float(silhouette_score(Xs[idx], ys[idx])),
    },
}
print(json.dumps(out))
