#!/usr/bin/python3
"""Reference values for cpp/preprocess/regression_imputer.

1. r2_score: sklearn.metrics.r2_score on seeded (y_true, y_pred) pairs, including a constant y_true.
2. An imputation problem: 5 features, column 2 ("tempo") = a smooth non-linear function of columns 0, 1, 3
   plus noise; 15 % of its cells (and 5 % of the other cells) missing. scikit-learn's
   IterativeImputer(estimator=MLPRegressor(hidden_layer_sizes=(32,)), max_iter=1) is the closest
   counterpart; since the networks draw different random numbers, the test compares quality, not bits:
   the R² on held-out rows (the rows with a known tempo, last 20 %) of sklearn's MLPRegressor trained on
   the first 80 % with median-imputed, standardised predictors, and of a LinearRegression on the same.
Run: /usr/bin/python3 scripts/reference/regression_imputer.py > tests/data/reference/regression_imputer.json
"""
import json

import numpy as np
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LinearRegression
from sklearn.metrics import r2_score
from sklearn.neural_network import MLPRegressor
from sklearn.preprocessing import StandardScaler

rng = np.random.RandomState(11)

pairs = []
for n in (5, 40):
    y = rng.normal(3, 2, n)
    p = y + rng.normal(0, 0.7, n)
    pairs.append({"y": y.tolist(), "y_pred": p.tolist(), "r2": r2_score(y, p)})
pairs.append({"y": [2.0, 2.0, 2.0], "y_pred": [2.0, 2.0, 2.0], "r2": r2_score([2.0, 2.0, 2.0], [2.0, 2.0, 2.0])})
pairs.append({"y": [2.0, 2.0, 2.0], "y_pred": [2.0, 2.5, 2.0], "r2": r2_score([2.0, 2.0, 2.0], [2.0, 2.5, 2.0])})
pairs.append({"y": [1.0, 2.0, 3.0], "y_pred": [3.0, 2.0, 1.0], "r2": r2_score([1.0, 2.0, 3.0], [3.0, 2.0, 1.0])})

n = 600
X = rng.normal(0, 1, (n, 5))
X[:, 2] = 120 + 15 * np.tanh(X[:, 0]) + 10 * X[:, 1] * X[:, 3] + 8 * X[:, 1] + rng.normal(0, 2, n)
X[:, 4] = X[:, 4] * 0.5 + 3
mask = rng.rand(n, 5) < 0.05
mask[:, 2] = rng.rand(n) < 0.15
Xm = X.copy()
Xm[mask] = np.nan

known = np.where(~np.isnan(Xm[:, 2]))[0]
cut = int(0.8 * len(known))
fit_rows, val_rows = known[:cut], known[cut:]
others = [0, 1, 3, 4]
imp = SimpleImputer(strategy="median").fit(Xm[np.ix_(fit_rows, others)])
sc = StandardScaler().fit(imp.transform(Xm[np.ix_(fit_rows, others)]))
P = lambda rows: sc.transform(imp.transform(Xm[np.ix_(rows, others)]))
ysc = StandardScaler().fit(Xm[fit_rows, 2:3])
mlp = MLPRegressor(hidden_layer_sizes=(32,), max_iter=300, random_state=0).fit(P(fit_rows), ysc.transform(Xm[fit_rows, 2:3]).ravel())
mlp_pred = ysc.inverse_transform(mlp.predict(P(val_rows)).reshape(-1, 1)).ravel()
lin = LinearRegression().fit(P(fit_rows), Xm[fit_rows, 2])

print(json.dumps({
    "r2_pairs": pairs,
    "X": [[None if np.isnan(v) else float(v) for v in row] for row in Xm],
    "X_true": X.tolist(),
    "target": 2,
    "sklearn_mlp_validation_r2": r2_score(Xm[val_rows, 2], mlp_pred),
    "sklearn_linear_validation_r2": r2_score(Xm[val_rows, 2], lin.predict(P(val_rows))),
    "sklearn_mlp_missing_r2": r2_score(X[mask[:, 2], 2], ysc.inverse_transform(mlp.predict(P(np.where(mask[:, 2])[0])).reshape(-1, 1)).ravel()),
}))
