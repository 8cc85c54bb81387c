#include "preprocess/leakage.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <set>
#include <unordered_set>

#include "core/error.hpp"

namespace genrelab::preprocess {

namespace {

constexpr size_t kExamples = 5;

std::string percent(double part, double whole) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f %%", whole > 0 ? 100.0 * part / whole : 0.0);
    return buf;
}

std::string split_phrase(const std::string& name) { return name == "train" ? "training" : "the " + name + " set"; }

void check_split(const SplitRows& split, size_t n_rows) {
    const std::pair<const char*, const std::vector<size_t>*> parts[] = {
        {"train", &split.train}, {"validation", &split.validation}, {"test", &split.test}};
    std::vector<int> owner(n_rows, -1);
    for (int p = 0; p < 3; ++p)
        for (size_t r : *parts[p].second) {
            if (r >= n_rows)
                throw Error(std::string("the ") + parts[p].first + " split names row " + std::to_string(r) + " but the table has " +
                            with_thousands(static_cast<long long>(n_rows)) + " rows");
            if (owner[r] == p) throw Error(std::string("the ") + parts[p].first + " split lists row " + std::to_string(r) + " twice");
            if (owner[r] >= 0)
                throw Error("row " + std::to_string(r) + " is in both the " + parts[owner[r]].first + " and the " + parts[p].first +
                            " split: a split must not share rows");
            owner[r] = p;
        }
}

SplitOverlap overlap(const std::string& a_name, const std::vector<size_t>& a, const std::string& b_name, const std::vector<size_t>& b,
                     const std::vector<std::string>& keys, const std::vector<bool>& usable, const std::vector<long>& lines,
                     const std::string& key_description) {
    SplitOverlap o;
    o.fitted_on = a_name;
    o.evaluated_on = b_name;
    o.rows = static_cast<long long>(b.size());
    std::unordered_set<std::string> in_a;   // membership only
    for (size_t r : a)
        if (usable[r]) in_a.insert(keys[r]);
    std::vector<size_t> sorted_b = b;
    std::sort(sorted_b.begin(), sorted_b.end());
    std::set<std::string> shared;
    for (size_t r : sorted_b) {
        if (!usable[r] || !in_a.count(keys[r])) continue;
        ++o.shared_rows;
        shared.insert(keys[r]);
        if (o.example_rows.size() < kExamples) {
            o.example_rows.push_back(r);
            o.example_lines.push_back(r < lines.size() ? lines[r] : static_cast<long>(r));
        }
    }
    o.shared_keys = static_cast<long long>(shared.size());
    o.fraction = o.rows > 0 ? static_cast<double>(o.shared_rows) / static_cast<double>(o.rows) : 0.0;
    if (o.shared_keys == 0) {
        o.summary = "none of the " + key_description + " of " + split_phrase(b_name) + " appears in " + split_phrase(a_name) + ".";
    } else {
        o.summary = with_thousands(o.shared_keys) + " " + key_description + " of " + split_phrase(b_name) + " also appear in " +
                    split_phrase(a_name) + ", " + percent(static_cast<double>(o.shared_rows), static_cast<double>(o.rows)) + " of the " +
                    (b_name == "train" ? "training" : b_name) + " rows: accuracy on them may be optimistic.";
    }
    return o;
}

}  // namespace

LeakageReport check_leakage(const std::vector<std::string>& row_keys, const std::vector<bool>& usable, const SplitRows& split,
                            const std::string& key_description, const std::vector<long>& line_of_row) {
    if (usable.size() != row_keys.size())
        throw Error("leakage check: " + std::to_string(row_keys.size()) + " keys but " + std::to_string(usable.size()) + " usable flags");
    check_split(split, row_keys.size());
    LeakageReport rep;
    rep.key_description = key_description;
    if (split.train.empty()) throw Error("leakage check: the training split is empty");
    if (!split.validation.empty())
        rep.overlaps.push_back(overlap("train", split.train, "validation", split.validation, row_keys, usable, line_of_row, key_description));
    if (!split.test.empty())
        rep.overlaps.push_back(overlap("train", split.train, "test", split.test, row_keys, usable, line_of_row, key_description));
    if (!split.validation.empty() && !split.test.empty())
        rep.overlaps.push_back(overlap("validation", split.validation, "test", split.test, row_keys, usable, line_of_row, key_description));
    for (const auto& o : rep.overlaps) rep.summary += (rep.summary.empty() ? "" : " ") + o.summary;
    if (!rep.summary.empty()) rep.summary[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(rep.summary[0])));
    return rep;
}

LeakageReport check_leakage(const LeakageParams& params, const io::Table& table, const SplitRows& split) {
    const size_t n = table.n_rows();
    std::vector<size_t> cols;
    std::string description;
    if (!params.key_columns.empty()) {
        std::string list;
        for (const auto& k : params.key_columns) {
            const io::Column& c = table.column(k);   // throws naming the columns
            cols.push_back(static_cast<size_t>(&c - table.columns.data()));
            list += (list.empty() ? "" : ", ") + k;
        }
        const size_t k = params.key_columns.size();
        description = k == 1 ? "'" + list + "' values" : "(" + list + (k == 2 ? ") pairs" : ") combinations");
    } else {
        for (const auto& e : params.exclude_columns) (void)table.column(e);
        for (size_t c = 0; c < table.columns.size(); ++c)
            if (std::find(params.exclude_columns.begin(), params.exclude_columns.end(), table.columns[c].name) == params.exclude_columns.end())
                cols.push_back(c);
        if (cols.empty()) throw Error("leakage check: every column is excluded, so rows have nothing to compare");
        description = "identical rows";
    }
    for (size_t c : cols)
        if (table.columns[c].cells.size() != n)
            throw Error("table: column '" + table.columns[c].name + "' does not have " + with_thousands(static_cast<long long>(n)) + " cells");
    std::vector<std::string> keys(n);
    std::vector<bool> usable(n, true);
    for (size_t r = 0; r < n; ++r) {
        std::string key;
        for (size_t c : cols) {
            const io::Column& col = table.columns[c];
            const bool missing = col.cells[r].empty() || (r < col.missing.size() && col.missing[r]);
            if (missing && params.ignore_missing_keys && !params.key_columns.empty()) usable[r] = false;
            key += std::to_string(col.cells[r].size());
            key += ':';
            key += col.cells[r];
        }
        keys[r] = std::move(key);
    }
    return check_leakage(keys, usable, split, description, table.line_of_row);
}

void FitGuard::record(const std::string& stage, std::vector<size_t> rows) {
    if (stage.empty()) throw Error("FitGuard: a stage needs a name");
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    fitted_[stage] = std::move(rows);
}

const std::vector<size_t>& FitGuard::rows(const std::string& stage) const {
    const auto it = fitted_.find(stage);
    if (it == fitted_.end()) throw Error("FitGuard: no rows were recorded for stage '" + stage + "'");
    return it->second;
}

std::vector<std::string> FitGuard::stages() const {
    std::vector<std::string> out;
    for (const auto& [s, r] : fitted_) out.push_back(s);
    return out;
}

void FitGuard::require_within(const std::vector<size_t>& allowed, const std::string& allowed_name) const {
    std::vector<size_t> ok = allowed;
    std::sort(ok.begin(), ok.end());
    for (const auto& [stage, rows] : fitted_) {
        long long outside = 0;
        size_t first = 0;
        for (size_t r : rows)
            if (!std::binary_search(ok.begin(), ok.end(), r)) {
                if (outside++ == 0) first = r;
            }
        if (outside > 0)
            throw Error("stage '" + stage + "' was fitted on " + with_thousands(outside) + " row(s) outside the " + allowed_name +
                        " rows (e.g. row " + std::to_string(first) + "): its statistics have seen data it will be evaluated on");
    }
}

void FitGuard::require_disjoint(const std::vector<size_t>& forbidden, const std::string& forbidden_name) const {
    std::vector<size_t> bad = forbidden;
    std::sort(bad.begin(), bad.end());
    for (const auto& [stage, rows] : fitted_) {
        long long hits = 0;
        size_t first = 0;
        for (size_t r : rows)
            if (std::binary_search(bad.begin(), bad.end(), r)) {
                if (hits++ == 0) first = r;
            }
        if (hits > 0)
            throw Error("stage '" + stage + "' was fitted on " + with_thousands(hits) + " row(s) of the " + forbidden_name + " set (e.g. row " +
                        std::to_string(first) + "): its statistics have seen data it will be evaluated on");
    }
}

nlohmann::json FitGuard::summary() const {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [stage, rows] : fitted_) j[stage] = {{"rows", rows.size()}};
    return j;
}

void to_json(nlohmann::json& j, const SplitOverlap& o) {
    j = {{"fitted_on", o.fitted_on},     {"evaluated_on", o.evaluated_on}, {"shared_keys", o.shared_keys}, {"rows", o.rows},
         {"shared_rows", o.shared_rows}, {"fraction", o.fraction},         {"example_lines", o.example_lines}, {"summary", o.summary}};
}

void to_json(nlohmann::json& j, const LeakageReport& r) {
    j = {{"key", r.key_description}, {"overlaps", r.overlaps}, {"summary", r.summary}};
}

}  // namespace genrelab::preprocess
