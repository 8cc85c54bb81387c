// Turns fine genre labels into a classification target people can learn: map fine → broad genres with a
// JSON table (models/label_maps/*.json), then drop classes too small to learn and keep the N largest.
//
// Steps, in order, on n labels:
//   1. map: a label found in `map` becomes its broad genre; one not found is kept as it is (Unmapped::Keep),
//      its row dropped (Drop), or renamed `other_label` (Other). Missing labels are always dropped.
//   2. min_count: classes with fewer than min_count rows (after mapping) are dropped;
//   3. top_n: only the top_n largest classes stay, ties broken by class name (code point order).
// The report gives class counts before (fine labels) and after (final labels), the labels that had no
// entry, and what each step dropped, so a teacher can show why a class disappeared.
// Counting happens on the rows given: pass all rows to choose the class set before splitting (the class
// set is a modelling decision, not a fitted statistic), or the training rows to be strict.
// No scikit-learn counterpart (pandas: y.map(m).fillna(...), value_counts()).
#pragma once
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "io/table.hpp"

namespace genrelab::preprocess {

enum class Unmapped { Keep, Drop, Other };
NLOHMANN_JSON_SERIALIZE_ENUM(Unmapped, {{Unmapped::Keep, "keep"}, {Unmapped::Drop, "drop"}, {Unmapped::Other, "other"}})

struct LabelMapParams {
    std::map<std::string, std::string> map;   // fine label → broad label
    Unmapped unmapped = Unmapped::Keep;
    std::string other_label = "other";
    long long min_count = 0;   // drop classes with fewer rows (0: keep all)
    int top_n = 0;             // keep the N largest classes (0: all)
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(LabelMapParams, map, unmapped, other_label, min_count, top_n)

using ClassCounts = std::vector<std::pair<std::string, long long>>;   // sorted by class name

struct LabelMapReport {
    long long rows_before = 0, rows_after = 0;
    long long missing_label_rows = 0;
    ClassCounts counts_before;                  // fine labels
    ClassCounts counts_after;                   // final labels
    std::vector<std::string> unmapped_labels;   // fine labels without an entry (sorted)
    long long unmapped_rows = 0;
    ClassCounts dropped_rare;                   // classes dropped by min_count, with their sizes
    ClassCounts dropped_beyond_top;             // classes dropped by top_n
    std::string summary;
};

struct LabelMapResult {
    std::vector<std::string> labels;   // the final label of each kept row
    std::vector<size_t> kept_rows;     // indices into the input, ascending
    LabelMapReport report;
};

// labels: n texts; missing: n flags or empty ("" is always missing).
LabelMapResult apply_label_map(const LabelMapParams& params, const std::vector<std::string>& labels,
                               const std::vector<bool>& missing = {});
// The same on a table: rewrites the label column's cells and drops the other rows (in place).
LabelMapReport apply_label_map(const LabelMapParams& params, io::Table& table, const std::string& label_column);

// A map file as shipped in models/label_maps/: {"format":"genrelab-label-map","version":1,"name",
// "description","source","broad":[…],"map":{fine: broad}}. Every target must be one of `broad`.
struct LabelMapFile {
    std::string name;
    std::string description;
    std::string source;
    std::vector<std::string> broad;
    std::map<std::string, std::string> map;
};
LabelMapFile parse_label_map_file(const nlohmann::json& j);   // validates; throws genrelab::Error
nlohmann::json label_map_file_json(const LabelMapFile& f);

void to_json(nlohmann::json& j, const LabelMapReport& r);

}  // namespace genrelab::preprocess
