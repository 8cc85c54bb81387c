#!/usr/bin/python3
"""Reference values for tests/cpp/classify/decision_tree_test.cpp: scikit-learn 1.2's DecisionTreeClassifier
on seeded make_classification data rounded to float32 (scikit-learn grows trees on a float32 copy of X,
so float32-exact inputs give both sides the same numbers). scikit-learn visits features in a random
order, which matters only for exact ties: every case below is fitted with random_state 0…9 and the script
fails unless all ten trees are identical, so the reference is free of tie-breaking. Prints one JSON object.
Run: /usr/bin/python3 scripts/reference/decision_tree.py > tests/data/reference/decision_tree.json"""
import json
import numpy as np
import sklearn
from sklearn.datasets import make_classification
from sklearn.datasets import make_regression
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

X, y = make_classification(n_samples=420, n_features=6, n_informative=4, n_redundant=1, n_classes=3,
                           n_clusters_per_class=2, flip_y=0.03, random_state=3)
X = X.astype(np.float32).astype(np.float64)
Xtr, ytr, Xte = X[:300], y[:300], X[300:]

CASES = [
    ("gini_depth4", dict(criterion="gini", max_depth=4, min_samples_leaf=5)),
    ("entropy_depth4", dict(criterion="entropy", max_depth=4, min_samples_leaf=4, min_samples_split=10)),
    ("gini_balanced_depth3", dict(criterion="gini", max_depth=3, class_weight="balanced")),
]


def same_tree(a, b):
    return (np.array_equal(a.tree_.feature, b.tree_.feature) and np.array_equal(a.tree_.threshold, b.tree_.threshold)
            and np.array_equal(a.tree_.children_left, b.tree_.children_left))


cases = []
for name, kw in CASES:
    trees = [DecisionTreeClassifier(random_state=s, **kw).fit(Xtr, ytr) for s in range(10)]
    assert all(same_tree(trees[0], t) for t in trees[1:]), name + ": tie-dependent tree, change the data"
    t = trees[0]
    cases.append({
        "name": name,
        "params": kw,
        "node_count": int(t.tree_.node_count),
        "feature": t.tree_.feature.tolist(),          # -2 at leaves
        "threshold": t.tree_.threshold.tolist(),      # -2 at leaves
        "children_left": t.tree_.children_left.tolist(),
        "children_right": t.tree_.children_right.tolist(),
        "n_node_samples": t.tree_.n_node_samples.tolist(),
        "impurity": t.tree_.impurity.tolist(),
        "feature_importances": t.feature_importances_.tolist(),
        "predict_proba": t.predict_proba(Xte).tolist(),
        "predict": t.predict(Xte).tolist(),
    })

# Regression trees (the weak learner of gradient boosting), both criteria, same tie check.
Xr, yr = make_regression(n_samples=260, n_features=5, n_informative=4, noise=10.0, random_state=4)
Xr = Xr.astype(np.float32).astype(np.float64)
yr = np.round(yr, 6)
regression = []
for name, kw in [("squared_error_depth4", dict(criterion="squared_error", max_depth=4, min_samples_leaf=3)),
                 ("friedman_mse_depth3", dict(criterion="friedman_mse", max_depth=3, min_samples_leaf=5))]:
    trees = [DecisionTreeRegressor(random_state=s, **kw).fit(Xr[:200], yr[:200]) for s in range(10)]
    assert all(same_tree(trees[0], t) for t in trees[1:]), name + ": tie-dependent tree, change the data"
    t = trees[0]
    regression.append({"name": name, "params": kw, "feature": t.tree_.feature.tolist(),
                       "threshold": t.tree_.threshold.tolist(), "impurity": t.tree_.impurity.tolist(),
                       "feature_importances": t.feature_importances_.tolist(), "predict": t.predict(Xr[200:]).tolist()})
print(json.dumps({"generator": "scripts/reference/decision_tree.py", "sklearn": sklearn.__version__,
                  "X": Xtr.tolist(), "y": ytr.tolist(), "X_test": Xte.tolist(), "cases": cases,
                  "regression": {"X": Xr[:200].tolist(), "y": yr[:200].tolist(), "X_test": Xr[200:].tolist(),
                                 "cases": regression}}))
