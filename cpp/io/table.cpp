#include "io/table.hpp"

#include "core/error.hpp"

namespace genrelab::io {

const char* to_string(ColumnType t) {
    switch (t) {
        case ColumnType::Numeric: return "numeric";
        case ColumnType::Boolean: return "boolean";
        case ColumnType::Categorical: return "categorical";
        case ColumnType::Text: return "text";
        case ColumnType::Empty: return "empty";
    }
    return "unknown";
}

namespace {
[[noreturn]] void no_such_column(const Table& t, const std::string& name) {
    // A 10,000-column table would make an unreadable message: name the first 30 and count the rest.
    constexpr size_t kListed = 30;
    std::string list;
    for (size_t i = 0; i < t.columns.size() && i < kListed; ++i) {
        if (i) list += ", ";
        list += t.columns[i].name;
    }
    if (t.columns.size() > kListed) list += " and " + with_thousands(static_cast<long long>(t.columns.size() - kListed)) + " more";
    throw Error("no column '" + name + "'; columns are: " + (list.empty() ? std::string("(none)") : list));
}
}  // namespace

const Column& Table::column(const std::string& name) const {
    for (const auto& c : columns)
        if (c.name == name) return c;
    no_such_column(*this, name);
}

Column& Table::column(const std::string& name) {
    for (auto& c : columns)
        if (c.name == name) return c;
    no_such_column(*this, name);
}

bool Table::has_column(const std::string& name) const {
    for (const auto& c : columns)
        if (c.name == name) return true;
    return false;
}

std::vector<std::string> Table::column_names() const {
    std::vector<std::string> names;
    names.reserve(columns.size());
    for (const auto& c : columns) names.push_back(c.name);
    return names;
}

}  // namespace genrelab::io
