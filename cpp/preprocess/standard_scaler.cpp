#include "preprocess/standard_scaler.hpp"

#include <cmath>
#include <limits>

#include "core/error.hpp"

namespace genrelab::preprocess {

namespace {

void require_finite(const Matrix& X, const char* who) {
    for (Index j = 0; j < X.cols(); ++j)
        for (Index i = 0; i < X.rows(); ++i)
            if (!std::isfinite(X(i, j)))
                throw Error(std::string(who) + ": X has " + (std::isnan(X(i, j)) ? "a missing value (NaN)" : "an infinite value") +
                            " in row " + std::to_string(i) + ", column " + std::to_string(j) +
                            "; impute missing values before scaling");
}

void require_columns(const StandardScalerModel& m, const Matrix& X) {
    if (X.cols() != m.mean.size())
        throw Error("X has " + std::to_string(X.cols()) + " columns but the standard scaler was fitted on " +
                    std::to_string(m.mean.size()));
}

}  // namespace

StandardScalerModel fit(const StandardScalerParams& params, const Matrix& X, Progress&) {
    if (X.rows() == 0 || X.cols() == 0)
        throw Error("the standard scaler needs at least one row and one column to learn from (got " +
                    std::to_string(X.rows()) + "×" + std::to_string(X.cols()) + ")");
    require_finite(X, "standard scaler");
    const Index n = X.rows();
    const double nd = static_cast<double>(n);
    const double eps = std::numeric_limits<double>::epsilon();
    StandardScalerModel m;
    m.params = params;
    m.mean.resize(X.cols());
    m.scale.resize(X.cols());
    // Plain sequential sums (no Eigen reductions): the same order natively and in wasm, so bit-identical.
    for (Index j = 0; j < X.cols(); ++j) {
        const double* col = X.col(j).data();
        double s = 0;
        for (Index i = 0; i < n; ++i) s += col[i];
        const double mean = s / nd;
        double ss = 0, c = 0;
        for (Index i = 0; i < n; ++i) {
            const double t = col[i] - mean;
            ss += t * t;
            c += t;
        }
        // Two-pass variance with the rounding of the mean corrected, as numpy/scikit-learn do.
        double var = (ss - c * c / nd) / nd;
        if (var < 0) var = 0;
        m.mean[j] = mean;
        // scikit-learn's _is_constant_feature: a variance this small is rounding noise of a constant column.
        const double bound = nd * eps * var + (nd * mean * eps) * (nd * mean * eps);
        const double sd = std::sqrt(var);
        m.scale[j] = (var <= bound || sd < 10 * eps) ? 1.0 : sd;
    }
    return m;
}

Matrix transform(const StandardScalerModel& m, const Matrix& X) {
    validate(m);
    require_columns(m, X);
    require_finite(X, "standard scaler");
    Matrix out(X.rows(), X.cols());
    for (Index j = 0; j < X.cols(); ++j) {
        const double mu = m.params.with_mean ? m.mean[j] : 0.0;
        const double sd = m.params.with_std ? m.scale[j] : 1.0;
        const double* in = X.col(j).data();
        double* o = out.col(j).data();
        for (Index i = 0; i < X.rows(); ++i) o[i] = (in[i] - mu) / sd;
    }
    return out;
}

Matrix inverse_transform(const StandardScalerModel& m, const Matrix& X) {
    validate(m);
    require_columns(m, X);
    require_finite(X, "standard scaler");
    Matrix out(X.rows(), X.cols());
    for (Index j = 0; j < X.cols(); ++j) {
        const double mu = m.params.with_mean ? m.mean[j] : 0.0;
        const double sd = m.params.with_std ? m.scale[j] : 1.0;
        const double* in = X.col(j).data();
        double* o = out.col(j).data();
        for (Index i = 0; i < X.rows(); ++i) o[i] = in[i] * sd + mu;
    }
    return out;
}

void validate(const StandardScalerModel& m) {
    if (m.mean.size() == 0) throw Error("standard scaler model: it holds no columns");
    if (m.scale.size() != m.mean.size())
        throw Error("standard scaler model: " + std::to_string(m.mean.size()) + " means but " +
                    std::to_string(m.scale.size()) + " scales");
    for (Index j = 0; j < m.mean.size(); ++j) {
        if (!std::isfinite(m.mean[j])) throw Error("standard scaler model: mean " + std::to_string(j) + " is not finite");
        if (!std::isfinite(m.scale[j]) || m.scale[j] <= 0)
            throw Error("standard scaler model: scale " + std::to_string(j) + " must be a positive number");
    }
}

void to_json(nlohmann::json& j, const StandardScalerModel& m) {
    j = nlohmann::json{{"params", m.params}, {"mean", m.mean}, {"scale", m.scale}};
}

void from_json(const nlohmann::json& j, StandardScalerModel& m) {
    if (!j.is_object() || !j.contains("mean") || !j.contains("scale"))
        throw Error("standard scaler model: 'mean' and 'scale' are required");
    m.params = j.value("params", StandardScalerParams{});
    j.at("mean").get_to(m.mean);
    j.at("scale").get_to(m.scale);
    validate(m);
}

}  // namespace genrelab::preprocess
