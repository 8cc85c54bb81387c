#!/usr/bin/python3
"""Reference values for cpp/preprocess/group_median_imputer, computed by hand with pandas (scikit-learn
has no group-wise imputer): medians per group = X.groupby(key).median() over the training rows (NaN
skipped), global fallback = X.median() (= SimpleImputer(strategy="median")), then each missing test cell
takes its group's median when the group has one for that column, else the global median. Groups: seeded
artist names, some missing keys, one group whose column 'b' is always NaN, unseen groups in `test`."""
import json
import math

import numpy as np
import pandas as pd
from sklearn.impute import SimpleImputer

rng = np.random.RandomState(9)
GROUPS = ["Adele", "Björk", "Muse", "Sade", "Zaz", "ABBA"]


def make(n, groups):
    g = [None if rng.rand() < 0.1 else groups[rng.randint(len(groups))] for _ in range(n)]
    x = pd.DataFrame({"a": rng.normal(100, 20, n).round(1), "b": rng.normal(0, 1, n), "c": rng.randint(0, 50, n).astype(float)})
    x = x.mask(rng.rand(n, 3) < 0.2)
    x.loc[[gi == "Zaz" for gi in g], "b"] = np.nan
    return g, x


g_train, X_train = make(70, GROUPS)
g_test, X_test = make(30, GROUPS + ["Unknown Artist"])

med = X_train.groupby(pd.Series(g_train, dtype=object), dropna=True).median()
glob = X_train.median()
assert np.allclose(glob.values, SimpleImputer(strategy="median").fit(X_train).statistics_)


def impute(g, X):
    out = X.copy()
    for i in range(len(X)):
        for c in X.columns:
            if math.isnan(X.iloc[i][c]):
                v = np.nan
                if g[i] is not None and g[i] in med.index:
                    v = med.loc[g[i], c]
                out.iloc[i, X.columns.get_loc(c)] = glob[c] if math.isnan(v) else v
    return out


def nn(a):
    return [[None if math.isnan(v) else v for v in row] for row in np.asarray(a, dtype=float).tolist()]


group_median = [{k: float(v) for k, v in med[c].items() if not math.isnan(v)} for c in X_train.columns]
print(json.dumps({"generator": "pandas groupby().median() by hand (pandas " + pd.__version__ + "), scripts/reference/group_median_imputer.py",
                  "train_groups": g_train, "train": nn(X_train), "test_groups": g_test, "test": nn(X_test),
                  "global_median": glob.tolist(), "group_median": group_median,
                  "train_out": nn(impute(g_train, X_train)), "test_out": nn(impute(g_test, X_test))}))
