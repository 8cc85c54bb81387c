// A CSV file as read: named columns of equal length, each typed, with its raw cell text kept so that
// categorical and text columns (artist, key "C#", mode "Major") can be encoded later and error messages
// can quote the offending value. Rows are numbered 0.. in file order after all-empty rows are dropped;
// `line_of_row[r]` is the 1-based file line where row r starts (for messages).
#pragma once
#include <cstddef>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace genrelab::io {

enum class ColumnType { Numeric, Boolean, Categorical, Text, Empty };
// "numeric", "boolean", "categorical", "text", "empty" — the same words the JSON uses.
const char* to_string(ColumnType);
NLOHMANN_JSON_SERIALIZE_ENUM(ColumnType, {{ColumnType::Numeric, "numeric"},
                                          {ColumnType::Boolean, "boolean"},
                                          {ColumnType::Categorical, "categorical"},
                                          {ColumnType::Text, "text"},
                                          {ColumnType::Empty, "empty"}})

struct Column {
    std::string name;
    ColumnType type = ColumnType::Empty;
    std::vector<std::string> cells;   // trimmed raw text, one per row; "" where the file had nothing
    std::vector<double> values;       // Numeric/Boolean: the parsed value, NaN where missing or not a number;
                                      // empty for other types
    std::vector<bool> missing;        // true where the cell is a missing marker ('', ?, NA, NaN, …)
    size_t n_invalid = 0;             // Numeric: non-missing cells that are not numbers (became NaN)
    std::string first_invalid;        // Numeric: the first such cell's text …
    long first_invalid_line = 0;      // … and its file line
};

struct Table {
    std::vector<Column> columns;
    std::vector<long> line_of_row;
    char delimiter = ',';
    std::vector<std::string> warnings;   // what the reader repaired or guessed (renamed headers, padded rows, …)
    size_t n_rows() const { return line_of_row.size(); }
    // Throws genrelab::Error naming the available columns when `name` is absent.
    const Column& column(const std::string& name) const;
    Column& column(const std::string& name);
    bool has_column(const std::string& name) const;
    std::vector<std::string> column_names() const;
};

}  // namespace genrelab::io
