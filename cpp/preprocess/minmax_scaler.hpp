// MinMaxScaler: maps each column's training range [min, max] linearly onto [feature_min, feature_max].
//
//   X: n×d, one sample per row, finite (impute first: NaN/Inf are errors here).
//   fit learns data_min, data_max (length d) and the affine map scale, offset (length d):
//     transform(X)         = X · scale + offset        (clipped to the range when clip = true)
//     inverse_transform(X) = (X − offset) / scale
//
// Matches scikit-learn's MinMaxScaler(feature_range=(feature_min, feature_max), clip): scale =
// (hi − lo) / (max − min), with a range below 10·ε treated as 1 (_handle_zeros_in_scale), so a constant
// training column maps to feature_min; offset = lo − min · scale. Values outside the training range map
// outside [lo, hi] unless clip. Deliberately differs: NaN is an error (scikit-learn skips it in fit).
#pragma once
#include <nlohmann/json.hpp>

#include "core/json_eigen.hpp"
#include "core/progress.hpp"
#include "core/types.hpp"

namespace genrelab::preprocess {

struct MinMaxScalerParams {
    double feature_min = 0.0;  // lo of scikit-learn's feature_range
    double feature_max = 1.0;  // hi; must be > feature_min
    bool clip = false;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(MinMaxScalerParams, feature_min, feature_max, clip)

struct MinMaxScalerModel {
    MinMaxScalerParams params;
    Vector data_min;  // length d
    Vector data_max;  // length d
    Vector scale;     // length d, > 0
    Vector offset;    // length d
};
void to_json(nlohmann::json& j, const MinMaxScalerModel& m);
void from_json(const nlohmann::json& j, MinMaxScalerModel& m);  // validates

// X: n×d, n ≥ 1, finite.
MinMaxScalerModel fit(const MinMaxScalerParams& params, const Matrix& X, Progress& progress = Progress::none());
// X: m×d (the fitted d), finite → m×d.
Matrix transform(const MinMaxScalerModel& model, const Matrix& X);
Matrix inverse_transform(const MinMaxScalerModel& model, const Matrix& X);
// Throws genrelab::Error unless all four vectors have the same non-zero length, are finite, scale > 0
// and feature_min < feature_max.
void validate(const MinMaxScalerModel& model);

}  // namespace genrelab::preprocess
