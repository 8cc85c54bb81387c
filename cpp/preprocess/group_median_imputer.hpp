// Fills a numeric feature's missing values with the median of the same group over the training rows —
// e.g. a song's missing tempo from the median tempo of that artist's other training songs — and falls
// back to the column's global training median when the row has no group, the group was not seen in
// training, or it had fewer than `min_group_count` known values in that column.
//
//   X (fit, transform): n × d, one sample per row, NaN = missing (±Inf is an error);
//   groups: n group keys (a CategoricalColumn, encode_common.hpp; a missing key → global median).
//   model.global_median: d; model.group_median[j]: group key → median of column j, only for groups with
//   enough known values (so the map, like the JSON object it is saved as, is sorted by key).
// Median of an even count = mean of the two middle values (numpy/pandas). Fit only on training rows,
// or the medians leak test values into the features (leakage.hpp's FitGuard can check this).
// scikit-learn has no group-wise imputer; the global fallback equals SimpleImputer(strategy="median"),
// and the group medians equal pandas' X.groupby(key).median() (how the reference test checks them).
#pragma once
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/progress.hpp"
#include "core/types.hpp"
#include "preprocess/encode_common.hpp"

namespace genrelab::preprocess {

struct GroupMedianParams {
    long long min_group_count = 1;   // known values a group needs in a column to use its own median
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(GroupMedianParams, min_group_count)

struct GroupMedianModel {
    std::string group_column;                               // name of the key column, for messages
    Vector global_median;                                   // d
    std::vector<std::map<std::string, double>> group_median;   // d maps, key → median
};

// How transform filled the missing cells (for reports).
struct GroupMedianCounts {
    long long from_group = 0;
    long long from_global = 0;
};

GroupMedianModel fit(const GroupMedianParams& params, const Matrix& X, const CategoricalColumn& groups,
                     Progress& progress = Progress::none());
Matrix transform(const GroupMedianModel& model, const Matrix& X, const CategoricalColumn& groups,
                 GroupMedianCounts* counts = nullptr);

void validate(const GroupMedianModel& model);
void to_json(nlohmann::json& j, const GroupMedianModel& m);
void from_json(const nlohmann::json& j, GroupMedianModel& m);   // validates

}  // namespace genrelab::preprocess
