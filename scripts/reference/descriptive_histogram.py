#!/usr/bin/python3
"""Reference for tests/cpp/metrics/descriptive_test.cpp (histograms and box plots): numpy 1.24's
np.histogram with bins='auto' and with a fixed count, np.percentile (linear) and matplotlib 3.6's
cbook.boxplot_stats(whis=1.5) on seeded columns chosen for their edge cases: heavy ties, a heavy tail,
values exactly on bin edges, a constant column, one value, NaN gaps (dropped before numpy sees them).
Prints one JSON object."""
import json

import numpy as np
from matplotlib import cbook

rng = np.random.RandomState(2024)
cases = {
    "normal_500": rng.normal(120, 25, size=500),
    "exponential_2000": rng.exponential(240000, size=2000),
    "small_ints_ties": rng.randint(0, 12, size=300).astype(float),
    "uniform_01_with_nan": np.where(rng.uniform(size=400) < 0.1, np.nan, rng.uniform(size=400)),
    "on_edges": np.array([0.0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0] * 3),
    "constant": np.full(50, 0.25),
    "one_value": np.array([-3.5]),
    "three_values": np.array([1.0, 10.0, 100.0]),
    "loudness_like": -np.abs(rng.standard_t(3, size=1500)) * 4 - 5,
    "binary": (rng.uniform(size=200) < 0.3).astype(float),
}

out = []
for name, x in cases.items():
    v = x[~np.isnan(x)]
    auto_counts, auto_edges = np.histogram(v, bins="auto")
    fixed_counts, fixed_edges = np.histogram(v, bins=7)
    stats = cbook.boxplot_stats(v, whis=1.5)[0]
    q = np.percentile(v, [0, 10, 25, 50, 75, 90, 100])
    out.append({
        "name": name,
        "values": [None if np.isnan(t) else float(t) for t in x],
        "auto": {"edges": auto_edges.tolist(), "counts": auto_counts.tolist()},
        "fixed7": {"edges": fixed_edges.tolist(), "counts": fixed_counts.tolist()},
        "percentiles": {"q": [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0], "values": q.tolist()},
        "box": {
            "n": int(v.size), "mean": float(stats["mean"]), "q1": float(stats["q1"]), "median": float(stats["med"]),
            "q3": float(stats["q3"]), "whisker_low": float(stats["whislo"]), "whisker_high": float(stats["whishi"]),
            "outliers": int(len(stats["fliers"])), "min": float(v.min()), "max": float(v.max()),
        },
    })

print(json.dumps({"generator": "scripts/reference/descriptive_histogram.py (numpy " + np.__version__ +
                  " histogram/percentile, matplotlib cbook.boxplot_stats)", "cases": out}))
