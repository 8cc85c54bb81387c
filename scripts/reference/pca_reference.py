#!/usr/bin/env python3
"""Reference values for cpp/reduce/pca (tests/cpp/reduce/pca_test.cpp).

Makes two small seeded data sets, runs scikit-learn's PCA(svd_solver='full') on them and prints one
JSON object: the inputs, the settings and sklearn's fitted attributes and outputs.
Run with Debian's scikit-learn: /usr/bin/python3 scripts/reference/pca_reference.py > tests/data/reference/pca_reference.json
"""
import json

import numpy as np
import sklearn
from sklearn.datasets import make_classification
from sklearn.decomposition import PCA


def case(name, X, n_components, whiten, X_new):
    pca = PCA(n_components=n_components, whiten=whiten, svd_solver="full").fit(X)
    Z = pca.transform(X_new)
    return {
        "name": name,
        "X": X.tolist(),
        "X_new": X_new.tolist(),
        "n_components": n_components,
        "whiten": whiten,
        "mean": pca.mean_.tolist(),
        "components": pca.components_.tolist(),
        "explained_variance": pca.explained_variance_.tolist(),
        "explained_variance_ratio": pca.explained_variance_ratio_.tolist(),
        "singular_values": pca.singular_values_.tolist(),
        "noise_variance": float(pca.noise_variance_),
        "transform": Z.tolist(),
        "inverse_transform": pca.inverse_transform(Z).tolist(),
    }


rs = np.random.RandomState(0)
# Correlated features with very different scales, like raw song features before scaling.
X1, _ = make_classification(n_samples=120, n_features=6, n_informative=4, n_redundant=2, random_state=0)
X1 = X1 + 0.3 * rs.normal(size=X1.shape)  # the redundant columns are exact mixtures: make X1 full rank
X1 = X1 * np.array([1.0, 5.0, 0.2, 3.0, 1.0, 0.5]) + np.array([0.0, 100.0, -3.0, 7.0, 0.0, 1.0])
X1_new = rs.normal(size=(10, 6)) * 2.0
# Fewer samples than features (n < d): PCA of rank n-1.
X2 = rs.normal(size=(5, 8))
X2_new = rs.normal(size=(3, 8))

out = {
    "generator": "scripts/reference/pca_reference.py",
    "sklearn_version": sklearn.__version__,
    "cases": [
        case("classification_k3", X1, 3, False, X1_new),
        case("classification_k3_whiten", X1, 3, True, X1_new),
        case("classification_all", X1, 6, False, X1_new),
        case("wide_k4", X2, 4, False, X2_new),
    ],
}
print(json.dumps(out))
