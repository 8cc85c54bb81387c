#include "preprocess/minmax_scaler.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.hpp"

namespace genrelab::preprocess {

namespace {

void require_finite(const Matrix& X) {
    for (Index j = 0; j < X.cols(); ++j)
        for (Index i = 0; i < X.rows(); ++i)
            if (!std::isfinite(X(i, j)))
                throw Error(std::string("min-max scaler: X has ") +
                            (std::isnan(X(i, j)) ? "a missing value (NaN)" : "an infinite value") + " in row " +
                            std::to_string(i) + ", column " + std::to_string(j) +
                            "; impute missing values before scaling");
}

void require_range(const MinMaxScalerParams& p) {
    if (!std::isfinite(p.feature_min) || !std::isfinite(p.feature_max) || !(p.feature_min < p.feature_max))
        throw Error("the min-max scaler's range needs feature_min < feature_max (got " + std::to_string(p.feature_min) +
                    " and " + std::to_string(p.feature_max) + ")");
}

void require_columns(const MinMaxScalerModel& m, const Matrix& X) {
    if (X.cols() != m.scale.size())
        throw Error("X has " + std::to_string(X.cols()) + " columns but the min-max scaler was fitted on " +
                    std::to_string(m.scale.size()));
}

}  // namespace

MinMaxScalerModel fit(const MinMaxScalerParams& params, const Matrix& X, Progress&) {
    require_range(params);
    if (X.rows() == 0 || X.cols() == 0)
        throw Error("the min-max scaler needs at least one row and one column to learn from (got " +
                    std::to_string(X.rows()) + "×" + std::to_string(X.cols()) + ")");
    require_finite(X);
    const Index d = X.cols();
    MinMaxScalerModel m;
    m.params = params;
    m.data_min.resize(d);
    m.data_max.resize(d);
    m.scale.resize(d);
    m.offset.resize(d);
    const double eps = std::numeric_limits<double>::epsilon();
    for (Index j = 0; j < d; ++j) {
        const double* col = X.col(j).data();
        double lo = col[0], hi = col[0];
        for (Index i = 1; i < X.rows(); ++i) {
            lo = std::min(lo, col[i]);
            hi = std::max(hi, col[i]);
        }
        double range = hi - lo;
        if (range < 10 * eps) range = 1.0;  // scikit-learn's _handle_zeros_in_scale
        m.data_min[j] = lo;
        m.data_max[j] = hi;
        m.scale[j] = (params.feature_max - params.feature_min) / range;
        m.offset[j] = params.feature_min - lo * m.scale[j];
    }
    return m;
}

Matrix transform(const MinMaxScalerModel& m, const Matrix& X) {
    validate(m);
    require_columns(m, X);
    require_finite(X);
    Matrix out(X.rows(), X.cols());
    const double lo = m.params.feature_min, hi = m.params.feature_max;
    for (Index j = 0; j < X.cols(); ++j) {
        const double* in = X.col(j).data();
        double* o = out.col(j).data();
        const double s = m.scale[j], b = m.offset[j];
        for (Index i = 0; i < X.rows(); ++i) o[i] = in[i] * s + b;
        if (m.params.clip)
            for (Index i = 0; i < X.rows(); ++i) o[i] = std::min(hi, std::max(lo, o[i]));
    }
    return out;
}

Matrix inverse_transform(const MinMaxScalerModel& m, const Matrix& X) {
    validate(m);
    require_columns(m, X);
    require_finite(X);
    Matrix out(X.rows(), X.cols());
    for (Index j = 0; j < X.cols(); ++j) {
        const double* in = X.col(j).data();
        double* o = out.col(j).data();
        for (Index i = 0; i < X.rows(); ++i) o[i] = (in[i] - m.offset[j]) / m.scale[j];
    }
    return out;
}

void validate(const MinMaxScalerModel& m) {
    require_range(m.params);
    const Index d = m.scale.size();
    if (d == 0) throw Error("min-max scaler model: it holds no columns");
    if (m.data_min.size() != d || m.data_max.size() != d || m.offset.size() != d)
        throw Error("min-max scaler model: data_min, data_max, scale and offset must have the same length (" +
                    std::to_string(m.data_min.size()) + ", " + std::to_string(m.data_max.size()) + ", " +
                    std::to_string(d) + ", " + std::to_string(m.offset.size()) + ")");
    for (Index j = 0; j < d; ++j) {
        if (!std::isfinite(m.data_min[j]) || !std::isfinite(m.data_max[j]) || !std::isfinite(m.offset[j]))
            throw Error("min-max scaler model: column " + std::to_string(j) + " holds a value that is not finite");
        if (!std::isfinite(m.scale[j]) || m.scale[j] <= 0)
            throw Error("min-max scaler model: scale " + std::to_string(j) + " must be a positive number");
    }
}

void to_json(nlohmann::json& j, const MinMaxScalerModel& m) {
    j = nlohmann::json{{"params", m.params},     {"data_min", m.data_min}, {"data_max", m.data_max},
                       {"scale", m.scale},       {"offset", m.offset}};
}

void from_json(const nlohmann::json& j, MinMaxScalerModel& m) {
    for (const char* key : {"data_min", "data_max", "scale", "offset"})
        if (!j.is_object() || !j.contains(key)) throw Error(std::string("min-max scaler model: '") + key + "' is missing");
    m.params = j.value("params", MinMaxScalerParams{});
    j.at("data_min").get_to(m.data_min);
    j.at("data_max").get_to(m.data_max);
    j.at("scale").get_to(m.scale);
    j.at("offset").get_to(m.offset);
    validate(m);
}

}  // namespace genrelab::preprocess
