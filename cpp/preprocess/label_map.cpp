#include "preprocess/label_map.hpp"

#include <algorithm>
#include <set>

#include "core/error.hpp"
#include "preprocess/clean.hpp"

namespace genrelab::preprocess {

namespace {

ClassCounts counts_of(const std::map<std::string, long long>& m) { return ClassCounts(m.begin(), m.end()); }

std::string names_of(const ClassCounts& c, size_t max_shown = 8) {
    std::string out;
    for (size_t i = 0; i < c.size() && i < max_shown; ++i) out += (i ? ", " : "") + c[i].first + " (" + with_thousands(c[i].second) + ")";
    if (c.size() > max_shown) out += ", …";
    return out;
}

}  // namespace

LabelMapResult apply_label_map(const LabelMapParams& params, const std::vector<std::string>& labels, const std::vector<bool>& missing) {
    if (!missing.empty() && missing.size() != labels.size())
        throw Error("label map: " + std::to_string(labels.size()) + " labels but " + std::to_string(missing.size()) + " missing flags");
    if (params.min_count < 0) throw Error("label map: min_count must be ≥ 0");
    if (params.top_n < 0) throw Error("label map: top_n must be ≥ 0");
    if (params.unmapped == Unmapped::Other && params.other_label.empty()) throw Error("label map: other_label must not be empty");
    for (const auto& [fine, broad] : params.map)
        if (broad.empty()) throw Error("label map: '" + fine + "' maps to an empty label");

    LabelMapResult res;
    auto& rep = res.report;
    rep.rows_before = static_cast<long long>(labels.size());
    std::map<std::string, long long> before, unmapped;
    std::vector<std::string> mapped(labels.size());
    std::vector<bool> alive(labels.size(), false);
    for (size_t r = 0; r < labels.size(); ++r) {
        if (labels[r].empty() || (!missing.empty() && missing[r])) {
            ++rep.missing_label_rows;
            continue;
        }
        ++before[labels[r]];
        const auto it = params.map.find(labels[r]);
        if (it != params.map.end()) {
            mapped[r] = it->second;
            alive[r] = true;
            continue;
        }
        ++unmapped[labels[r]];
        ++rep.unmapped_rows;
        if (params.unmapped == Unmapped::Keep) mapped[r] = labels[r], alive[r] = true;
        if (params.unmapped == Unmapped::Other) mapped[r] = params.other_label, alive[r] = true;
    }
    rep.counts_before = counts_of(before);
    for (const auto& [l, k] : unmapped) rep.unmapped_labels.push_back(l);

    std::map<std::string, long long> after_map;
    for (size_t r = 0; r < labels.size(); ++r)
        if (alive[r]) ++after_map[mapped[r]];

    std::set<std::string> keep;
    ClassCounts survivors;
    for (const auto& [l, k] : after_map) {
        if (k < params.min_count) rep.dropped_rare.emplace_back(l, k);
        else survivors.emplace_back(l, k);
    }
    if (params.top_n > 0 && survivors.size() > static_cast<size_t>(params.top_n)) {
        // Largest first; equal sizes in name order (survivors are already name-sorted, the sort is stable).
        std::stable_sort(survivors.begin(), survivors.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
        rep.dropped_beyond_top.assign(survivors.begin() + params.top_n, survivors.end());
        survivors.resize(static_cast<size_t>(params.top_n));
        std::sort(rep.dropped_beyond_top.begin(), rep.dropped_beyond_top.end());
    }
    for (const auto& [l, k] : survivors) keep.insert(l);

    std::map<std::string, long long> after;
    for (size_t r = 0; r < labels.size(); ++r)
        if (alive[r] && keep.count(mapped[r])) {
            res.kept_rows.push_back(r);
            res.labels.push_back(mapped[r]);
            ++after[mapped[r]];
        }
    rep.counts_after = counts_of(after);
    rep.rows_after = static_cast<long long>(res.kept_rows.size());

    std::string s = with_thousands(rep.rows_before) + " rows in " + std::to_string(rep.counts_before.size()) + " labels → " +
                    with_thousands(rep.rows_after) + " rows in " + std::to_string(rep.counts_after.size()) + " classes";
    if (rep.missing_label_rows) s += "; " + with_thousands(rep.missing_label_rows) + " rows without a label dropped";
    if (!rep.unmapped_labels.empty())
        s += "; " + std::to_string(rep.unmapped_labels.size()) + " label(s) not in the map (" + with_thousands(rep.unmapped_rows) + " rows) " +
             (params.unmapped == Unmapped::Keep ? "kept as they are" : params.unmapped == Unmapped::Drop ? "dropped" : "renamed '" + params.other_label + "'");
    if (!rep.dropped_rare.empty())
        s += "; dropped " + std::to_string(rep.dropped_rare.size()) + " class(es) with fewer than " + with_thousands(params.min_count) +
             " rows: " + names_of(rep.dropped_rare);
    if (!rep.dropped_beyond_top.empty())
        s += "; kept the " + std::to_string(params.top_n) + " largest, dropping " + names_of(rep.dropped_beyond_top);
    rep.summary = s;
    return res;
}

LabelMapReport apply_label_map(const LabelMapParams& params, io::Table& table, const std::string& label_column) {
    io::Column& col = table.column(label_column);
    LabelMapResult res = apply_label_map(params, col.cells, col.missing.size() == col.cells.size() ? col.missing : std::vector<bool>{});
    keep_rows(table, res.kept_rows);
    io::Column& after = table.column(label_column);
    after.cells = std::move(res.labels);
    after.missing.assign(after.cells.size(), false);
    // The label column is categorical text now whatever the reader made of it.
    after.values.clear();
    after.type = io::ColumnType::Categorical;
    after.n_invalid = 0;
    after.first_invalid.clear();
    after.first_invalid_line = 0;
    return res.report;
}

LabelMapFile parse_label_map_file(const nlohmann::json& j) {
    LabelMapFile f;
    try {
        if (!j.is_object()) throw Error("a label map file must be a JSON object");
        if (j.value("format", std::string()) != "genrelab-label-map")
            throw Error("not a label map file: 'format' must be \"genrelab-label-map\"");
        if (j.value("version", 0) != 1) throw Error("label map file: unsupported version (this program reads version 1)");
        f.name = j.value("name", std::string());
        f.description = j.value("description", std::string());
        f.source = j.value("source", std::string());
        f.broad = j.at("broad").get<std::vector<std::string>>();
        const auto& m = j.at("map");
        if (!m.is_object()) throw Error("label map file: 'map' must be an object of fine label → broad label");
        for (auto it = m.begin(); it != m.end(); ++it) {
            if (!it.value().is_string()) throw Error("label map file: the target of '" + it.key() + "' is not a text");
            f.map.emplace(it.key(), it.value().get<std::string>());
        }
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("label map file is malformed: ") + e.what());
    }
    std::set<std::string> broad(f.broad.begin(), f.broad.end());
    if (broad.size() != f.broad.size()) throw Error("label map file: 'broad' lists a genre twice");
    for (const auto& [fine, target] : f.map) {
        if (fine.empty()) throw Error("label map file: an empty fine label");
        if (!broad.count(target))
            throw Error("label map file: '" + fine + "' maps to '" + target + "', which is not one of the broad genres listed in 'broad'");
    }
    return f;
}

nlohmann::json label_map_file_json(const LabelMapFile& f) {
    return {{"format", "genrelab-label-map"}, {"version", 1}, {"name", f.name}, {"description", f.description},
            {"source", f.source},             {"broad", f.broad}, {"map", f.map}};
}

void to_json(nlohmann::json& j, const LabelMapReport& r) {
    auto counts = [](const ClassCounts& c) {
        nlohmann::json o = nlohmann::json::object();
        for (const auto& [l, k] : c) o[l] = k;
        return o;
    };
    j = {{"rows_before", r.rows_before},
         {"rows_after", r.rows_after},
         {"missing_label_rows", r.missing_label_rows},
         {"counts_before", counts(r.counts_before)},
         {"counts_after", counts(r.counts_after)},
         {"unmapped_labels", r.unmapped_labels},
         {"unmapped_rows", r.unmapped_rows},
         {"dropped_rare", counts(r.dropped_rare)},
         {"dropped_beyond_top", counts(r.dropped_beyond_top)},
         {"summary", r.summary}};
}

}  // namespace genrelab::preprocess
