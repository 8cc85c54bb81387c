#!/usr/bin/env python3
"""Reference values for cpp/cluster/gmm (tests/cpp/cluster/gmm_test.cpp).

Seeded, anisotropic 3-component data in 3-D. For each covariance type, scikit-learn 1.2 GaussianMixture
started from explicit weights_init, means_init and precisions_init (deterministic):
  - the lower bound after t EM iterations, t = 1..T (a fit with max_iter = t and tol = 0 runs exactly t
    iterations; lower_bound_ is the average log-likelihood before the last M-step);
  - the converged fit with the default tol = 1e-3: weights, means, covariances, precisions_cholesky, n_iter,
    lower_bound, score, score_samples / predict_proba on new rows, predict on X, BIC, AIC.
Plus k-means-initialised fits (sklearn's RNG: compared loosely, the data has one clear optimum).
Precision-shaped arrays are written in our layout: full = (k*d) x d stacked, spherical = k x 1.
Run with Debian's scikit-learn:
  /usr/bin/python3 scripts/reference/gmm_reference.py > tests/data/reference/gmm_reference.json
"""
import json
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import GaussianMixture

warnings.filterwarnings("ignore", category=ConvergenceWarning)

rs = np.random.RandomState(4)
k, d, n = 3, 3, 240
true_means = np.array([[0.0, 0.0, 0.0], [5.0, 1.0, -2.0], [-3.0, 4.0, 3.0]])
mix = [np.array([[1.0, 0.5, 0.0], [0.0, 1.0, 0.3], [0.2, 0.0, 0.7]]),
       np.array([[0.6, 0.0, 0.0], [0.4, 1.5, 0.0], [0.0, -0.3, 1.0]]),
       np.array([[1.2, -0.4, 0.1], [0.0, 0.5, 0.0], [0.3, 0.0, 0.9]])]
X = np.vstack([rs.normal(size=(n // k, d)) @ mix[c] + true_means[c] for c in range(k)])
X = X[rs.permutation(len(X))]
X_new = rs.normal(scale=3.0, size=(10, d))

weights_init = np.array([0.5, 0.3, 0.2])
means_init = X[[0, 1, 2]] + 0.5   # rough: several iterations to converge
prec_full = np.array([np.eye(d) * s + 0.1 for s in (0.5, 1.0, 2.0)])
prec_init = {
    "full": prec_full,
    "tied": np.eye(d) * 0.8 + 0.05,
    "diag": np.array([[0.5, 1.0, 2.0], [1.0, 1.0, 1.0], [2.0, 0.7, 0.4]]),
    "spherical": np.array([0.5, 1.0, 1.5]),
}


def ours(a, cov_type):
    a = np.asarray(a)
    if cov_type == "full":
        return a.reshape(-1, a.shape[-1]).tolist()
    if cov_type == "spherical":
        return a.reshape(-1, 1).tolist()
    return a.tolist()


def given_case(cov_type, T=12):
    def gm(max_iter, tol):
        return GaussianMixture(n_components=k, covariance_type=cov_type, weights_init=weights_init,
                               means_init=means_init, precisions_init=prec_init[cov_type], max_iter=max_iter,
                               tol=tol, random_state=0).fit(X)
    bounds = [float(gm(t, 0.0).lower_bound_) for t in range(1, T + 1)]
    g = gm(100, 1e-3)
    return {
        "covariance_type": cov_type, "precisions_init": ours(prec_init[cov_type], cov_type),
        "lower_bounds": bounds,
        "weights": g.weights_.tolist(), "means": g.means_.tolist(),
        "covariances": ours(g.covariances_, cov_type),
        "precisions_cholesky": ours(g.precisions_cholesky_, cov_type),
        "n_iter": int(g.n_iter_), "converged": bool(g.converged_), "lower_bound": float(g.lower_bound_),
        "score": float(g.score(X)), "score_samples_new": g.score_samples(X_new).tolist(),
        "predict_proba_new": g.predict_proba(X_new).tolist(), "predict": g.predict(X).tolist(),
        "bic": float(g.bic(X)), "aic": float(g.aic(X)), "n_parameters": int(g._n_parameters()),
    }


def kmeans_case(cov_type):
    g = GaussianMixture(n_components=k, covariance_type=cov_type, random_state=0).fit(X)
    return {"covariance_type": cov_type, "score": float(g.score(X)), "bic": float(g.bic(X)),
            "weights_sorted": sorted(g.weights_.tolist())}


out = {
    "generator": "scripts/reference/gmm_reference.py",
    "sklearn_version": sklearn.__version__,
    "X": X.tolist(), "X_new": X_new.tolist(), "n_components": k,
    "weights_init": weights_init.tolist(), "means_init": means_init.tolist(),
    "given": [given_case(t) for t in ("full", "tied", "diag", "spherical")],
    "kmeans_init": [kmeans_case(t) for t in ("full", "tied", "diag", "spherical")],
}
print(json.dumps(out))
