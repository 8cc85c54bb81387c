#!/usr/bin/python3
"""Reference for tests/cpp/preprocess/simple_imputer_test.cpp: scikit-learn 1.2.1's SimpleImputer
(missing_values=nan) with each strategy on a small seeded matrix with holes. Prints one JSON object;
NaN is written as null."""
import json
import math

import numpy as np
from sklearn.impute import SimpleImputer


def clean(x):
    if isinstance(x, np.ndarray):
        x = x.tolist()
    if isinstance(x, list):
        return [clean(v) for v in x]
    if isinstance(x, float) and math.isnan(x):
        return None
    return x


rng = np.random.RandomState(7)
n, d = 24, 4
X = rng.normal(size=(n, d)) * [1.0, 10.0, 0.1, 1.0] + [0.0, 50.0, -3.0, 0.0]
X[:, 3] = rng.randint(0, 4, size=n)        # small integers: most_frequent has real ties to break
X[rng.rand(n, d) < 0.2] = np.nan
X[0:3, 0] = np.nan                           # keep column 0's count of present values even
if np.sum(~np.isnan(X[:, 0])) % 2:
    X[3, 0] = np.nan
Xq = rng.normal(size=(6, d))
Xq[rng.rand(6, d) < 0.4] = np.nan

cases = []
for strategy, fill in [("mean", None), ("median", None), ("most_frequent", None), ("constant", -7.5)]:
    imp = SimpleImputer(strategy=strategy, fill_value=fill) if fill is not None else SimpleImputer(strategy=strategy)
    imp.fit(X)
    cases.append({"strategy": strategy, "fill_value": fill if fill is not None else 0.0,
                  "statistics": clean(imp.statistics_), "transformed": clean(imp.transform(Xq))})

print(json.dumps({"generator": "scripts/reference/simple_imputer.py (scikit-learn 1.2.1 SimpleImputer)",
                  "X": clean(X), "Xq": clean(Xq), "cases": cases}))
