#!/usr/bin/python3
"""Reference values for cpp/preprocess/quantile_transformer: scikit-learn 1.2 QuantileTransformer on a
seeded 300×4 matrix (a skewed column, a heavy-tailed one, an integer column with many ties that exercises
the ascending/descending interpolation average, and one with NaN), fitted on `train`, applied to `train`
and to `test` (which goes beyond the training range), plus inverse_transform of the training output.
n < subsample, so no subsampling happens (ours draws subsamples with its own RNG). Also prints
scipy.special.ndtri at a few probabilities to check our normal quantile function. NaN is written null."""
import json
import math

import numpy as np
from scipy.special import ndtri
from sklearn.preprocessing import QuantileTransformer

rng = np.random.RandomState(3)


def make(n, scale=1.0):
    x = np.empty((n, 4))
    x[:, 0] = rng.lognormal(0.0, 1.0, n) * scale          # skewed, like duration or speechiness
    x[:, 1] = rng.standard_t(2, n) * 10                   # heavy tails
    x[:, 2] = rng.randint(0, 6, n)                        # ties: 6 distinct values
    x[:, 3] = rng.uniform(-1, 1, n)
    x[rng.rand(n) < 0.1, 3] = np.nan
    return x


train = make(300)
test = make(40, scale=3.0)
test[0] = [-5.0, -1e3, -1.0, -2.0]                        # below every training value
test[1] = [1e3, 1e3, 9.0, 2.0]                            # above
test[2] = train[5]                                        # exactly training values


def nn(a):
    return [[None if math.isnan(v) else v for v in row] for row in np.asarray(a).tolist()]


cases = []
for name, kw in [("uniform_50", dict(n_quantiles=50, output_distribution="uniform")),
                 ("uniform_default", dict(output_distribution="uniform")),
                 ("normal_100", dict(n_quantiles=100, output_distribution="normal")),
                 ("normal_default", dict(output_distribution="normal"))]:
    qt = QuantileTransformer(random_state=0, **kw).fit(train)
    out_train = qt.transform(train)
    case = {"name": name,
            "params": {"n_quantiles": kw.get("n_quantiles", 1000), "output_distribution": kw["output_distribution"]},
            "n_quantiles_": int(qt.n_quantiles_),
            "train_out": nn(out_train), "test_out": nn(qt.transform(test))}
    if "n_quantiles" in kw:   # keeps the file small: the learned quantiles and the inverse for two cases
        case.update({"quantiles": nn(qt.quantiles_), "references": qt.references_.tolist(),
                     "train_inverse": nn(qt.inverse_transform(out_train))})
    cases.append(case)

p = [1e-300, 1e-20, 1e-7 - np.spacing(1), 1e-3, 0.02425, 0.1, 0.3, 0.5, 0.6, 0.925, 0.97575, 0.999, 1 - 1e-7, 1 - 1e-12]
print(json.dumps({"generator": "scikit-learn QuantileTransformer (sklearn 1.2.1), scripts/reference/quantile_transformer.py",
                  "train": nn(train), "test": nn(test), "cases": cases,
                  "ppf_p": p, "ppf": [float(v) for v in ndtri(p)]}))
