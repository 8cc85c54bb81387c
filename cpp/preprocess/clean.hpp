// Data hygiene on a table as read (io::Table), before any feature is computed: the rules a person would
// apply by hand to a Kaggle CSV, written as JSON so a recipe can carry them, each one reporting what it
// did (rows/cells affected, before/after counts, example file lines).
//
// clean() applies, in this order, on the table in place:
//   1. drop_columns         remove named columns (an unknown name is an error listing the columns);
//   2. drop_empty_rows      rows whose every cell is empty or a missing marker;
//   3. to_missing rules     sentinel → missing, per column: {"column":"tempo","equals":["?","0"]},
//                           {"column":"duration_ms","less_than":0}, {"column":"artist_name","equals":["empty_field"]}
//                           (equals compares the trimmed text exactly; less_than/greater_than compare the number);
//                           the cell keeps its text but is flagged missing and its value becomes NaN;
//   4. range rules          drop rows outside [min, max]: {"column":"duration_ms","min":30000}; missing values
//                           are kept unless "drop_missing": true;
//   5. drop_duplicate_rows  rows whose every cell (except duplicate_ignore_columns, e.g. an id) equals an
//                           earlier row's: the first is kept;
//   6. conflicting_labels   the same key (e.g. artist + track) under several labels: {"keys":["artist_name",
//                           "track_name"], "label":"music_genre", "policy":"keep"|"drop_all"|"keep_first"};
//                           always reported (how many keys, which rows, which label combinations), and with
//                           drop_all every row of such a key goes, with keep_first all but its first row go.
//                           Rows with a missing key cell are not grouped (ignore_missing_keys, default true).
// Row removal keeps `line_of_row` in step, so later messages still point at file lines.
// suggest_drop_columns() lists columns that are rarely features — empty, constant, id-like, date-like, free
// text (names, titles) — by calling the io profile (io/profile.hpp, one rule set for the whole product) and
// adding a reason code a recipe can act on.
// No scikit-learn counterpart: these are pandas one-liners (dropna(how="all"), replace, drop_duplicates,
// groupby(keys)[label].nunique() > 1), which is how the tests' figures were checked.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "io/table.hpp"

namespace genrelab::preprocess {

struct MissingRule {
    std::string column;
    std::vector<std::string> equals;
    std::optional<double> less_than;
    std::optional<double> greater_than;
};

struct RangeRule {
    std::string column;
    std::optional<double> min;
    std::optional<double> max;
    bool drop_missing = false;
};

enum class ConflictPolicy { Keep, DropAll, KeepFirst };
NLOHMANN_JSON_SERIALIZE_ENUM(ConflictPolicy, {{ConflictPolicy::Keep, "keep"}, {ConflictPolicy::DropAll, "drop_all"}, {ConflictPolicy::KeepFirst, "keep_first"}})

struct ConflictRule {
    std::vector<std::string> keys;   // empty: the check is off
    std::string label;
    ConflictPolicy policy = ConflictPolicy::Keep;
    bool ignore_missing_keys = true;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ConflictRule, keys, label, policy, ignore_missing_keys)

struct CleanParams {
    std::vector<std::string> drop_columns;
    bool drop_empty_rows = true;
    std::vector<MissingRule> to_missing;
    std::vector<RangeRule> ranges;
    bool drop_duplicate_rows = false;
    std::vector<std::string> duplicate_ignore_columns;
    ConflictRule conflicting_labels;
};

// What one rule did. Counts are rows of the table as it was when the rule ran.
struct RuleReport {
    std::string rule;             // drop_columns | drop_empty_rows | to_missing | range | duplicate_rows | conflicting_labels
    std::string column;           // the column it is about, if one
    std::string summary;          // one sentence for people
    long long rows_before = 0;
    long long rows_after = 0;
    long long cells_affected = 0;   // to_missing: cells matching the rule (also those already missing)
    long long missing_before = -1;  // to_missing: missing cells in the column before/after; -1 otherwise
    long long missing_after = -1;
    std::vector<long> example_lines;   // up to 5 file lines of affected rows
    nlohmann::json details = nlohmann::json::object();   // rule-specific extras
};

struct CleanReport {
    long long rows_before = 0, rows_after = 0;
    long long columns_before = 0, columns_after = 0;
    std::vector<RuleReport> rules;
};

// The same key under several labels (the leakage trap of music_genre.csv: 3,633 artist/track pairs).
struct LabelConflicts {
    long long keys = 0;                  // distinct keys among usable rows
    long long conflicting_keys = 0;      // keys with more than one distinct label
    std::vector<size_t> rows;            // every row of a conflicting key, ascending
    std::vector<size_t> first_rows;      // the first row of each conflicting key, ascending
    std::vector<std::pair<std::string, long long>> label_sets;   // "Hip-Hop | Rap" → keys, most frequent first
};

CleanReport clean(const CleanParams& params, io::Table& table);
LabelConflicts find_label_conflicts(const io::Table& table, const std::vector<std::string>& keys, const std::string& label,
                                    bool ignore_missing_keys = true);

struct DropSuggestion {
    std::string column;
    std::string reason;   // empty | constant | id_like | date_like | text
    std::string summary;  // "'obtained_date': drop: looks like a date (e.g. '4-Apr')" (the profile's words)
};
std::vector<DropSuggestion> suggest_drop_columns(const io::Table& table, const std::string& label_column = "");

// Keeps only `rows` (ascending, distinct) of every column and of line_of_row.
void keep_rows(io::Table& table, const std::vector<size_t>& rows);

void to_json(nlohmann::json& j, const MissingRule& r);
void from_json(const nlohmann::json& j, MissingRule& r);    // unknown keys are errors (catch typos)
void to_json(nlohmann::json& j, const RangeRule& r);
void from_json(const nlohmann::json& j, RangeRule& r);
void to_json(nlohmann::json& j, const CleanParams& p);
void from_json(const nlohmann::json& j, CleanParams& p);
void to_json(nlohmann::json& j, const RuleReport& r);
void to_json(nlohmann::json& j, const CleanReport& r);
void to_json(nlohmann::json& j, const DropSuggestion& s);

}  // namespace genrelab::preprocess
