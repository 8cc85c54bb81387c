#!/usr/bin/python3
"""Reference values for cpp/preprocess/knn_imputer: scikit-learn 1.2 KNNImputer (nan_euclidean) on a
seeded 80×5 training matrix with ~15 % NaN (column 4 entirely NaN, so sklearn drops it unless
keep_empty_features), applied to a 25×5 test matrix whose row 0 is entirely NaN (→ column means) and
to the training matrix itself. Values are continuous, so no two distances tie (tie-breaking differs).
NaN is written null."""
import json
import math

import numpy as np
from sklearn.impute import KNNImputer

rng = np.random.RandomState(5)


def make(n):
    x = rng.normal(size=(n, 5)) * [1.0, 5.0, 0.2, 3.0, 1.0] + [0.0, 10.0, -1.0, 0.0, 0.0]
    x[rng.rand(n, 5) < 0.15] = np.nan
    x[:, 4] = np.nan
    return x


train = make(80)
test = make(25)
test[0] = np.nan
test[1, :4] = [np.nan, np.nan, np.nan, 1.5]               # a single shared coordinate


def nn(a):
    return [[None if math.isnan(v) else v for v in row] for row in np.asarray(a).tolist()]


cases = []
for name, kw in [("uniform_5", dict(n_neighbors=5, weights="uniform")),
                 ("distance_5", dict(n_neighbors=5, weights="distance")),
                 ("uniform_3_keep_empty", dict(n_neighbors=3, weights="uniform", keep_empty_features=True)),
                 ("distance_1", dict(n_neighbors=1, weights="distance"))]:
    imp = KNNImputer(**kw).fit(train)
    cases.append({"name": name, "params": {k: v for k, v in kw.items()},
                  "test_out": nn(imp.transform(test)), "train_out": nn(imp.transform(train))})

print(json.dumps({"generator": "scikit-learn KNNImputer (sklearn 1.2.1), scripts/reference/knn_imputer.py",
                  "train": nn(train), "test": nn(test), "cases": cases}))
