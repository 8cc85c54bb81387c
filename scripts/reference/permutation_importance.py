"""Reference for cpp/metrics/permutation_importance: scikit-learn 1.2's
sklearn.inspection.permutation_importance(KNeighborsClassifier(5), X_test, y_test, scoring='accuracy',
n_repeats=30, random_state=0) on a seeded make_classification problem whose first two columns are the
informative ones (shuffle=False keeps the column order; rows are permuted after) and the other three are noise. The C++ test fits the same kNN on the same
training rows and compares the mean drops with a tolerance (the shuffles themselves differ)."""
import json

import numpy as np
from sklearn.datasets import make_classification
from sklearn.inspection import permutation_importance
from sklearn.neighbors import KNeighborsClassifier

X, y = make_classification(n_samples=900, n_features=5, n_informative=2, n_redundant=0, n_repeated=0,
                           n_classes=3, n_clusters_per_class=1, class_sep=1.5, shuffle=False, random_state=7)
rows = np.random.RandomState(1).permutation(len(y))   # shuffle=False sorts rows by class; mix them
X, y = X[rows], y[rows]
X_train, y_train, X_test, y_test = X[:500], y[:500], X[500:], y[500:]
model = KNeighborsClassifier(n_neighbors=5).fit(X_train, y_train)
r = permutation_importance(model, X_test, y_test, scoring="accuracy", n_repeats=30, random_state=0)
print(json.dumps({
    "X_train": np.round(X_train, 12).tolist(), "y_train": y_train.tolist(),
    "X_test": np.round(X_test, 12).tolist(), "y_test": y_test.tolist(),
    "k": 5, "n_repeats": 30,
    "baseline": float(model.score(X_test, y_test)),
    "importances_mean": r.importances_mean.tolist(),
    "importances_std": r.importances_std.tolist(),
}))
