#!/usr/bin/env python3
"""scikit-learn's kNN (k=12, euclidean, uniform) on ../shared/data/music_genre.csv, prepared by the peers'
data protocol (../shared/peers/peers_common.py: id/name/date columns dropped, key → pitch class, mode → 1/0,
duration_ms < 0 → missing, stratified 80/20 split with seed 42, train-median imputation, train standardisation).
Prints the test-row indices and the metrics; the Genrelab pipeline test must reproduce the split exactly and the
accuracy within 1 point. When the data file is absent, re-prints the existing JSON unchanged."""
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))
data = os.path.join(root, "..", "shared", "data", "music_genre.csv")
out = os.path.join(root, "tests", "data", "reference", "pipeline_knn_music_genre.json")
if not os.path.exists(data):
    print(f"{data} absent: keeping the existing reference", file=sys.stderr)
    sys.stdout.write(open(out).read())
    sys.exit(0)

sys.path.insert(0, os.path.join(root, "..", "shared", "peers"))
import peers_common as pc  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.metrics import accuracy_score, f1_score, matthews_corrcoef, roc_auc_score  # noqa: E402
from sklearn.neighbors import KNeighborsClassifier  # noqa: E402

p = pc.prepare(data, "music_genre", "instance_id,artist_name,track_name,obtained_date", 42)
Xtr, ytr, Xte, yte = p["Xtr"], p["ytr"], p["Xte"], p["yte"]
knn = KNeighborsClassifier(n_neighbors=12, metric="euclidean").fit(Xtr, ytr)
pred = knn.predict(Xte)
proba = knn.predict_proba(Xte)
print(json.dumps({
    "how": "scripts/reference/pipeline_knn_music_genre.py: scikit-learn " + __import__("sklearn").__version__ +
           " KNeighborsClassifier(12) on the peers' protocol",
    "features": p["data"]["features"],
    "classes": p["data"]["classes"],
    "n_train": len(p["train_idx"]),
    "test_indices": [int(i) for i in p["test_idx"]],
    "accuracy": accuracy_score(yte, pred),
    "macro_f1": f1_score(yte, pred, average="macro"),
    "mcc": matthews_corrcoef(yte, pred),
    "roc_auc_macro": roc_auc_score(yte, proba, multi_class="ovr", average="macro"),
}))
