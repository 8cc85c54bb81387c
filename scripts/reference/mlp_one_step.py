"""Reference for tests/cpp/classify/mlp_test.cpp: scikit-learn's MLP after a few full-batch steps
from given initial weights.

scikit-learn draws its initial weights from its own RNG, which we cannot reproduce, so we set them:
fit once (max_iter=1) to create the estimator's state, overwrite coefs_/intercepts_ with Glorot-uniform
weights from numpy's RandomState, and fit again with warm_start=True, batch_size=n, shuffle=False:
that second fit takes exactly `steps` full-batch steps of the chosen solver from our weights.
Output: one JSON object with X, y/Y, the settings, the initial and the final weights per case.
"""
import json
import warnings

import numpy as np
from sklearn.datasets import make_classification, make_regression
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier, MLPRegressor

warnings.simplefilter("ignore", ConvergenceWarning)

X, y = make_classification(n_samples=40, n_features=5, n_informative=4, n_redundant=0, n_classes=3,
                           random_state=0)
Xr, Yr = make_regression(n_samples=30, n_features=4, n_targets=2, noise=0.1, random_state=2)
Yr = Yr / Yr.std(axis=0)
hidden = (7, 4)


def glorot(units, activation, seed):
    rs = np.random.RandomState(seed)
    W, b = [], []
    factor = 2.0 if activation == "logistic" else 6.0
    for i in range(len(units) - 1):
        bound = np.sqrt(factor / (units[i] + units[i + 1]))
        W.append(rs.uniform(-bound, bound, (units[i], units[i + 1])))
        b.append(rs.uniform(-bound, bound, units[i + 1]))
    return W, b


def run(estimator_cls, X, Y, activation, solver, steps, lr, alpha, seed):
    n_out = 3 if estimator_cls is MLPClassifier else Y.shape[1]
    W0, b0 = glorot([X.shape[1], *hidden, n_out], activation, seed)
    m = estimator_cls(hidden_layer_sizes=hidden, activation=activation, solver=solver, learning_rate_init=lr,
                      momentum=0.0, nesterovs_momentum=False, alpha=alpha, batch_size=X.shape[0], shuffle=False,
                      max_iter=1, warm_start=True, random_state=0, learning_rate="constant",
                      beta_1=0.9, beta_2=0.999, epsilon=1e-8)
    m.fit(X, Y)
    m.coefs_ = [w.copy() for w in W0]
    m.intercepts_ = [c.copy() for c in b0]
    m.max_iter = steps
    m.fit(X, Y)
    return {
        "activation": activation, "solver": solver, "steps": steps, "learning_rate": lr, "alpha": alpha,
        "W0": [w.tolist() for w in W0], "b0": [c.tolist() for c in b0],
        "W1": [w.tolist() for w in m.coefs_], "b1": [c.tolist() for c in m.intercepts_],
    }


cases = [
    run(MLPClassifier, X, y, "relu", "sgd", 1, 0.1, 1e-2, 1),
    run(MLPClassifier, X, y, "tanh", "sgd", 1, 0.1, 1e-2, 2),
    run(MLPClassifier, X, y, "logistic", "sgd", 1, 0.1, 1e-2, 3),
    run(MLPClassifier, X, y, "relu", "adam", 3, 0.01, 1e-3, 4),
]
regression = [
    run(MLPRegressor, Xr, Yr, "tanh", "sgd", 1, 0.05, 1e-2, 5),
    run(MLPRegressor, Xr, Yr, "relu", "adam", 3, 0.01, 1e-3, 6),
]
print(json.dumps({
    "generator": "scripts/reference/mlp_one_step.py (scikit-learn MLPClassifier/MLPRegressor, warm start)",
    "hidden": list(hidden),
    "X": X.tolist(), "y": y.tolist(), "cases": cases,
    "Xr": Xr.tolist(), "Yr": Yr.tolist(), "regression": regression,
}))
