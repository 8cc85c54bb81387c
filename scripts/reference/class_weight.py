#!/usr/bin/python3
"""Reference values for cpp/preprocess/class_weight: scikit-learn 1.2 compute_class_weight('balanced')
and compute_sample_weight('balanced') on seeded imbalanced labels (5 classes, sizes ~ 1:2:4:8:16)."""
import json

import numpy as np
from sklearn.utils.class_weight import compute_class_weight, compute_sample_weight

rng = np.random.RandomState(1)
p = np.array([1, 2, 4, 8, 16], dtype=float)
y = rng.choice(5, size=200, p=p / p.sum())
assert len(set(y)) == 5
print(json.dumps({"generator": "scikit-learn compute_class_weight (sklearn 1.2.1), scripts/reference/class_weight.py",
                  "n_classes": 5, "y": y.tolist(),
                  "counts": np.bincount(y, minlength=5).tolist(),
                  "balanced": compute_class_weight("balanced", classes=np.arange(5), y=y).tolist(),
                  "sample_weight": compute_sample_weight("balanced", y).tolist()}))
