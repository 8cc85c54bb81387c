// Leakage checks for a train/validation/test split, in plain language.
//
// check_leakage: rows of an evaluation split (validation, test) whose key — chosen columns such as
// (artist_name, track_name), or the whole row except some columns — also occurs in training. The same
// song under two genres (music_genre.csv has 3,633 such pairs) or a duplicated row on both sides lets a
// model score by memory, so accuracy on those rows is optimistic. The report counts shared keys and
// affected rows per pair of splits and says so in a sentence:
//   "312 (artist_name, track_name) pairs of the test set also appear in training, 6.2 % of the test rows:
//    accuracy on them may be optimistic".
// It also refuses a split that puts the same row index in two parts or points past the table.
//
// FitGuard: each fitted stage (imputer, scaler, encoder …) records the row indices it was fitted on;
// the pipeline then asserts they are all training rows (require_within), so no statistic saw the test set.
//
//   SplitRows: row indices into the table (any order; they are sorted internally).
// No scikit-learn counterpart (sklearn's GroupShuffleSplit avoids the leak; this measures it).
#pragma once
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "io/table.hpp"

namespace genrelab::preprocess {

struct SplitRows {
    std::vector<size_t> train, validation, test;
};

struct LeakageParams {
    std::vector<std::string> key_columns;       // empty: the whole row …
    std::vector<std::string> exclude_columns;   // … without these (e.g. the label and an id column)
    bool ignore_missing_keys = true;            // a row with a missing key cell matches nothing
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(LeakageParams, key_columns, exclude_columns, ignore_missing_keys)

struct SplitOverlap {
    std::string fitted_on;        // "train"
    std::string evaluated_on;     // "test" or "validation"
    long long shared_keys = 0;    // distinct keys of evaluated_on that also occur in fitted_on
    long long rows = 0;           // rows of evaluated_on
    long long shared_rows = 0;    // rows of evaluated_on whose key occurs in fitted_on
    double fraction = 0;          // shared_rows / rows
    std::vector<size_t> example_rows;   // up to 5 such rows (table row indices)
    std::vector<long> example_lines;    // their file lines
    std::string summary;
};

struct LeakageReport {
    std::string key_description;          // "(artist_name, track_name) pairs" or "identical rows"
    std::vector<SplitOverlap> overlaps;   // train→validation, train→test, validation→test (non-empty splits only)
    std::string summary;                  // the sentences joined
};

LeakageReport check_leakage(const LeakageParams& params, const io::Table& table, const SplitRows& split);
// The same on precomputed keys (one per row; usable[r] = false: the row matches nothing).
LeakageReport check_leakage(const std::vector<std::string>& row_keys, const std::vector<bool>& usable, const SplitRows& split,
                            const std::string& key_description, const std::vector<long>& line_of_row = {});

class FitGuard {
public:
    // Records (replaces) the rows `stage` was fitted on.
    void record(const std::string& stage, std::vector<size_t> rows);
    bool has(const std::string& stage) const { return fitted_.count(stage) > 0; }
    const std::vector<size_t>& rows(const std::string& stage) const;   // sorted
    std::vector<std::string> stages() const;                           // sorted by name
    // Throws genrelab::Error naming the stage and a row when a recorded stage saw a row outside `allowed`.
    void require_within(const std::vector<size_t>& allowed, const std::string& allowed_name = "training") const;
    // Throws when a recorded stage saw any of `forbidden` (e.g. the test rows).
    void require_disjoint(const std::vector<size_t>& forbidden, const std::string& forbidden_name = "test") const;
    nlohmann::json summary() const;   // {stage: {"rows": n}}

private:
    std::map<std::string, std::vector<size_t>> fitted_;
};

void to_json(nlohmann::json& j, const SplitOverlap& o);
void to_json(nlohmann::json& j, const LeakageReport& r);

}  // namespace genrelab::preprocess
