#!/usr/bin/python3
"""Reference values for the Platt sigmoid fit in tests/cpp/classify/svm_test.cpp: scikit-learn 1.2's
sklearn.calibration._sigmoid_calibration (Platt's objective with his smoothed targets, minimized by scipy's
BFGS — an independent solver of the problem libsvm's sigmoid_train solves by Newton's method) on seeded
decision values. Prints one JSON object.
Run: /usr/bin/python3 scripts/reference/svm_platt.py > tests/data/reference/svm_platt.json"""
import json
import numpy as np
import sklearn
from sklearn.calibration import _sigmoid_calibration

rs = np.random.RandomState(7)
cases = []
for n, shift, scale, pos_frac in [(200, 1.0, 1.0, 0.5), (150, 0.4, 2.5, 0.3), (300, 2.0, 0.7, 0.6), (40, -0.5, 1.0, 0.5)]:
    y = (rs.rand(n) < pos_frac).astype(int)
    f = rs.randn(n) * scale + np.where(y == 1, shift, -shift)
    a, b = _sigmoid_calibration(f, y)
    cases.append({"decision_values": np.round(f, 12).tolist(), "y": y.tolist(), "a": float(a), "b": float(b)})
print(json.dumps({"generator": "scripts/reference/svm_platt.py", "sklearn": sklearn.__version__, "cases": cases}))
