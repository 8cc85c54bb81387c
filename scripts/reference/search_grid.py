#!/usr/bin/python3
"""Reference for tests/cpp/search/model_search_test.cpp: scikit-learn 1.2.1's GridSearchCV on the training
part of the peers' stratified split (../shared/peers/peers_common.py stratified_pick, which our recipe split
reproduces bit for bit), with unshuffled StratifiedKFold(5) folds (our stratified_kfold without shuffle gives
the same rows), Pipeline(StandardScaler, KNeighborsClassifier | LogisticRegression), return_train_score=True,
four scorers, refit on accuracy, and the refitted winner's accuracy on the test part. Prints one JSON object."""
import io
import json
import os
import sys

import numpy as np
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "..", "..", "shared", "peers"))
from peers_common import stratified_pick  # noqa: E402

X, y = make_classification(n_samples=240, n_features=5, n_informative=3, n_redundant=1, n_classes=3,
                           n_clusters_per_class=1, class_sep=0.8, flip_y=0.05, random_state=4)
X = np.round(X, 6)  # the CSV carries 6 decimals; sklearn sees exactly what we read
names = ["c0", "c1", "c2"]
out = io.StringIO()
out.write("f0,f1,f2,f3,f4,genre\n")
for row, label in zip(X, y):
    out.write(",".join(f"{v:.6f}" for v in row) + "," + names[label] + "\n")

SEED, TEST_PERCENT = 11, 20
test, train = stratified_pick(y.tolist(), 3, TEST_PERCENT, 100, SEED)
Xtr, ytr, Xte, yte = X[train], y[train], X[test], y[test]

scoring = {"accuracy": "accuracy", "macro_f1": "f1_macro", "roc_auc_macro": "roc_auc_ovr", "neg_log_loss": "neg_log_loss"}


def run(estimator, grid, name):
    gs = GridSearchCV(Pipeline([("scale", StandardScaler()), ("clf", estimator)]), grid,
                      cv=StratifiedKFold(5), scoring=scoring, refit="accuracy", return_train_score=True)
    gs.fit(Xtr, ytr)
    r = gs.cv_results_
    rows = []
    for i, params in enumerate(r["params"]):
        row = {"params": {k.replace("clf__", ""): (v.item() if hasattr(v, "item") else v) for k, v in params.items()},
               "rank_accuracy": int(r["rank_test_accuracy"][i])}
        for m in ["accuracy", "macro_f1", "roc_auc_macro"]:
            row["validation_" + m] = [float(r["mean_test_" + m][i]), float(r["std_test_" + m][i])]
            row["train_" + m] = [float(r["mean_train_" + m][i]), float(r["std_train_" + m][i])]
        row["validation_log_loss"] = [float(-r["mean_test_neg_log_loss"][i]), float(r["std_test_neg_log_loss"][i])]
        row["train_log_loss"] = [float(-r["mean_train_neg_log_loss"][i]), float(r["std_train_neg_log_loss"][i])]
        rows.append(row)
    return {"name": name, "best_index": int(gs.best_index_), "test_accuracy": float(gs.score(Xte, yte)), "rows": rows}


knn = run(KNeighborsClassifier(), {"clf__n_neighbors": [1, 3, 7, 15], "clf__weights": ["uniform", "distance"]}, "knn")
logistic = run(LogisticRegression(tol=1e-8, max_iter=2000), {"clf__C": [0.01, 0.1, 1.0, 10.0]}, "logistic")

print(json.dumps({
    "generator": "scripts/reference/search_grid.py (scikit-learn 1.2.1 GridSearchCV, StratifiedKFold(5), peers' split)",
    "csv": out.getvalue(), "seed": SEED, "test_fraction": TEST_PERCENT / 100, "n_train": len(train), "n_test": len(test),
    "train_rows": train, "knn": knn, "logistic": logistic}))
