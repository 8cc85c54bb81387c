#!/usr/bin/python3
"""Reference for tests/cpp/metrics/descriptive_test.cpp (correlations and ranks): pandas 1.5's
DataFrame.corr('pearson') and corr('spearman') — pairwise-complete rows, Spearman re-ranked per pair with
average ranks for ties — and scipy 1.10's rankdata(method='average'), on a seeded table with gaps (NaN) in
different rows of different columns, heavy ties (integer and 0/1 columns), a monotone but non-linear
column (Spearman 1, Pearson < 1), an anti-correlated column and a constant column (correlation undefined).
Prints one JSON object; null stands for NaN."""
import json

import numpy as np
import pandas as pd
from scipy.stats import rankdata

rng = np.random.RandomState(7)
n = 160
a = rng.normal(size=n)
df = pd.DataFrame({
    "a": a,
    "a_cubed_plus": a ** 3 + 2,                                   # monotone in a
    "minus_a_noisy": -a + rng.normal(scale=0.5, size=n),
    "ints": rng.randint(0, 5, size=n).astype(float),               # heavy ties
    "binary": (rng.uniform(size=n) < 0.4).astype(float),
    "constant": np.full(n, 3.0),
    "gappy": rng.uniform(size=n) * 10,
})
df.loc[rng.uniform(size=n) < 0.15, "gappy"] = np.nan
df.loc[rng.uniform(size=n) < 0.05, "ints"] = np.nan
df.loc[[0, 1, 2], "a_cubed_plus"] = np.nan


def rows(m):
    return [[None if np.isnan(v) else float(v) for v in r] for r in np.asarray(m)]


ties = np.array([3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0, 5.0])
print(json.dumps({
    "generator": "scripts/reference/descriptive_correlation.py (pandas " + pd.__version__ + " DataFrame.corr, scipy rankdata)",
    "columns": list(df.columns),
    "data": rows(df.to_numpy().T),          # one list per column
    "pearson": rows(df.corr(method="pearson")),
    "spearman": rows(df.corr(method="spearman")),
    "ranks": {"values": ties.tolist(), "average": rankdata(ties, method="average").tolist()},
}))
