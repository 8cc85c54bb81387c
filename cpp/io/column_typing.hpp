// Cell and column typing for tables read from CSV: which cells are missing, which are numbers, and
// what kind of column (numeric, boolean, categorical, text, empty) a column of cells is.
//
// Missing markers are exactly the peers' list (../shared/peers/README.md, "Data protocol" 3.):
//   '' ? NA N/A NaN nan null NULL None      (case-sensitive, compared after trimming)
//
// Numbers follow the peers' grammar ^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$ plus one extension:
// thousands separators in the strict 1,234,567 pattern ("1,412" in spotify_top2000.csv; the first group
// has no leading zero), with an optional fraction ("1,234.5") and no exponent. Parsing is locale-independent and gives bit-identical doubles
// natively and in wasm: a Clinger fast path (≤ 2^53 significand, |exponent| ≤ 22: one exact IEEE
// operation) handles almost every cell; the rest go to std::from_chars (libstdc++) or, where libc++ lacks
// it (Emscripten 3.1.6), to musl's strtod, which is locale-free and correctly rounded like from_chars.
// Overflow ("1e400") is not a number (it would be ±Inf); underflow gives ±0 like strtod. "inf", "0x1p3",
// "1_000" and "1 000" are not numbers. Deliberate difference from the peers: they read "1,412" as missing.
//
// Column types (type_column), decided on the non-missing cells, in this order:
//   Empty        every cell is missing.
//   Numeric      ≥ 90 % of the non-missing cells are numbers; the others count in n_invalid (first one's
//                text and line kept) and become NaN — the peers' rule. Values are NaN where missing.
//   Boolean      a numeric column whose values are exactly {0, 1} (both present, nothing invalid), or a
//                column whose values are one pair of true/false, yes/no, t/f, y/n in any letter case
//                (both present). values = 1 (true/yes/1) or 0, NaN where missing.
//                "Major"/"Minor" is deliberately NOT boolean: which one would be 1 is arbitrary, so it
//                stays Categorical and the encoder decides (peers: Major → 1).
//   Categorical  few distinct values: distinct ≤ max(50, 5 % of the non-missing cells), and not
//                near-unique (distinct < 90 % of the non-missing cells, so 10 distinct names in a 10-row
//                file are Text, not 10 categories).
//   Text         anything else (names, titles).
// Decimal commas: "0,125" (leading zero) and "1,5"/"12,25" (not three digits) are never thousands. A column
// with at least as many such cells as thousands-separated ones ("1,500" beside "0,25", "2,75") is taken to
// use the decimal comma: its "1,500" is then NOT read as 1500 but counted invalid, with a warning (pandas
// would read neither unless told decimal=','). We do not read decimal commas as numbers: ambiguous.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "io/table.hpp"

namespace genrelab::io {

// True for the peers' missing markers ('' ? NA N/A NaN nan null NULL None); `cell` already trimmed.
bool is_missing_marker(std::string_view cell);

// Parses one trimmed cell by the grammar above; false (out untouched) when it is not a finite number.
// allow_thousands = false refuses "1,412".
bool parse_number(std::string_view cell, double& out, bool allow_thousands = true);

// Fills `type`, `missing`, `values`, `n_invalid`, `first_invalid(_line)` from `cells`.
// line_of_row: the file line of each row (Table::line_of_row), for first_invalid_line; same length as cells.
// Returns a warning sentence when it had to make a judgement call (decimal commas), else "".
std::string type_column(Column& column, const std::vector<long>& line_of_row);

// Re-types a column as the caller requires (e.g. a model that was fitted on a numeric column, read from a
// new file where that column happens to look different): Numeric parses every cell regardless of the
// 90 % rule; Boolean accepts 0/1 and the word pairs above (anything else is invalid); Categorical/Text
// clear the values; Empty is refused. Throws genrelab::Error for ColumnType::Empty.
void force_type(Column& column, ColumnType type, const std::vector<long>& line_of_row);

}  // namespace genrelab::io
