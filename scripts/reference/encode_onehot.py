#!/usr/bin/python3
"""Reference values for cpp/preprocess/encode_onehot: scikit-learn 1.2 OneHotEncoder on a small seeded
table of string columns (key, mode, artist) with missing cells, fitted on `train` and applied to `train`
and to `test` (which holds values unseen in training). Prints one JSON object.

Names: sklearn's "key_C#" is written "key=C#" here, its "nan" category "<missing>" and its
"infrequent_sklearn" output "infrequent" (the only renaming; the matrices are sklearn's own output)."""
import json
import math

import numpy as np
from sklearn.preprocessing import OneHotEncoder

rng = np.random.RandomState(7)
NOTES = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"]
ARTISTS = ["Adele", "Björk", "Zaz", "ABBA", "Muse", "Röyksopp", "Sade"]


def column(values, p, n, missing_rate):
    out = []
    for _ in range(n):
        out.append(np.nan if rng.rand() < missing_rate else values[rng.choice(len(values), p=p)])
    return out


def table(n, notes, artists):
    key = column(notes, None, n, 0.08)
    mode = column(["Major", "Minor"], [0.6, 0.4], n, 0.0)
    w = np.arange(len(artists), 0, -1, dtype=float)
    artist = column(artists, w / w.sum(), n, 0.05)
    return [key, mode, artist]


names = ["key", "mode", "artist"]
train = table(60, NOTES[:9], ARTISTS[:6])
test = table(20, NOTES, ARTISTS)           # A, A#, B and Sade never occur in training


def as_matrix(cols):
    return np.array(cols, dtype=object).T


def to_json_cells(cols):
    return [[None if (isinstance(v, float) and math.isnan(v)) else v for v in c] for c in cols]


def our_names(enc):
    out = []
    for n in enc.get_feature_names_out(names):
        col, _, cat = n.partition("_")
        cat = {"nan": "<missing>", "infrequent_sklearn": "infrequent"}.get(cat, cat)
        out.append(col + "=" + cat)
    return out


cases = []
settings = [
    dict(name="default", params={}, sk={}),
    dict(name="drop_first", params={"drop": "first"}, sk={"drop": "first"}),
    dict(name="drop_if_binary", params={"drop": "if_binary"}, sk={"drop": "if_binary"}),
    dict(name="ignore", params={"handle_unknown": "ignore"}, sk={"handle_unknown": "ignore"}),
    dict(name="min_frequency_infrequent_if_exist", params={"handle_unknown": "infrequent_if_exist", "min_frequency": 6},
         sk={"handle_unknown": "infrequent_if_exist", "min_frequency": 6}),
    dict(name="max_categories_ignore", params={"handle_unknown": "ignore", "max_categories": 4},
         sk={"handle_unknown": "ignore", "max_categories": 4}),
    dict(name="max_categories_drop_first_infrequent", params={"handle_unknown": "infrequent_if_exist", "max_categories": 3, "drop": "first"},
         sk={"handle_unknown": "infrequent_if_exist", "max_categories": 3, "drop": "first"}),
]
for s in settings:
    enc = OneHotEncoder(sparse_output=False, **s["sk"]).fit(as_matrix(train))
    case = {"name": s["name"], "params": s["params"],
            "train_out": enc.transform(as_matrix(train)).tolist(),
            "feature_names": our_names(enc)}
    if s["sk"].get("handle_unknown", "error") != "error":
        case["test_out"] = enc.transform(as_matrix(test)).tolist()
    cases.append(case)

print(json.dumps({"generator": "scikit-learn OneHotEncoder (sklearn 1.2.1), scripts/reference/encode_onehot.py",
                  "columns": names, "train": to_json_cells(train), "test": to_json_cells(test), "cases": cases}))
