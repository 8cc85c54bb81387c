#!/usr/bin/python3
"""Reference for tests/cpp/preprocess/split_test.cpp: the peers' stratified split (../shared/peers/README.md,
"Data protocol" rule 6) computed by ../shared/peers/peers_common.py's stratified_pick, which lib/data.mjs
mirrors in JS (scripts/reference/peer_split.mjs checks that both agree on these cases). Prints one JSON object."""
import json
import os
import sys

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "..", "..", "shared", "peers"))
from peers_common import indices_sha1, stratified_pick  # noqa: E402

rng = np.random.RandomState(3)
y = rng.choice(4, size=157, p=[0.4, 0.3, 0.2, 0.1]).tolist()
cases = []
for percent, seed in [(20, 42), (20, 7), (30, 42), (25, 4294967295)]:
    test, train = stratified_pick(y, 4, percent, 100, seed)
    cases.append({"test_fraction": percent / 100, "seed": seed, "test": test, "train": train,
                  "test_sha1": indices_sha1(test)})
print(json.dumps({"generator": "scripts/reference/peer_split.py (../shared/peers/peers_common.py stratified_pick)",
                  "n_classes": 4, "y": y, "cases": cases}))
