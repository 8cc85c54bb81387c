#!/usr/bin/python3
"""Reference for tests/cpp/preprocess/{standard,minmax}_scaler_test.cpp: scikit-learn 1.2.1's StandardScaler
and MinMaxScaler on a seeded matrix with a constant column (0.1, whose computed variance is rounding
noise) and a column far from 0. Prints one JSON object."""
import json

import numpy as np
from sklearn.preprocessing import MinMaxScaler, StandardScaler

rng = np.random.RandomState(11)
n = 31
X = np.column_stack([
    rng.normal(size=n),
    rng.normal(size=n) * 1e-3 + 1e6,
    np.full(n, 0.1),
    rng.exponential(size=n) * 100,
])
Xq = rng.normal(size=(7, 4)) * [2.0, 1e-3, 1.0, 200.0] + [0.0, 1e6, 0.1, 0.0]

standard = []
for with_mean, with_std in [(True, True), (False, True), (True, False)]:
    s = StandardScaler(with_mean=with_mean, with_std=with_std).fit(X)
    standard.append({
        "with_mean": with_mean, "with_std": with_std,
        "mean": X.mean(axis=0).tolist(),   # scikit-learn's mean_ (kept even when with_mean is False)
        "scale": (s.scale_ if s.scale_ is not None else np.ones(4)).tolist(),
        "transformed": s.transform(Xq).tolist(),
        "transformed_train": s.transform(X).tolist(),
    })

minmax = []
for lo, hi, clip in [(0.0, 1.0, False), (-1.0, 2.0, False), (-1.0, 2.0, True)]:
    s = MinMaxScaler(feature_range=(lo, hi), clip=clip).fit(X)
    minmax.append({
        "feature_min": lo, "feature_max": hi, "clip": clip,
        "data_min": s.data_min_.tolist(), "data_max": s.data_max_.tolist(),
        "scale": s.scale_.tolist(), "offset": s.min_.tolist(),
        "transformed": s.transform(Xq).tolist(),
        "transformed_train": s.transform(X).tolist(),
    })

print(json.dumps({"generator": "scripts/reference/scalers.py (scikit-learn 1.2.1 StandardScaler, MinMaxScaler)",
                  "X": X.tolist(), "Xq": Xq.tolist(), "standard": standard, "minmax": minmax}))
