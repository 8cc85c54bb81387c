// SimpleImputer: fills missing values (NaN) column by column with a statistic learned on the
// training rows — the column's mean, median, most frequent value, or a constant.
//
//   X: n×d, one sample per row; NaN marks a missing cell. ±Inf is not "missing" but an error.
//   fit   learns `statistics` (length d) from X.
//   transform returns a copy of X (n×d, same d as at fit) with every NaN replaced by its column's statistic.
//
// Matches scikit-learn's SimpleImputer(missing_values=np.nan, strategy=…):
//   - median of an even count = mean of the two middle values (numpy's median);
//   - most_frequent: ties go to the smallest value (scipy.stats.mode, as scikit-learn);
//   - constant: `fill_value` everywhere, also for columns that were entirely missing.
// Deliberately differs: a column that is entirely missing in the training rows is an error for
// mean/median/most_frequent (scikit-learn silently drops the column, which would shift every later
// column index); the message names the column (by `column_names[j]` when given, else by index).
// The default strategy is the median (the peers' data protocol, ../shared/peers/README.md rule 7),
// not scikit-learn's mean.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/json_eigen.hpp"
#include "core/progress.hpp"
#include "core/types.hpp"

namespace genrelab::preprocess {

enum class ImputeStrategy { Mean, Median, MostFrequent, Constant };
NLOHMANN_JSON_SERIALIZE_ENUM(ImputeStrategy, {{ImputeStrategy::Mean, "mean"},
                                              {ImputeStrategy::Median, "median"},
                                              {ImputeStrategy::MostFrequent, "most_frequent"},
                                              {ImputeStrategy::Constant, "constant"}})

struct SimpleImputerParams {
    ImputeStrategy strategy = ImputeStrategy::Median;
    double fill_value = 0.0;  // used by Constant only; must be finite
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(SimpleImputerParams, strategy, fill_value)

struct SimpleImputerModel {
    SimpleImputerParams params;
    Vector statistics;  // length d: the value that replaces NaN in column j
};
void to_json(nlohmann::json& j, const SimpleImputerModel& m);
void from_json(const nlohmann::json& j, SimpleImputerModel& m);  // validates

// X: n×d (n ≥ 1). column_names (optional, size d) are used only in error messages.
SimpleImputerModel fit(const SimpleImputerParams& params, const Matrix& X,
                       const std::vector<std::string>& column_names = {}, Progress& progress = Progress::none());
// X: m×d with the fitted d; returns m×d without NaN.
Matrix transform(const SimpleImputerModel& model, const Matrix& X);
// Throws genrelab::Error unless statistics is non-empty and finite.
void validate(const SimpleImputerModel& model);

}  // namespace genrelab::preprocess
