#include "preprocess/encode_common.hpp"

#include <algorithm>
#include <map>

#include "core/error.hpp"

namespace genrelab::preprocess {

std::string CategoricalColumn::where(size_t r) const {
    if (r < lines.size()) return "line " + std::to_string(lines[r]);
    return "row " + std::to_string(r);
}

CategoricalColumn categorical_column(const io::Column& col, const std::vector<long>& line_of_row) {
    CategoricalColumn c;
    c.name = col.name;
    c.cells = col.cells;
    c.missing = col.missing;
    if (line_of_row.size() == col.cells.size()) c.lines = line_of_row;
    return c;
}

CategoricalColumn categorical_column(const io::Column& col, const std::vector<long>& line_of_row,
                                     const std::vector<size_t>& rows) {
    CategoricalColumn c;
    c.name = col.name;
    c.cells.reserve(rows.size());
    const bool has_missing = col.missing.size() == col.cells.size();
    const bool has_lines = line_of_row.size() == col.cells.size();
    for (size_t r : rows) {
        if (r >= col.cells.size())
            throw Error("row " + std::to_string(r) + " is out of range for column '" + col.name + "' (" +
                        with_thousands(static_cast<long long>(col.cells.size())) + " rows)");
        c.cells.push_back(col.cells[r]);
        if (has_missing) c.missing.push_back(col.missing[r]);
        if (has_lines) c.lines.push_back(line_of_row[r]);
    }
    return c;
}

namespace detail {

void check_column(const CategoricalColumn& c, const std::string& what) {
    if (!c.missing.empty() && c.missing.size() != c.cells.size())
        throw Error(what + ": column '" + c.name + "' has " + std::to_string(c.cells.size()) + " cells but " +
                    std::to_string(c.missing.size()) + " missing flags");
    if (!c.lines.empty() && c.lines.size() != c.cells.size())
        throw Error(what + ": column '" + c.name + "' has " + std::to_string(c.cells.size()) + " cells but " +
                    std::to_string(c.lines.size()) + " line numbers");
}

size_t check_columns(const std::vector<CategoricalColumn>& X, const std::string& what) {
    if (X.empty()) throw Error(what + ": no columns to encode");
    const size_t n = X[0].size();
    for (const auto& c : X) {
        check_column(c, what);
        if (c.size() != n)
            throw Error(what + ": column '" + c.name + "' has " + with_thousands(static_cast<long long>(c.size())) +
                        " rows but column '" + X[0].name + "' has " + with_thousands(static_cast<long long>(n)));
    }
    return n;
}

void distinct_sorted(const CategoricalColumn& c, std::vector<std::string>& values, std::vector<long long>& counts) {
    // std::map orders std::string byte-wise (char_traits<char> compares as unsigned char), i.e. by code point.
    std::map<std::string, long long> seen;
    for (size_t r = 0; r < c.size(); ++r)
        if (!c.is_missing(r)) ++seen[c.cells[r]];
    values.clear();
    counts.clear();
    values.reserve(seen.size());
    counts.reserve(seen.size());
    for (auto& [v, k] : seen) {
        values.push_back(v);
        counts.push_back(k);
    }
}

long find_sorted(const std::vector<std::string>& categories, const std::string& value) {
    const auto it = std::lower_bound(categories.begin(), categories.end(), value);
    if (it == categories.end() || *it != value) return -1;
    return static_cast<long>(it - categories.begin());
}

void check_sorted_unique(const std::vector<std::string>& categories, const std::string& what) {
    for (size_t i = 1; i < categories.size(); ++i)
        if (!(categories[i - 1] < categories[i]))
            throw Error("model file: the categories of " + what + " must be distinct and sorted by code point ('" +
                        categories[i - 1] + "' comes before '" + categories[i] + "')");
    for (const auto& c : categories)
        if (c.empty()) throw Error("model file: " + what + " has an empty category (empty cells are missing values)");
}

std::string list_for_message(const std::vector<std::string>& values, size_t max_shown) {
    std::string out;
    for (size_t i = 0; i < values.size() && i < max_shown; ++i) {
        if (i) out += ", ";
        out += values[i];
    }
    if (values.size() > max_shown) out += ", … (" + with_thousands(static_cast<long long>(values.size())) + " in all)";
    if (values.empty()) out = "(none)";
    return out;
}

}  // namespace detail
}  // namespace genrelab::preprocess
