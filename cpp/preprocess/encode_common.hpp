// What every string encoder (encode_ordinal, encode_onehot, encode_label, encode_fixed) takes: one
// column of cell texts with its missing flags, and the shared `HandleUnknown` setting.
//
// A `CategoricalColumn` is a copy of (part of) an io::Column: `cells[r]` is the trimmed text of row r,
// `missing[r]` says the reader (or a cleaning rule) marked it missing. An empty text always counts as
// missing, so `missing` may be left empty. `lines[r]`, when given, is the file line of row r and is only
// used to make error messages point at the file ("'H' on line 17"); otherwise messages say "row 17".
//
// Categories are ordered by code point (byte-wise comparison of UTF-8 text, which std::string's
// operator< does on every standard library), which is the order Python's sorted() and scikit-learn's
// np.unique give for str, and the order the peers' data protocol uses for class names.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "io/table.hpp"

namespace genrelab::preprocess {

struct CategoricalColumn {
    std::string name;
    std::vector<std::string> cells;   // n texts
    std::vector<bool> missing;        // n flags, or empty (then only "" is missing)
    std::vector<long> lines;          // n file lines, or empty (messages then give 0-based row numbers)

    size_t size() const { return cells.size(); }
    bool is_missing(size_t r) const { return cells[r].empty() || (!missing.empty() && missing[r]); }
    // "line 17" when lines are known, else "row 16".
    std::string where(size_t r) const;
};

// The column `col` of a table, all rows or only `rows` (e.g. the training rows), with the table's file lines.
CategoricalColumn categorical_column(const io::Column& col, const std::vector<long>& line_of_row);
CategoricalColumn categorical_column(const io::Column& col, const std::vector<long>& line_of_row,
                                     const std::vector<size_t>& rows);

// What to do with a value the encoder did not see in training.
//   Error             — throw, naming the column, the value and its line (scikit-learn's default).
//   Ignore            — one-hot: an all-zero block; ordinal: NaN (scikit-learn's OrdinalEncoder needs
//                       use_encoded_value + unknown_value=np.nan for that).
//   UseEncodedValue   — ordinal only: the model's `unknown_value`.
//   InfrequentIfExist — one-hot only: the column's "infrequent" output when min_frequency/max_categories
//                       created one, else all zeros (scikit-learn ≥ 1.1).
enum class HandleUnknown { Error, Ignore, UseEncodedValue, InfrequentIfExist };
NLOHMANN_JSON_SERIALIZE_ENUM(HandleUnknown, {{HandleUnknown::Error, "error"},
                                             {HandleUnknown::Ignore, "ignore"},
                                             {HandleUnknown::UseEncodedValue, "use_encoded_value"},
                                             {HandleUnknown::InfrequentIfExist, "infrequent_if_exist"}})

namespace detail {
// Checks that every column has the same number of rows and consistent flag/line vectors; `what` names
// the caller for messages ("one-hot encoder").
size_t check_columns(const std::vector<CategoricalColumn>& X, const std::string& what);
void check_column(const CategoricalColumn& c, const std::string& what);
// Sorted distinct non-missing values with their counts.
void distinct_sorted(const CategoricalColumn& c, std::vector<std::string>& values, std::vector<long long>& counts);
// Index of `value` in the sorted `categories`, or -1.
long find_sorted(const std::vector<std::string>& categories, const std::string& value);
// Throws when `categories` is not strictly increasing (model files come from strangers).
void check_sorted_unique(const std::vector<std::string>& categories, const std::string& what);
// "A, B, C, … (12 in all)" for messages.
std::string list_for_message(const std::vector<std::string>& values, size_t max_shown = 12);
}  // namespace detail

}  // namespace genrelab::preprocess
