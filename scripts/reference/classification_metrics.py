#!/usr/bin/python3
"""Reference for tests/cpp/metrics/classification_test.cpp: scikit-learn 1.2.1's confusion_matrix,
precision_recall_fscore_support (labels=range(K), zero_division=0, macro/weighted), accuracy,
matthews_corrcoef and balanced_accuracy_score on seeded label vectors: a noisy predictor, one where a
class is never predicted and a class (5) appears in neither vector, and a perfect one. Prints one JSON object."""
import json
import warnings

import numpy as np
from sklearn.metrics import (accuracy_score, balanced_accuracy_score, confusion_matrix, matthews_corrcoef,
                             precision_recall_fscore_support)

warnings.simplefilter("ignore")
rng = np.random.RandomState(2)
cases = []


def add(name, y_true, y_pred, K):
    labels = list(range(K))
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=labels, zero_division=0)
    avg = {}
    for a in ["macro", "weighted"]:
        pa, ra, fa, _ = precision_recall_fscore_support(y_true, y_pred, labels=labels, zero_division=0, average=a)
        avg[a] = [pa, ra, fa]
    cases.append({
        "name": name, "n_classes": K, "y_true": y_true.tolist(), "y_pred": y_pred.tolist(),
        "confusion": confusion_matrix(y_true, y_pred, labels=labels).tolist(),
        "precision": p.tolist(), "recall": r.tolist(), "f1": f.tolist(), "support": s.tolist(),
        "macro": avg["macro"], "weighted": avg["weighted"],
        "accuracy": accuracy_score(y_true, y_pred), "mcc": matthews_corrcoef(y_true, y_pred),
        "balanced_accuracy": balanced_accuracy_score(y_true, y_pred),
    })


y = rng.randint(0, 4, size=120)
noisy = np.where(rng.rand(120) < 0.55, y, rng.randint(0, 4, size=120))
add("noisy", y, noisy, 4)
y2 = rng.choice([0, 1, 2, 3, 4], size=90, p=[0.35, 0.3, 0.2, 0.1, 0.05])
pred2 = np.where(rng.rand(90) < 0.6, y2, rng.choice([0, 1, 2], size=90))  # classes 3, 4 never predicted
pred2[:3] = 4  # … except class 4 three times, always wrongly
add("missing_classes", y2, pred2, 6)
add("perfect", y2, y2.copy(), 6)
print(json.dumps({"generator": "scripts/reference/classification_metrics.py (scikit-learn 1.2.1 metrics)",
                  "cases": cases}))
