// StandardScaler: centres each column on its training mean and divides by its training standard
// deviation, so every feature enters distance- and gradient-based models on the same scale.
//
//   X: n×d, one sample per row, finite (impute first: NaN/Inf are errors here).
//   fit learns mean (length d) and scale (length d, the population standard deviation, ddof = 0).
//   transform:          (X − mean) / scale   (each part only if with_mean / with_std)
//   inverse_transform:  X · scale + mean
//
// Matches scikit-learn's StandardScaler(with_mean, with_std): population σ; a column whose variance is
// zero up to rounding (scikit-learn's _is_constant_feature bound, n·ε·var + (n·mean·ε)²) or whose σ is
// below 10·ε gets scale 1, so constant columns become 0 instead of NaN/noise. Deliberately differs:
// scikit-learn skips NaN when fitting; here the pipeline imputes first and NaN/Inf are errors.
#pragma once
#include <nlohmann/json.hpp>

#include "core/json_eigen.hpp"
#include "core/progress.hpp"
#include "core/types.hpp"

namespace genrelab::preprocess {

struct StandardScalerParams {
    bool with_mean = true;
    bool with_std = true;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(StandardScalerParams, with_mean, with_std)

struct StandardScalerModel {
    StandardScalerParams params;
    Vector mean;   // length d, the training column means (kept even when with_mean = false)
    Vector scale;  // length d, > 0: the training population σ, 1 for constant columns
};
void to_json(nlohmann::json& j, const StandardScalerModel& m);
void from_json(const nlohmann::json& j, StandardScalerModel& m);  // validates

// X: n×d, n ≥ 1, finite.
StandardScalerModel fit(const StandardScalerParams& params, const Matrix& X, Progress& progress = Progress::none());
// X: m×d (the fitted d), finite → m×d.
Matrix transform(const StandardScalerModel& model, const Matrix& X);
Matrix inverse_transform(const StandardScalerModel& model, const Matrix& X);
// Throws genrelab::Error unless mean and scale have the same non-zero length, are finite and scale > 0.
void validate(const StandardScalerModel& model);

}  // namespace genrelab::preprocess
