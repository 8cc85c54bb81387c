"""Reference for tests/cpp/classify/baseline_test.cpp: scikit-learn DummyClassifier with
strategy="prior" (class_prior_, predict_proba, predict) and strategy="uniform" (predict_proba)
on skewed seeded labels.
"""
import json

import numpy as np
from sklearn.dummy import DummyClassifier

rs = np.random.RandomState(0)
X = rs.normal(size=(50, 3))
y = rs.choice(4, size=50, p=[0.1, 0.5, 0.3, 0.1])
prior = DummyClassifier(strategy="prior").fit(X, y)
uniform = DummyClassifier(strategy="uniform", random_state=0).fit(X, y)
print(json.dumps({
    "generator": "scripts/reference/baseline.py (scikit-learn DummyClassifier)",
    "X": X.tolist(), "y": y.tolist(), "n_classes": 4,
    "class_prior": prior.class_prior_.tolist(),
    "prior_proba_first_rows": prior.predict_proba(X[:5]).tolist(),
    "prior_predict_first_rows": prior.predict(X[:5]).tolist(),
    "uniform_proba_first_rows": uniform.predict_proba(X[:5]).tolist(),
}))
