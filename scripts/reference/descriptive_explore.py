#!/usr/bin/python3
"""Reference for tests/cpp/bindings/api_explore_test.cpp: what api::explore must return for a small seeded
songs CSV (written here, cells as Python's repr so both sides read the same doubles): class counts, per-genre
box-plot numbers (numpy 1.24 percentile 'linear', matplotlib 3.6 cbook.boxplot_stats whis=1.5), numpy
histograms (bins='auto'), pandas 1.5 DataFrame.corr pearson/spearman (pairwise complete) and groupby means.
The CSV has what real files have: '?' and empty cells, note-name keys (C, C#, … → pitch class 0–11), a
Major/Minor mode (→ 1/0), an id column and a free-text column (both left out), a row without a genre
(left out of the by-genre numbers) and genre names whose code-point order differs from a case-blind one.
Prints one JSON object; null stands for NaN."""
import json

import numpy as np
import pandas as pd
from matplotlib import cbook

rng = np.random.RandomState(31)
genres = ["rock", "Blues", "Música", "Jazz"]
notes = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"]
rows = []
for g, genre in enumerate(genres):
    for i in range(30 + 7 * g):
        rows.append({
            "track_id": 1000 + len(rows),
            "artist": f"Artist {len(rows)} {rng.randint(0, 10**6)}",
            "tempo": float(rng.normal(90 + 15 * g, 12 + g)),
            "energy": float(np.clip(rng.normal(0.3 + 0.15 * g, 0.12), 0, 1)),
            "loudness": float(-rng.exponential(3 + g) - 4),
            "duration_ms": float(rng.randint(120000, 420000)),
            "key": int(rng.randint(0, 12)),
            "mode": int(rng.uniform() < 0.6),
            "genre": genre,
        })
df = pd.DataFrame(rows)
# gaps: '?' in tempo, empty energy cells, one row without a genre
tempo_gap = rng.uniform(size=len(df)) < 0.08
energy_gap = rng.uniform(size=len(df)) < 0.05
df.loc[tempo_gap, "tempo"] = np.nan
df.loc[energy_gap, "energy"] = np.nan
df.loc[5, "genre"] = None

lines = ["track_id,artist,tempo,energy,loudness,duration_ms,key,mode,genre"]
for r in df.itertuples(index=False):
    lines.append(",".join([
        str(r.track_id), r.artist,
        "?" if np.isnan(r.tempo) else repr(r.tempo),
        "" if np.isnan(r.energy) else repr(r.energy),
        repr(r.loudness), str(int(r.duration_ms)), notes[r.key], "Major" if r.mode == 1 else "Minor",
        "" if r.genre is None else r.genre,
    ]))
csv = "\n".join(lines) + "\n"

columns = ["tempo", "energy", "loudness", "duration_ms", "key", "mode"]
X = df[columns].astype(float)
labelled = df["genre"].notna()
classes = sorted(df.loc[labelled, "genre"].unique())


def nn(v):
    return None if v is None or (isinstance(v, float) and np.isnan(v)) else float(v)


def box(v):
    v = np.asarray(v, dtype=float)
    v = v[~np.isnan(v)]
    s = cbook.boxplot_stats(v, whis=1.5)[0]
    return {"n": int(v.size), "min": float(v.min()), "q1": float(s["q1"]), "median": float(s["med"]), "q3": float(s["q3"]),
            "max": float(v.max()), "mean": float(v.mean()), "whisker_low": float(s["whislo"]),
            "whisker_high": float(s["whishi"]), "outliers": int(len(s["fliers"]))}


boxes, hists = [], []
for c in columns:
    col = X[c].to_numpy()
    counts, edges = np.histogram(col[~np.isnan(col)], bins="auto")
    hists.append({"column": c, "edges": edges.tolist(), "counts": counts.tolist(), "missing": int(np.isnan(col).sum())})
    boxes.append({"column": c, "all": box(col),
                  "by_class": [box(X.loc[labelled & (df["genre"] == k), c]) for k in classes]})

means = X[labelled].groupby(df.loc[labelled, "genre"]).mean().loc[classes]
print(json.dumps({
    "generator": "scripts/reference/descriptive_explore.py (numpy " + np.__version__ + ", pandas " + pd.__version__ +
                 ", matplotlib cbook.boxplot_stats)",
    "csv": csv,
    "label": "genre",
    "columns": columns,
    "classes": classes,
    "class_counts": [int((df["genre"] == k).sum()) for k in classes],
    "label_missing": int((~labelled).sum()),
    "histograms": hists,
    "boxes_by_class": boxes,
    "pearson": [[nn(v) for v in r] for r in X.corr(method="pearson").to_numpy()],
    "spearman": [[nn(v) for v in r] for r in X.corr(method="spearman").to_numpy()],
    "means": [[nn(v) for v in r] for r in means.to_numpy()],
    "overall_mean": [nn(v) for v in X.mean()],
    "overall_std": [nn(v) for v in X.std(ddof=1)],
}))
