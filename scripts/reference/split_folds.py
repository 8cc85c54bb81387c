#!/usr/bin/python3
"""Reference for tests/cpp/preprocess/split_test.cpp: scikit-learn 1.2.1's KFold and StratifiedKFold fold
sizes, per-class counts per fold and (unshuffled) exact test rows, and train_test_split(stratify=y)
part sizes and per-class test counts. Prints one JSON object."""
import json

import numpy as np
from sklearn.model_selection import KFold, StratifiedKFold, train_test_split

rng = np.random.RandomState(5)
# Labels whose first appearance order (2, 0, 3, 1) differs from the class index order.
y = np.concatenate([[2, 0, 3, 1], rng.choice(4, size=83, p=[0.45, 0.25, 0.2, 0.1])])
K = 4

kfold = []
for n, k in [(23, 5), (10, 10), (101, 3)]:
    folds = list(KFold(n_splits=k).split(np.zeros(n)))
    kfold.append({"n": n, "k": k, "test": [t.tolist() for _, t in folds]})

stratified = []
for k in [2, 5]:
    for shuffle in [False, True]:
        cv = StratifiedKFold(n_splits=k, shuffle=shuffle, random_state=0 if shuffle else None)
        folds = list(cv.split(np.zeros(len(y)), y))
        stratified.append({
            "k": k, "shuffle": shuffle,
            "test": [t.tolist() for _, t in folds] if not shuffle else None,
            "sizes": [len(t) for _, t in folds],
            "class_counts": [np.bincount(y[t], minlength=K).tolist() for _, t in folds],
        })

holdout = []
for test_size in [0.2, 0.3, 0.25, 0.21]:
    _, te = train_test_split(np.arange(len(y)), test_size=test_size, stratify=y, random_state=0)
    holdout.append({"test_fraction": test_size, "n_test": len(te),
                    "class_counts": np.bincount(y[te], minlength=K).tolist()})

print(json.dumps({"generator": "scripts/reference/split_folds.py (scikit-learn 1.2.1 KFold, StratifiedKFold, train_test_split)",
                  "n_classes": K, "y": y.tolist(), "kfold": kfold, "stratified_kfold": stratified,
                  "holdout": holdout}))
