#!/usr/bin/python3
"""Reference values for cpp/preprocess/encode_ordinal: scikit-learn 1.2 OrdinalEncoder on a small seeded
table of string columns with missing cells (NaN in, NaN out), fitted on `train` and applied to `train`
and `test` (with unseen values) under handle_unknown='use_encoded_value' with unknown_value -1 and
np.nan (our 'ignore'). Prints one JSON object (NaN written as null)."""
import json
import math

import numpy as np
from sklearn.preprocessing import OrdinalEncoder

rng = np.random.RandomState(11)
NOTES = ["C", "C#", "Db", "D", "E", "F", "G", "A", "B"]
GENRES = ["Électro", "Rock", "Hip-Hop", "Jazz", "Anime", "Blues", "Country"]


def column(values, n, missing_rate):
    return [np.nan if rng.rand() < missing_rate else values[rng.randint(len(values))] for _ in range(n)]


names = ["key", "genre"]
train = [column(NOTES[:7], 50, 0.1), column(GENRES[:5], 50, 0.1)]
test = [column(NOTES, 25, 0.1), column(GENRES, 25, 0.1)]


def as_matrix(cols):
    return np.array(cols, dtype=object).T


def nan_to_none(rows):
    return [[None if (isinstance(v, float) and math.isnan(v)) else v for v in r] for r in rows]


cases = []
enc = OrdinalEncoder().fit(as_matrix(train))
cases.append({"name": "default", "params": {}, "train_out": nan_to_none(enc.transform(as_matrix(train)).tolist()),
              "categories": [[c for c in cats if isinstance(c, str)] for cats in enc.categories_]})
enc = OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1).fit(as_matrix(train))
cases.append({"name": "use_encoded_value", "params": {"handle_unknown": "use_encoded_value", "unknown_value": -1},
              "train_out": nan_to_none(enc.transform(as_matrix(train)).tolist()),
              "test_out": nan_to_none(enc.transform(as_matrix(test)).tolist())})
enc = OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=np.nan).fit(as_matrix(train))
cases.append({"name": "ignore", "params": {"handle_unknown": "ignore"},
              "train_out": nan_to_none(enc.transform(as_matrix(train)).tolist()),
              "test_out": nan_to_none(enc.transform(as_matrix(test)).tolist())})

print(json.dumps({"generator": "scikit-learn OrdinalEncoder (sklearn 1.2.1), scripts/reference/encode_ordinal.py",
                  "columns": names, "train": nan_to_none(train), "test": nan_to_none(test), "cases": cases}))
