#include "preprocess/clean.hpp"

#include <algorithm>
#include <cctype>
#include <limits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <unordered_set>

#include "core/error.hpp"
#include "io/profile.hpp"

namespace genrelab::preprocess {

namespace {

constexpr size_t kExamples = 5;

std::string count(long long n) { return with_thousands(n); }

std::string percent(double part, double whole) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f %%", whole > 0 ? 100.0 * part / whole : 0.0);
    return buf;
}

long line_of(const io::Table& t, size_t r) {
    return r < t.line_of_row.size() ? t.line_of_row[r] : static_cast<long>(r);
}

bool cell_missing(const io::Column& c, size_t r) {
    return c.cells[r].empty() || (r < c.missing.size() && c.missing[r]);
}

// The number in a cell: the parsed value of a numeric/boolean column, else the text read as a plain
// number ("-1.0", "30000"); nullopt when missing or not a number.
std::optional<double> cell_number(const io::Column& c, size_t r) {
    if (cell_missing(c, r)) return std::nullopt;
    if (c.values.size() == c.cells.size()) {
        const double v = c.values[r];
        if (std::isnan(v)) return std::nullopt;
        return v;
    }
    const std::string& s = c.cells[r];
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (end != s.c_str() + s.size() || !std::isfinite(v)) return std::nullopt;
    // strtod also reads "inf", "nan" and hex floats; only decimal numbers count.
    for (char ch : s)
        if (!((ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == '+' || ch == 'e' || ch == 'E')) return std::nullopt;
    return v;
}

void ensure_missing_flags(io::Column& c) {
    if (c.missing.size() == c.cells.size()) return;
    c.missing.assign(c.cells.size(), false);
    for (size_t r = 0; r < c.cells.size(); ++r) c.missing[r] = c.cells[r].empty();
}

long long count_missing(const io::Column& c) {
    long long k = 0;
    for (size_t r = 0; r < c.cells.size(); ++r) k += cell_missing(c, r) ? 1 : 0;
    return k;
}

// Keeps n_invalid/first_invalid of a numeric column true after cells became missing or rows went away.
void refresh_invalid(io::Column& c, const io::Table& t) {
    if (c.type != io::ColumnType::Numeric || c.values.size() != c.cells.size()) return;
    c.n_invalid = 0;
    c.first_invalid.clear();
    c.first_invalid_line = 0;
    for (size_t r = 0; r < c.cells.size(); ++r)
        if (!cell_missing(c, r) && std::isnan(c.values[r])) {
            if (c.n_invalid++ == 0) {
                c.first_invalid = c.cells[r];
                c.first_invalid_line = line_of(t, r);
            }
        }
}

void check_table(const io::Table& t) {
    for (const auto& c : t.columns)
        if (c.cells.size() != t.n_rows())
            throw Error("table: column '" + c.name + "' has " + count(static_cast<long long>(c.cells.size())) +
                        " cells but the table has " + count(static_cast<long long>(t.n_rows())) + " rows");
}

std::vector<long> example_lines(const io::Table& t, const std::vector<size_t>& rows) {
    std::vector<long> out;
    for (size_t i = 0; i < rows.size() && i < kExamples; ++i) out.push_back(line_of(t, rows[i]));
    return out;
}

std::string format_number(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.15g", v);
    return buf;
}

// Removes the rows flagged in `drop` and returns the removed rows' indices (before removal).
std::vector<size_t> drop_flagged(io::Table& t, const std::vector<bool>& drop) {
    std::vector<size_t> kept, removed;
    for (size_t r = 0; r < drop.size(); ++r) (drop[r] ? removed : kept).push_back(r);
    if (!removed.empty()) keep_rows(t, kept);
    return removed;
}

std::string row_key(const io::Table& t, const std::vector<size_t>& cols, size_t r) {
    // Length-prefixed cells: no separator can make two different rows look equal.
    std::string key;
    for (size_t c : cols) {
        const std::string& s = t.columns[c].cells[r];
        key += std::to_string(s.size());
        key += ':';
        key += s;
    }
    return key;
}

size_t column_index(const io::Table& t, const std::string& name) {
    const io::Column& c = t.column(name);   // throws naming the available columns
    return static_cast<size_t>(&c - t.columns.data());
}

void forbid_unknown_keys(const nlohmann::json& j, const std::vector<std::string>& allowed, const std::string& what) {
    if (!j.is_object()) throw Error(what + " must be a JSON object");
    for (auto it = j.begin(); it != j.end(); ++it)
        if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end()) {
            std::string list;
            for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
            throw Error(what + ": unknown key '" + it.key() + "' (expected " + list + ")");
        }
}

std::optional<double> optional_number(const nlohmann::json& j, const char* key, const std::string& what) {
    if (!j.contains(key) || j.at(key).is_null()) return std::nullopt;
    if (!j.at(key).is_number()) throw Error(what + ": '" + key + "' must be a number");
    return j.at(key).get<double>();
}

std::string rule_name(const std::string& column) { return "cleaning rule for column '" + column + "'"; }

}  // namespace

void keep_rows(io::Table& table, const std::vector<size_t>& rows) {
    const size_t n = table.n_rows();
    for (size_t i = 0; i < rows.size(); ++i)
        if (rows[i] >= n || (i > 0 && rows[i] <= rows[i - 1]))
            throw Error("keep_rows: row indices must be ascending, distinct and below " + std::to_string(n));
    auto take = [&](auto& v) {
        if (v.size() != n) return;
        for (size_t i = 0; i < rows.size(); ++i) v[i] = v[rows[i]];
        v.resize(rows.size());
    };
    for (auto& c : table.columns) {
        take(c.cells);
        take(c.values);
        if (c.missing.size() == n) {
            for (size_t i = 0; i < rows.size(); ++i) c.missing[i] = c.missing[rows[i]];
            c.missing.resize(rows.size());
        }
    }
    take(table.line_of_row);
    for (auto& c : table.columns) refresh_invalid(c, table);
}

LabelConflicts find_label_conflicts(const io::Table& table, const std::vector<std::string>& keys, const std::string& label,
                                     bool ignore_missing_keys) {
    if (keys.empty()) throw Error("conflicting labels: name at least one key column (e.g. artist and track)");
    check_table(table);
    std::vector<size_t> key_cols;
    for (const auto& k : keys) key_cols.push_back(column_index(table, k));
    const size_t label_col = column_index(table, label);
    for (size_t kc : key_cols)
        if (kc == label_col) throw Error("conflicting labels: the label column '" + label + "' cannot also be a key");
    const io::Column& lab = table.columns[label_col];

    // key → rows (ascending); std::map keeps the report's order independent of the standard library.
    std::map<std::string, std::vector<size_t>> groups;
    for (size_t r = 0; r < table.n_rows(); ++r) {
        if (cell_missing(lab, r)) continue;
        bool usable = true;
        if (ignore_missing_keys)
            for (size_t kc : key_cols) usable = usable && !cell_missing(table.columns[kc], r);
        if (!usable) continue;
        groups[row_key(table, key_cols, r)].push_back(r);
    }
    LabelConflicts out;
    out.keys = static_cast<long long>(groups.size());
    std::map<std::string, long long> sets;
    for (const auto& [key, rows] : groups) {
        std::set<std::string> labels;
        for (size_t r : rows) labels.insert(lab.cells[r]);
        if (labels.size() < 2) continue;
        ++out.conflicting_keys;
        out.rows.insert(out.rows.end(), rows.begin(), rows.end());
        out.first_rows.push_back(rows.front());
        std::string set_name;
        for (const auto& l : labels) set_name += (set_name.empty() ? "" : " | ") + l;
        ++sets[set_name];
    }
    std::sort(out.rows.begin(), out.rows.end());
    std::sort(out.first_rows.begin(), out.first_rows.end());
    out.label_sets.assign(sets.begin(), sets.end());
    std::stable_sort(out.label_sets.begin(), out.label_sets.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    return out;
}

CleanReport clean(const CleanParams& params, io::Table& table) {
    check_table(table);
    CleanReport report;
    report.rows_before = static_cast<long long>(table.n_rows());
    report.columns_before = static_cast<long long>(table.columns.size());
    // Check every named column before changing anything, so a typo does not leave a half-cleaned table.
    {
        const io::Table& probe = table;   // Table::column throws naming the available columns
        for (const auto& name : params.drop_columns) (void)probe.column(name);
        std::vector<std::string> remaining;
        for (const auto& c : table.columns)
            if (std::find(params.drop_columns.begin(), params.drop_columns.end(), c.name) == params.drop_columns.end())
                remaining.push_back(c.name);
        auto check_remaining = [&](const std::string& name, const std::string& what) {
            if (std::find(remaining.begin(), remaining.end(), name) != remaining.end()) return;
            if (std::find(params.drop_columns.begin(), params.drop_columns.end(), name) != params.drop_columns.end())
                throw Error(what + " names column '" + name + "', which drop_columns removes first");
            (void)probe.column(name);
        };
        for (const auto& r : params.to_missing) {
            check_remaining(r.column, rule_name(r.column));
            if (r.equals.empty() && !r.less_than && !r.greater_than)
                throw Error(rule_name(r.column) + " says nothing: give 'equals', 'less_than' or 'greater_than'");
        }
        for (const auto& r : params.ranges) {
            check_remaining(r.column, rule_name(r.column));
            if (!r.min && !r.max) throw Error(rule_name(r.column) + " gives neither 'min' nor 'max'");
            if (r.min && r.max && *r.min > *r.max)
                throw Error(rule_name(r.column) + ": min (" + format_number(*r.min) + ") is larger than max (" + format_number(*r.max) + ")");
        }
        for (const auto& c : params.duplicate_ignore_columns) check_remaining(c, "duplicate_ignore_columns");
        if (!params.conflicting_labels.keys.empty()) {
            for (const auto& k : params.conflicting_labels.keys) check_remaining(k, "the conflicting-labels check");
            if (params.conflicting_labels.label.empty()) throw Error("the conflicting-labels check needs a 'label' column");
            check_remaining(params.conflicting_labels.label, "the conflicting-labels check");
        }
    }

    // 1. drop columns
    if (!params.drop_columns.empty()) {
        RuleReport rr;
        rr.rule = "drop_columns";
        rr.rows_before = rr.rows_after = static_cast<long long>(table.n_rows());
        std::vector<io::Column> kept;
        std::vector<std::string> dropped;
        for (auto& c : table.columns) {
            if (std::find(params.drop_columns.begin(), params.drop_columns.end(), c.name) != params.drop_columns.end())
                dropped.push_back(c.name);
            else
                kept.push_back(std::move(c));
        }
        table.columns = std::move(kept);
        rr.details["columns"] = dropped;
        std::string list;
        for (const auto& d : dropped) list += (list.empty() ? "" : ", ") + d;
        rr.summary = "dropped " + std::to_string(dropped.size()) + " column(s): " + list;
        report.rules.push_back(std::move(rr));
    }

    // 2. all-empty rows
    if (params.drop_empty_rows) {
        RuleReport rr;
        rr.rule = "drop_empty_rows";
        rr.rows_before = static_cast<long long>(table.n_rows());
        std::vector<bool> drop(table.n_rows(), false);
        for (size_t r = 0; r < table.n_rows(); ++r) {
            bool empty = !table.columns.empty();
            for (const auto& c : table.columns) empty = empty && cell_missing(c, r);
            drop[r] = empty;
        }
        std::vector<long> lines;
        for (size_t r = 0; r < drop.size() && lines.size() < kExamples; ++r)
            if (drop[r]) lines.push_back(line_of(table, r));
        const auto removed = drop_flagged(table, drop);
        rr.rows_after = static_cast<long long>(table.n_rows());
        rr.example_lines = lines;
        rr.summary = "dropped " + count(static_cast<long long>(removed.size())) + " row(s) whose every cell is empty";
        report.rules.push_back(std::move(rr));
    }

    // 3. sentinel → missing
    for (const auto& rule : params.to_missing) {
        io::Column& c = table.column(rule.column);
        ensure_missing_flags(c);
        RuleReport rr;
        rr.rule = "to_missing";
        rr.column = rule.column;
        rr.rows_before = rr.rows_after = static_cast<long long>(table.n_rows());
        rr.missing_before = count_missing(c);
        std::vector<size_t> hit;
        std::map<std::string, long long> by_value;
        for (size_t r = 0; r < c.cells.size(); ++r) {
            bool match = std::find(rule.equals.begin(), rule.equals.end(), c.cells[r]) != rule.equals.end();
            if (!match && (rule.less_than || rule.greater_than)) {
                const auto v = cell_number(c, r);
                match = v && ((rule.less_than && *v < *rule.less_than) || (rule.greater_than && *v > *rule.greater_than));
            }
            if (!match) continue;
            hit.push_back(r);
            ++by_value[c.cells[r]];
            c.missing[r] = true;
            if (c.values.size() == c.cells.size()) c.values[r] = std::numeric_limits<double>::quiet_NaN();
        }
        refresh_invalid(c, table);
        rr.cells_affected = static_cast<long long>(hit.size());
        rr.missing_after = count_missing(c);
        rr.example_lines = example_lines(table, hit);
        rr.details["values"] = by_value;
        std::string cond;
        for (const auto& e : rule.equals) cond += (cond.empty() ? "" : " or ") + ("'" + e + "'");
        if (rule.less_than) cond += (cond.empty() ? "" : " or ") + ("< " + format_number(*rule.less_than));
        if (rule.greater_than) cond += (cond.empty() ? "" : " or ") + ("> " + format_number(*rule.greater_than));
        rr.summary = "column '" + rule.column + "': " + count(rr.cells_affected) + " cell(s) equal to " + cond +
                     " are now missing (" + count(rr.missing_before) + " missing before, " + count(rr.missing_after) + " after)";
        report.rules.push_back(std::move(rr));
    }

    // 4. range filters
    for (const auto& rule : params.ranges) {
        const io::Column& c = table.column(rule.column);
        RuleReport rr;
        rr.rule = "range";
        rr.column = rule.column;
        rr.rows_before = static_cast<long long>(table.n_rows());
        std::vector<bool> drop(table.n_rows(), false);
        long long below = 0, above = 0, missing = 0;
        for (size_t r = 0; r < table.n_rows(); ++r) {
            const auto v = cell_number(c, r);
            if (!v) {
                if (rule.drop_missing) drop[r] = true, ++missing;
                continue;
            }
            if (rule.min && *v < *rule.min) drop[r] = true, ++below;
            else if (rule.max && *v > *rule.max) drop[r] = true, ++above;
        }
        std::vector<size_t> flagged;
        for (size_t r = 0; r < drop.size(); ++r)
            if (drop[r]) flagged.push_back(r);
        rr.example_lines = example_lines(table, flagged);
        drop_flagged(table, drop);
        rr.rows_after = static_cast<long long>(table.n_rows());
        rr.details = {{"below_min", below}, {"above_max", above}, {"missing_dropped", missing}};
        std::string range = std::string("[") + (rule.min ? format_number(*rule.min) : "−∞") + ", " +
                            (rule.max ? format_number(*rule.max) : "∞") + "]";
        rr.summary = "column '" + rule.column + "': dropped " + count(rr.rows_before - rr.rows_after) + " row(s) outside " + range +
                     (rule.drop_missing ? " or missing" : "");
        report.rules.push_back(std::move(rr));
    }

    // 5. exact duplicates
    if (params.drop_duplicate_rows) {
        RuleReport rr;
        rr.rule = "duplicate_rows";
        rr.rows_before = static_cast<long long>(table.n_rows());
        std::vector<size_t> cols;
        for (size_t c = 0; c < table.columns.size(); ++c)
            if (std::find(params.duplicate_ignore_columns.begin(), params.duplicate_ignore_columns.end(), table.columns[c].name) ==
                params.duplicate_ignore_columns.end())
                cols.push_back(c);
        std::unordered_set<std::string> seen;   // membership only: iteration order never matters here
        std::vector<bool> drop(table.n_rows(), false);
        std::vector<size_t> flagged;
        for (size_t r = 0; r < table.n_rows(); ++r)
            if (!seen.insert(row_key(table, cols, r)).second) {
                drop[r] = true;
                flagged.push_back(r);
            }
        rr.example_lines = example_lines(table, flagged);
        drop_flagged(table, drop);
        rr.rows_after = static_cast<long long>(table.n_rows());
        rr.details["compared_columns"] = static_cast<long long>(cols.size());
        rr.summary = "dropped " + count(rr.rows_before - rr.rows_after) + " row(s) identical to an earlier row" +
                     (params.duplicate_ignore_columns.empty() ? std::string() : " (ignoring the ignored columns)");
        report.rules.push_back(std::move(rr));
    }

    // 6. the same key under several labels
    if (!params.conflicting_labels.keys.empty()) {
        const auto& rule = params.conflicting_labels;
        const LabelConflicts lc = find_label_conflicts(table, rule.keys, rule.label, rule.ignore_missing_keys);
        RuleReport rr;
        rr.rule = "conflicting_labels";
        rr.column = rule.label;
        rr.rows_before = static_cast<long long>(table.n_rows());
        rr.cells_affected = static_cast<long long>(lc.rows.size());
        rr.example_lines = example_lines(table, lc.rows);
        nlohmann::json sets = nlohmann::json::array();
        for (size_t i = 0; i < lc.label_sets.size() && i < 10; ++i)
            sets.push_back({{"labels", lc.label_sets[i].first}, {"keys", lc.label_sets[i].second}});
        std::string key_names;
        for (const auto& k : rule.keys) key_names += (key_names.empty() ? "" : ", ") + k;
        std::vector<bool> drop(table.n_rows(), false);
        if (rule.policy == ConflictPolicy::DropAll)
            for (size_t r : lc.rows) drop[r] = true;
        if (rule.policy == ConflictPolicy::KeepFirst) {
            for (size_t r : lc.rows) drop[r] = true;
            for (size_t r : lc.first_rows) drop[r] = false;
        }
        drop_flagged(table, drop);
        rr.rows_after = static_cast<long long>(table.n_rows());
        rr.details = {{"keys", lc.keys}, {"conflicting_keys", lc.conflicting_keys}, {"rows_involved", static_cast<long long>(lc.rows.size())},
                      {"policy", rule.policy}, {"label_sets", sets}};
        rr.summary = count(lc.conflicting_keys) + " (" + key_names + ") key(s) appear under more than one '" + rule.label + "' (" +
                     count(static_cast<long long>(lc.rows.size())) + " rows, " +
                     percent(static_cast<double>(lc.rows.size()), static_cast<double>(rr.rows_before)) + " of the table); " +
                     (rule.policy == ConflictPolicy::Keep ? std::string("kept them all")
                                                           : "dropped " + count(rr.rows_before - rr.rows_after) + " row(s)");
        report.rules.push_back(std::move(rr));
    }

    report.rows_after = static_cast<long long>(table.n_rows());
    report.columns_after = static_cast<long long>(table.columns.size());
    return report;
}

std::vector<DropSuggestion> suggest_drop_columns(const io::Table& table, const std::string& label_column) {
    check_table(table);
    // One rule set for the whole product: the io profile's suggestions (io/profile.hpp), with a reason code
    // added so a recipe can act on them.
    std::vector<DropSuggestion> out;
    for (const auto& c : table.columns) {
        if (c.name == label_column) continue;
        const io::ColumnProfile p = io::profile_column(c);
        if (p.suggestion.empty()) continue;
        DropSuggestion s;
        s.column = c.name;
        const std::string& t = p.suggestion;
        auto has = [&](const char* part) { return t.find(part) != std::string::npos; };
        if (has("empty")) s.reason = "empty";
        else if (has("constant")) s.reason = "constant";
        else if (has("id or a name")) s.reason = "text";
        else if (has("id")) s.reason = "id_like";
        else if (has("date")) s.reason = "date_like";
        else if (has("text")) s.reason = "text";
        else s.reason = "other";
        s.summary = "'" + c.name + "': " + t;
        out.push_back(std::move(s));
    }
    return out;
}

// ---------------------------------------------------------------------------------------------- JSON

void to_json(nlohmann::json& j, const MissingRule& r) {
    j = {{"column", r.column}};
    if (!r.equals.empty()) j["equals"] = r.equals;
    if (r.less_than) j["less_than"] = *r.less_than;
    if (r.greater_than) j["greater_than"] = *r.greater_than;
}

void from_json(const nlohmann::json& j, MissingRule& r) {
    forbid_unknown_keys(j, {"column", "equals", "less_than", "greater_than"}, "a to_missing rule");
    r = MissingRule{};
    if (!j.contains("column") || !j.at("column").is_string()) throw Error("a to_missing rule needs a 'column' name");
    r.column = j.at("column").get<std::string>();
    const std::string what = rule_name(r.column);
    if (j.contains("equals")) {
        const auto& e = j.at("equals");
        if (e.is_string()) {
            r.equals.push_back(e.get<std::string>());
        } else if (e.is_array()) {
            for (const auto& v : e) {
                if (v.is_string()) r.equals.push_back(v.get<std::string>());
                else if (v.is_number()) r.equals.push_back(v.dump());   // {"equals":[0]} means the text "0"
                else throw Error(what + ": 'equals' must list texts");
            }
        } else {
            throw Error(what + ": 'equals' must be a text or a list of texts");
        }
    }
    r.less_than = optional_number(j, "less_than", what);
    r.greater_than = optional_number(j, "greater_than", what);
}

void to_json(nlohmann::json& j, const RangeRule& r) {
    j = {{"column", r.column}};
    if (r.min) j["min"] = *r.min;
    if (r.max) j["max"] = *r.max;
    if (r.drop_missing) j["drop_missing"] = true;
}

void from_json(const nlohmann::json& j, RangeRule& r) {
    forbid_unknown_keys(j, {"column", "min", "max", "drop_missing"}, "a range rule");
    r = RangeRule{};
    if (!j.contains("column") || !j.at("column").is_string()) throw Error("a range rule needs a 'column' name");
    r.column = j.at("column").get<std::string>();
    const std::string what = rule_name(r.column);
    r.min = optional_number(j, "min", what);
    r.max = optional_number(j, "max", what);
    if (j.contains("drop_missing")) {
        if (!j.at("drop_missing").is_boolean()) throw Error(what + ": 'drop_missing' must be true or false");
        r.drop_missing = j.at("drop_missing").get<bool>();
    }
}

void to_json(nlohmann::json& j, const CleanParams& p) {
    j = {{"drop_columns", p.drop_columns},
         {"drop_empty_rows", p.drop_empty_rows},
         {"to_missing", p.to_missing},
         {"ranges", p.ranges},
         {"drop_duplicate_rows", p.drop_duplicate_rows},
         {"duplicate_ignore_columns", p.duplicate_ignore_columns},
         {"conflicting_labels", p.conflicting_labels}};
}

void from_json(const nlohmann::json& j, CleanParams& p) {
    forbid_unknown_keys(j,
                        {"drop_columns", "drop_empty_rows", "to_missing", "ranges", "drop_duplicate_rows", "duplicate_ignore_columns",
                         "conflicting_labels"},
                        "the cleaning settings");
    p = CleanParams{};
    try {
        if (j.contains("drop_columns")) p.drop_columns = j.at("drop_columns").get<std::vector<std::string>>();
        if (j.contains("drop_empty_rows")) p.drop_empty_rows = j.at("drop_empty_rows").get<bool>();
        if (j.contains("to_missing")) p.to_missing = j.at("to_missing").get<std::vector<MissingRule>>();
        if (j.contains("ranges")) p.ranges = j.at("ranges").get<std::vector<RangeRule>>();
        if (j.contains("drop_duplicate_rows")) p.drop_duplicate_rows = j.at("drop_duplicate_rows").get<bool>();
        if (j.contains("duplicate_ignore_columns"))
            p.duplicate_ignore_columns = j.at("duplicate_ignore_columns").get<std::vector<std::string>>();
        if (j.contains("conflicting_labels")) p.conflicting_labels = j.at("conflicting_labels").get<ConflictRule>();
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("the cleaning settings are malformed: ") + e.what());
    }
}

void to_json(nlohmann::json& j, const RuleReport& r) {
    j = {{"rule", r.rule},         {"summary", r.summary},       {"rows_before", r.rows_before},
         {"rows_after", r.rows_after}, {"cells_affected", r.cells_affected}, {"example_lines", r.example_lines},
         {"details", r.details}};
    if (!r.column.empty()) j["column"] = r.column;
    if (r.missing_before >= 0) {
        j["missing_before"] = r.missing_before;
        j["missing_after"] = r.missing_after;
    }
}

void to_json(nlohmann::json& j, const CleanReport& r) {
    j = {{"rows_before", r.rows_before},
         {"rows_after", r.rows_after},
         {"columns_before", r.columns_before},
         {"columns_after", r.columns_after},
         {"rules", r.rules}};
}

void to_json(nlohmann::json& j, const DropSuggestion& s) { j = {{"column", s.column}, {"reason", s.reason}, {"summary", s.summary}}; }

}  // namespace genrelab::preprocess
