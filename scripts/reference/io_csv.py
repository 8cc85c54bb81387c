#!/usr/bin/python3
"""Reference for tests/cpp/io: a seeded, deliberately awkward CSV text and what pandas reads from it.

Builds (numpy RandomState(7)) a CSV with quoted delimiters, doubled quotes, line breaks inside quotes,
mixed LF/CRLF line ends, a BOM, surrounding spaces, non-ASCII names, missing markers, short rows, blank
lines and all-empty rows, and numbers in many spellings (leading '+', exponents, 17-digit float noise,
'.5', '5.', thousands separators in quoted cells). Then:
  cells   — pandas.read_csv(dtype=str, keep_default_na=False) (the C parser), each cell stripped like the
            peers' protocol, all-empty rows dropped, short rows padded with "" (pandas pads with NaN);
  values  — for the column 'x', Python's float() (correctly rounded) of every cell that matches the peers'
            number grammar or the 1,234,567 thousands pattern (commas removed), null for missing markers,
            "invalid" for the rest.
  reprs   — [x, repr(x)] for random doubles (repr's trailing ".0" removed), for format_number.
Prints one JSON object: {"csv": text, "header": [...], "cells": [[...]...], "x_values": [...], "reprs": [...]}.
Run: /usr/bin/python3 scripts/reference/io_csv.py > tests/data/reference/io_csv.json
"""
import io
import json
import re

import numpy as np
import pandas as pd

MISSING = ["", "?", "NA", "N/A", "NaN", "nan", "null", "NULL", "None"]
NUM_RE = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
THOUSANDS_RE = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")

rng = np.random.RandomState(7)
WORDS = ["alpha", "Beta", "gamma, delta", 'say "hi"', "Röyksopp", "日本語", "line\nbreak", "crlf\r\nbreak",
         "  padded  ", "tab\tinside", "semi;colon", "émoji 🎵", "Major", "C#", "4-Apr", "x,y,z", '""', "plain"]


def quote(cell):
    if any(c in cell for c in ',"\r\n') or cell != cell.strip():
        return '"' + cell.replace('"', '""') + '"'
    return cell


def number_text():
    k = rng.randint(0, 12)
    x = rng.standard_normal() * 10.0 ** rng.randint(-8, 9)
    if k == 0:
        return repr(x)                       # shortest round-trip, may be 17 digits
    if k == 1:
        return "%.17g" % x
    if k == 2:
        return "%.3e" % x
    if k == 3:
        return "+%g" % abs(x)
    if k == 4:
        return str(rng.randint(-10**6, 10**6))
    if k == 5:
        return "%d,%03d" % (rng.randint(1, 999), rng.randint(0, 1000))        # thousands (quoted below)
    if k == 6:
        return "%d,%03d,%03d.%d" % (rng.randint(1, 99), rng.randint(0, 1000), rng.randint(0, 1000), rng.randint(0, 99))
    if k == 7:
        return ".%d" % rng.randint(0, 10**6)
    if k == 8:
        return "%d." % rng.randint(0, 10**4)
    if k == 9:
        return "%.20fE-%d" % (abs(x), rng.randint(0, 320))                    # long mantissa, big exponent
    if k == 10:
        return MISSING[rng.randint(0, len(MISSING))]
    return ["abc", "1.2.3", "1e", "--1", "0x10", "inf", "1,23", "1 000"][rng.randint(0, 8)]


header = ["id", "name", "x", "cat", "flag", "note"]
rows = []
for i in range(240):
    rows.append([str(i + 1),
                 WORDS[rng.randint(0, len(WORDS))] + ("" if rng.rand() < 0.5 else " %d" % i),
                 number_text(),
                 ["red", "green", "blue", "NA"][rng.randint(0, 4)],
                 ["yes", "no"][rng.randint(0, 2)],
                 "" if rng.rand() < 0.8 else WORDS[rng.randint(0, len(WORDS))]])

parts = ["\ufeff" + ",".join(header) + "\n"]
for i, r in enumerate(rows):
    end = "\r\n" if rng.rand() < 0.5 else "\n"
    if i % 50 == 17:
        parts.append("\n")                                   # a blank line
    if i % 60 == 33:
        parts.append(",,,,," + end)                          # an all-empty row
    cells = [quote(c) for c in r]
    if i % 70 == 41:
        cells = cells[:3]                                    # a short row: padded with missing cells
    parts.append(",".join(cells) + end)
text = "".join(parts)

df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skip_blank_lines=True, engine="c")
assert list(df.columns) == header, df.columns
cells = []
for r in df.itertuples(index=False):
    row = ["" if (c is None or (isinstance(c, float) and np.isnan(c))) else str(c).strip() for c in r]
    if all(c == "" for c in row):
        continue
    cells.append(row)
# pandas pads short rows with NaN even under keep_default_na=False (they became "" above).

x_values = []
for row in cells:
    c = row[2]
    if c in MISSING:
        x_values.append(None)
    elif NUM_RE.match(c):
        v = float(c)
        x_values.append(v if np.isfinite(v) else "invalid")
    elif THOUSANDS_RE.match(c):
        x_values.append(float(c.replace(",", "")))
    else:
        x_values.append("invalid")

# repr() (David Gay's shortest round-trip) of random doubles, for format_number: random bit patterns
# (every exponent), powers of two (where the rounding interval is lopsided) and "human" decimals.
bits = rng.randint(0, 2**32, size=(1500, 2)).astype(np.uint64)
doubles = [float(v) for v in ((bits[:, 0] << np.uint64(32)) | bits[:, 1]).view(np.float64) if np.isfinite(v)]
doubles += [2.0 ** k for k in range(-1074, 1024, 7)]
doubles += [round(rng.standard_normal() * 10.0 ** rng.randint(-6, 12), rng.randint(0, 8)) for _ in range(500)]
reprs = [[x, repr(x)[:-2] if repr(x).endswith(".0") else repr(x)] for x in doubles]

print(json.dumps({"csv": text, "header": header, "cells": cells, "x_values": x_values, "reprs": reprs},
                 ensure_ascii=False))
