#!/usr/bin/python3
"""Reference for tests/cpp/metrics/curves_test.cpp: scikit-learn 1.2.1's roc_curve (drop_intermediate=True),
auc, precision_recall_curve, average_precision_score, roc_auc_score (ovr macro and micro) and log_loss.
Scores are kNN-like vote fractions (counts/7: many ties, some exact zeros, rows sum to 1) and, for the
binary case, signed decision values with ties. Prints one JSON object."""
import json
import warnings

import numpy as np
from sklearn.metrics import (auc, average_precision_score, log_loss, precision_recall_curve, roc_auc_score,
                             roc_curve)
from sklearn.preprocessing import label_binarize

warnings.simplefilter("ignore")
rng = np.random.RandomState(9)
n, K = 80, 4
y = rng.randint(0, K, size=n)
votes = np.zeros((n, K))
for i in range(n):
    p = np.full(K, 0.5 / (K - 1))
    p[y[i]] = 0.5
    votes[i] = np.bincount(rng.choice(K, size=7, p=p), minlength=K)
P = votes / 7.0

per_class = []
Y = label_binarize(y, classes=list(range(K)))
for c in range(K):
    fpr, tpr, thr = roc_curve(Y[:, c], P[:, c], drop_intermediate=True)
    prec, rec, pthr = precision_recall_curve(Y[:, c], P[:, c])
    per_class.append({"fpr": fpr.tolist(), "tpr": tpr.tolist(), "thresholds": thr.tolist(), "auc": auc(fpr, tpr),
                      "roc_auc": roc_auc_score(Y[:, c], P[:, c]),
                      "precision": prec.tolist(), "recall": rec.tolist(), "pr_thresholds": pthr.tolist(),
                      "average_precision": average_precision_score(Y[:, c], P[:, c])})

yb = rng.randint(0, 2, size=50)
sb = np.round(rng.normal(size=50) + 1.2 * yb, 1)  # rounded: tied decision values
fpr, tpr, thr = roc_curve(yb, sb)
prec, rec, pthr = precision_recall_curve(yb, sb)
binary = {"y": yb.tolist(), "scores": sb.tolist(), "fpr": fpr.tolist(), "tpr": tpr.tolist(),
          "thresholds": thr.tolist(), "roc_auc": roc_auc_score(yb, sb), "precision": prec.tolist(),
          "recall": rec.tolist(), "pr_thresholds": pthr.tolist(), "average_precision": average_precision_score(yb, sb)}

print(json.dumps({
    "generator": "scripts/reference/curves.py (scikit-learn 1.2.1 ranking metrics)",
    "y": y.tolist(), "scores": P.tolist(), "per_class": per_class,
    "roc_auc_ovr_macro": roc_auc_score(y, P, multi_class="ovr", average="macro"),
    "roc_auc_ovr_micro": roc_auc_score(y, P, multi_class="ovr", average="micro"),
    "average_precision_macro": average_precision_score(Y, P, average="macro"),
    "log_loss": log_loss(y, P, labels=list(range(K))),
    "binary": binary,
}))
