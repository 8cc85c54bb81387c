#!/usr/bin/python3
"""scikit-learn's accuracy / macro F1 / macro one-vs-rest AUROC for every model of scripts/compare-models, on
../shared/data/music_genre.csv prepared by the peers' data protocol (../shared/peers/peers_common.py, the same
code ../shared/peers/sklearn_bench.py uses: instance_id, artist_name, track_name, obtained_date dropped; key ->
pitch class, mode -> 1/0; duration_ms < 0 -> missing; stratified 80/20 split with seed 42; median imputation and
standard scaling fitted on the training rows). Models and settings as in sklearn_bench.py where it has them (MLP
64-64, random forest 100 trees, logistic C=1 max_iter 1000, kNN k=12, RBF SVC C=1 gamma=1/d on all 40,000
training rows), scikit-learn's defaults for the rest (decision tree, gradient boosting, dummy baselines).
AUROC: mean over classes of the binary AUC of predict_proba (decision_function for the SVC), as the peers do.
Prints one JSON object (metrics only, no data rows) -> tests/data/reference/classifiers_music_genre.json.
Single-threaded BLAS. Takes a few minutes (the SVC and gradient boosting). When the data file is absent it
re-prints the existing JSON unchanged, with a message on stderr.

usage: /usr/bin/python3 scripts/reference/classifiers_music_genre.py [model ...] > tests/data/reference/classifiers_music_genre.json
"""
import json
import os
import sys
import time
import warnings

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))
data = os.path.join(root, "..", "shared", "data", "music_genre.csv")
out = os.path.join(root, "tests", "data", "reference", "classifiers_music_genre.json")
if not os.path.exists(data):
    print(f"classifiers_music_genre.py: {data} is absent: keeping the existing reference", file=sys.stderr)
    sys.stdout.write(open(out).read())
    sys.exit(0)

sys.path.insert(0, os.path.join(root, "..", "shared", "peers"))
import peers_common as pc  # noqa: E402
import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from sklearn.dummy import DummyClassifier  # noqa: E402
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import accuracy_score, f1_score, roc_auc_score  # noqa: E402
from sklearn.neighbors import KNeighborsClassifier  # noqa: E402
from sklearn.neural_network import MLPClassifier  # noqa: E402
from sklearn.svm import SVC  # noqa: E402
from sklearn.tree import DecisionTreeClassifier  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

warnings.filterwarnings("ignore", category=ConvergenceWarning)
SEED = 42
p = pc.prepare(data, "music_genre", "instance_id,artist_name,track_name,obtained_date", SEED)
Xtr, ytr, Xte, yte = p["Xtr"], p["ytr"], p["Xte"], p["yte"]
k = len(p["data"]["classes"])
d = Xtr.shape[1]

MODELS = {
    "mlp": ("MLPClassifier((64, 64), relu, adam lr 1e-3, batch 256, max_iter 30, alpha 1e-4)",
            lambda: MLPClassifier(hidden_layer_sizes=(64, 64), activation="relu", solver="adam",
                                  learning_rate_init=1e-3, batch_size=256, max_iter=30,
                                  early_stopping=False, random_state=SEED), "proba"),
    "random_forest": ("RandomForestClassifier(100)",
                      lambda: RandomForestClassifier(n_estimators=100, random_state=SEED), "proba"),
    "logistic": ("LogisticRegression(C=1, lbfgs, multinomial, max_iter 1000)",
                 lambda: LogisticRegression(max_iter=1000, random_state=SEED), "proba"),
    "knn": ("KNeighborsClassifier(12, euclidean, uniform)",
            lambda: KNeighborsClassifier(n_neighbors=12, metric="euclidean"), "proba"),
    "svm": (f"SVC(rbf, C=1, gamma=1/{d}, ovr decision_function)",
            lambda: SVC(kernel="rbf", C=1.0, gamma=1.0 / d, decision_function_shape="ovr",
                        random_state=SEED), "decision"),
    "decision_tree": ("DecisionTreeClassifier()", lambda: DecisionTreeClassifier(random_state=SEED), "proba"),
    "gradient_boosting": ("GradientBoostingClassifier(100, depth 3, lr 0.1)",
                          lambda: GradientBoostingClassifier(random_state=SEED), "proba"),
    "most_frequent": ("DummyClassifier(most_frequent)",
                      lambda: DummyClassifier(strategy="most_frequent"), "proba"),
    "uniform": ("DummyClassifier(uniform)", lambda: DummyClassifier(strategy="uniform", random_state=SEED),
                "proba"),
}


def macro_auc_ovr(y, scores):
    aucs = [roc_auc_score(y == c, scores[:, c]) for c in range(k) if (y == c).any() and (y != c).any()]
    return float(np.mean(aucs))


wanted = sys.argv[1:] or list(MODELS)
res = {}
with threadpool_limits(limits=1):
    for name in wanted:
        what, make, score = MODELS[name]
        print(f"{name} ...", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        model = make().fit(Xtr, ytr)
        fit_s = time.perf_counter() - t0
        pred = model.predict(Xte)
        s = model.predict_proba(Xte) if score == "proba" else model.decision_function(Xte)
        res[name] = {"sklearn": what, "accuracy": float(accuracy_score(yte, pred)),
                     "macro_f1": float(f1_score(yte, pred, average="macro")),
                     "macro_auroc": macro_auc_ovr(yte, s), "auroc_from": score, "fit_s": round(fit_s, 3)}
        print(f"  {res[name]}", file=sys.stderr, flush=True)

print(json.dumps({
    "how": "scripts/reference/classifiers_music_genre.py: scikit-learn " + sklearn.__version__ +
           " on the peers' protocol (../shared/peers/peers_common.py), stratified 80/20 split, seed 42, 1 thread",
    "n_train": int(len(ytr)), "n_test": int(len(yte)), "n_features": int(d), "classes": p["data"]["classes"],
    "split_sha1": p["data"]["split_sha1"], "models": res}, indent=1))
