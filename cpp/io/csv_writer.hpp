// Writing CSV text that read_csv (and pandas, Python's csv, Excel) read back to the same cells.
//
// RFC 4180 quoting: a field is put in double quotes, with its quotes doubled, when it holds the delimiter,
// a quote, a line break, leading/trailing whitespace, or starts with U+FEFF (a BOM look-alike) (read_csv trims even quoted cells, but other readers
// keep quoted whitespace). Lines end with "\n" (RFC 4180 says CRLF; every reader here accepts both, and LF
// is what Python's csv writes on request and pandas by default). A row that would print as an empty line
// (one column, empty cell) is written as "" so that it is not mistaken for a blank line — but note that
// read_csv drops rows whose cells are ALL empty, so such rows do not survive a round trip.
//
// format_number gives the shortest text that reads back to the same double (like Python's repr and
// JavaScript's Number.toString), in fixed notation for 1e-4 ≤ |x| < 1e16 and "1.5e-07"/"1e+16" outside;
// integers print without ".0"; NaN → "NaN" (a missing marker for read_csv and pandas), ±Inf → "inf"/"-inf".
// Locale-independent and identical natively and in wasm.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace genrelab::io {

// header: the column names; rows: each exactly header.size() cells (genrelab::Error otherwise, naming the row).
std::string write_csv(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                      char delimiter = ',');

// One field, quoted when needed (see above).
std::string csv_field(std::string_view cell, char delimiter = ',');

std::string format_number(double x);

}  // namespace genrelab::io
