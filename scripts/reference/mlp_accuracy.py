"""Reference for tests/cpp/classify/mlp_test.cpp: scikit-learn MLPClassifier test accuracy on a
make_classification problem (4 classes, 10 features, standardised, rounded to 5 decimals so the JSON
stays small), averaged over 3 seeds. Our MLP cannot match weights (different initialisation RNG);
the test compares accuracy loosely.
"""
import json
import warnings

import numpy as np
from sklearn.datasets import make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

warnings.simplefilter("ignore", ConvergenceWarning)

X, y = make_classification(n_samples=1500, n_features=10, n_informative=6, n_redundant=2, n_classes=4,
                           n_clusters_per_class=2, class_sep=1.0, random_state=3)
X = np.round(StandardScaler().fit_transform(X), 5)
n_train = 1000
settings = dict(hidden_layer_sizes=(32, 32), activation="relu", solver="adam", alpha=1e-4, batch_size=64,
                learning_rate_init=1e-3, max_iter=80, shuffle=True, tol=0.0, n_iter_no_change=100000)
accuracies = []
for seed in range(3):
    m = MLPClassifier(random_state=seed, **settings).fit(X[:n_train], y[:n_train])
    accuracies.append(float(m.score(X[n_train:], y[n_train:])))
print(json.dumps({
    "generator": "scripts/reference/mlp_accuracy.py (scikit-learn MLPClassifier, 3 seeds)",
    "settings": {k: (list(v) if isinstance(v, tuple) else v) for k, v in settings.items()},
    "n_train": n_train, "n_classes": 4,
    "X": X.tolist(), "y": y.tolist(),
    "test_accuracies": accuracies, "mean_test_accuracy": float(np.mean(accuracies)),
}))
