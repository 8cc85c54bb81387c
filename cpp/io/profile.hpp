// A schema profile of a Table: per column its type, missing/distinct/invalid counts, numeric summary and a
// few example values, plus a suggestion for columns that should not be features. It is what the page
// shows after loading a file and what suggest_recipe reads to leave id/name/date columns out.
//
// Suggestions, in priority order (the first that applies; "" when none):
//   "drop: empty (every value is missing)"
//   "drop: constant (every value is 'x')"                            one distinct non-missing value
//   "drop: looks like an id (all values distinct)"                    numeric, all distinct, and either named
//                                                                     like an id (a word id/idx/index/uuid/guid:
//                                                                     instance_id, trackId, Index; or pandas'
//                                                                     "Unnamed: 0") or, from 100 rows on,
//                                                                     consecutive integers (a row counter)
//   "drop: looks like a date (e.g. '4-Apr')"                          ≥ 90 % of the values are dates: 2019-01-02,
//                                                                     02/01/2019, 2.1.2019, 4-Apr, Apr-4, 4 Apr 2019…
//   "drop: looks like an id or a name (97 % of values distinct)"      text, ≥ 90 % distinct
//   "drop: free text (6,863 distinct values)"                         other text columns (cannot be encoded)
// Statistics: min/max/mean/stddev over the non-NaN `values` of Numeric and Boolean columns (NaN, written
// as null in JSON, for other types); stddev is the sample standard deviation (n − 1, like pandas'
// describe(); NaN below 2 values). `distinct` counts distinct non-missing cell texts, except for Numeric
// and Boolean columns where it counts distinct values ("1" and "1.0" are one). `examples` are the first
// five distinct non-missing cell texts in file order.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "io/table.hpp"

namespace genrelab::io {

struct ColumnProfile {
    std::string name;
    ColumnType type = ColumnType::Empty;
    size_t missing = 0, distinct = 0, invalid = 0;
    double min = 0, max = 0, mean = 0, stddev = 0;  // NaN when not applicable
    std::vector<std::string> examples;               // up to 5 distinct values
    std::string suggestion;                          // "drop: …" or ""
    std::string first_invalid;                       // Numeric: first non-number cell and its line (0: none)
    long first_invalid_line = 0;
};

ColumnProfile profile_column(const Column& column);
std::vector<ColumnProfile> profile(const Table& table);

// {"name","type","missing","distinct","invalid","min","max","mean","stddev","examples","suggestion",
//  "first_invalid","first_invalid_line"}; NaN statistics become null.
void to_json(nlohmann::json& j, const ColumnProfile& p);

// True when a cell looks like a date (the patterns listed above); exposed for the tests and the recipe guesser.
bool looks_like_date(std::string_view cell);

}  // namespace genrelab::io
