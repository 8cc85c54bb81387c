// Maps each feature through its own empirical distribution function, so that skewed features (duration,
// speechiness, instrumentalness) become uniform on [0, 1] or standard normal: scikit-learn's
// QuantileTransformer (1.2), dense input.
//
//   X (fit, transform, inverse_transform): n × d, one sample per row; NaN means missing and is ignored by
//   fit and passed through by transform, like sklearn; ±Inf is an error.
//   model.references: the n_quantiles probabilities 0 … 1 (np.linspace(0, 1, n_quantiles));
//   model.quantiles: n_quantiles × d, column j the feature-j values at those probabilities.
//
// Matches scikit-learn step by step:
//   * n_quantiles_ = min(n_quantiles, n) (n = rows, not the subsample size); n_quantiles > subsample throws;
//   * quantiles by np.nanpercentile's 'linear' method ((m − 1)·q virtual index, numpy's two-sided lerp),
//     then made non-decreasing (np.maximum.accumulate);
//   * transform interpolates ascending and descending (np.interp on the quantiles and on their negated
//     reversal) and averages the two, so a value repeated across several quantiles maps to the middle of
//     their probabilities rather than to one end;
//   * uniform output: x == first quantile → 0, x == last → 1; normal output: x within 1e-7 of or beyond
//     the ends → 0/1 (BOUNDS_THRESHOLD), then the normal quantile function, clipped to
//     ±ppf(1e-7 − 2⁻⁵²) ≈ ±5.1993 so inverse_transform stays finite.
// Differs: when n > subsample, each column's subsample is drawn without replacement from genrelab::Rng
// (seeded by `seed`), so the rows differ from numpy's RandomState.choice; the normal quantile function is
// Wichura's AS 241 (relative error ~1e-16) rather than scipy's ndtri.
// Fitting sorts each column once (O(n log n)): fast enough (< 100 ms at 50k × 13) to need no Stepper.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>

#include "core/json_eigen.hpp"
#include "core/progress.hpp"
#include "core/types.hpp"

namespace genrelab::preprocess {

enum class QuantileOutput { Uniform, Normal };
NLOHMANN_JSON_SERIALIZE_ENUM(QuantileOutput, {{QuantileOutput::Uniform, "uniform"}, {QuantileOutput::Normal, "normal"}})

struct QuantileParams {
    int n_quantiles = 1000;
    QuantileOutput output_distribution = QuantileOutput::Uniform;
    long long subsample = 10000;   // sklearn 1.2's default for the class
    uint64_t seed = 42;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(QuantileParams, n_quantiles, output_distribution, subsample, seed)

struct QuantileModel {
    QuantileOutput output_distribution = QuantileOutput::Uniform;
    Vector references;   // n_quantiles, 0 … 1
    Matrix quantiles;    // n_quantiles × d
};

QuantileModel fit(const QuantileParams& params, const Matrix& X, Progress& progress = Progress::none());
Matrix transform(const QuantileModel& model, const Matrix& X);           // n × d
Matrix inverse_transform(const QuantileModel& model, const Matrix& X);   // n × d, back to feature units

void validate(const QuantileModel& model);
void to_json(nlohmann::json& j, const QuantileModel& m);
void from_json(const nlohmann::json& j, QuantileModel& m);   // validates

// The standard normal quantile function (AS 241, PPND16) and CDF; exposed for tests.
double normal_ppf(double p);
double normal_cdf(double x);

}  // namespace genrelab::preprocess
