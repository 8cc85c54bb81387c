#include "preprocess/regression_imputer.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "core/error.hpp"
#include "core/json_eigen.hpp"
#include "core/rng.hpp"

namespace genrelab::preprocess {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void check_finite_or_nan(const Matrix& X, const char* when) {
    for (Index j = 0; j < X.cols(); ++j)
        for (Index i = 0; i < X.rows(); ++i)
            if (std::isinf(X(i, j)))
                throw Error(std::string("regression imputer (") + when + "): X has an infinite value in row " + std::to_string(i) +
                            ", column " + std::to_string(j + 1) + " (missing values must be NaN)");
}

double median_of(std::vector<double> v) {
    const size_t h = v.size() / 2;
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(h), v.end());
    const double upper = v[h];
    if (v.size() % 2 == 1) return upper;
    const double lower = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(h));
    return (lower + upper) / 2.0;
}

// The predictors of the rows `rows` (all when empty): target column removed, missing cells filled,
// standardised. n × (d−1).
Matrix predictors(const RegressionImputerModel& m, const Matrix& X, const std::vector<Index>* rows = nullptr) {
    const Index n = rows ? static_cast<Index>(rows->size()) : X.rows();
    Matrix P(n, m.n_inputs - 1);
    for (Index i = 0; i < n; ++i) {
        const Index r = rows ? (*rows)[static_cast<size_t>(i)] : i;
        for (Index j = 0, k = 0; j < m.n_inputs; ++j) {
            if (j == m.target) continue;
            double v = X(r, j);
            if (std::isnan(v)) v = m.predictor_fill[k];
            P(i, k) = (v - m.predictor_mean[k]) / m.predictor_scale[k];
            ++k;
        }
    }
    return P;
}

Vector to_units(const RegressionImputerModel& m, const Matrix& z) {
    Vector out(z.rows());
    for (Index i = 0; i < z.rows(); ++i) out[i] = z(i, 0) * m.target_scale + m.target_mean;
    return out;
}

}  // namespace

double r2_score(const Vector& y, const Vector& y_pred) {
    if (y.size() != y_pred.size()) throw Error("r2_score: y and y_pred have different lengths");
    if (y.size() == 0) throw Error("r2_score: no values");
    const double mean = y.mean();
    const double ss_res = (y - y_pred).squaredNorm();
    const double ss_tot = (y.array() - mean).square().sum();
    if (ss_tot == 0.0) return ss_res == 0.0 ? 1.0 : 0.0;
    return 1.0 - ss_res / ss_tot;
}

RegressionImputerFitter::RegressionImputerFitter(const RegressionImputerParams& params, const Matrix& X, Index target,
                                                 const std::string& column_name)
    : params_(params) {
    const std::string name = column_name.empty() ? "column " + std::to_string(target + 1) : "'" + column_name + "'";
    if (X.cols() < 2) throw Error("regression imputer: " + name + " needs at least one other column to be predicted from");
    if (target < 0 || target >= X.cols())
        throw Error("regression imputer: target column index " + std::to_string(target) + " is outside 0.." + std::to_string(X.cols() - 1));
    if (!(params.validation_fraction >= 0.0 && params.validation_fraction <= 0.9))
        throw Error("regression imputer: validation_fraction must be in [0, 0.9], got " + std::to_string(params.validation_fraction));
    if (params.epochs < 1) throw Error("regression imputer: epochs must be ≥ 1");
    for (int h : params.hidden)
        if (h < 1) throw Error("regression imputer: every hidden layer needs at least 1 unit");
    check_finite_or_nan(X, "fit");

    const Index d = X.cols();
    model_.n_inputs = d;
    model_.target = target;
    std::vector<Index> known;
    for (Index i = 0; i < X.rows(); ++i)
        if (!std::isnan(X(i, target))) known.push_back(i);
    if (known.size() < 10)
        throw Error("regression imputer: " + name + " is known in only " + std::to_string(known.size()) +
                    " training rows; it needs at least 10 to learn from");

    // Held-out rows: a seeded random subset of the rows with a known target (at least 2 rows stay for fitting).
    std::vector<Index> order = known;
    Rng rng(params.seed);
    rng.shuffle(order);
    size_t n_val = static_cast<size_t>(std::floor(params.validation_fraction * static_cast<double>(known.size())));
    n_val = std::min(n_val, known.size() - 2);
    std::vector<Index> val(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(n_val));
    std::vector<Index> fit_rows(order.begin() + static_cast<std::ptrdiff_t>(n_val), order.end());
    std::sort(val.begin(), val.end());
    std::sort(fit_rows.begin(), fit_rows.end());
    model_.n_fit = static_cast<long long>(fit_rows.size());
    model_.n_validation = static_cast<long long>(n_val);

    // Predictor statistics from the fitting rows only (the held-out rows stay unseen, like test rows).
    model_.predictor_fill.resize(d - 1);
    model_.predictor_mean.resize(d - 1);
    model_.predictor_scale.resize(d - 1);
    std::vector<double> values;
    for (Index j = 0, k = 0; j < d; ++j) {
        if (j == target) continue;
        values.clear();
        for (Index r : fit_rows)
            if (!std::isnan(X(r, j))) values.push_back(X(r, j));
        const double fill = values.empty() ? 0.0 : median_of(values);
        double sum = 0;
        for (Index r : fit_rows) sum += std::isnan(X(r, j)) ? fill : X(r, j);
        const double mean = sum / static_cast<double>(fit_rows.size());
        double ss = 0;
        for (Index r : fit_rows) {
            const double v = (std::isnan(X(r, j)) ? fill : X(r, j)) - mean;
            ss += v * v;
        }
        const double sd = std::sqrt(ss / static_cast<double>(fit_rows.size()));
        model_.predictor_fill[k] = fill;
        model_.predictor_mean[k] = mean;
        model_.predictor_scale[k] = sd > 0 ? sd : 1.0;
        ++k;
    }
    double tsum = 0;
    for (Index r : fit_rows) tsum += X(r, target);
    model_.target_mean = tsum / static_cast<double>(fit_rows.size());
    double tss = 0;
    for (Index r : fit_rows) tss += (X(r, target) - model_.target_mean) * (X(r, target) - model_.target_mean);
    const double tsd = std::sqrt(tss / static_cast<double>(fit_rows.size()));
    model_.target_scale = tsd > 0 ? tsd : 1.0;

    const Matrix P = predictors(model_, X, &fit_rows);
    Matrix Y(static_cast<Index>(fit_rows.size()), 1);
    for (size_t i = 0; i < fit_rows.size(); ++i) Y(static_cast<Index>(i), 0) = (X(fit_rows[i], target) - model_.target_mean) / model_.target_scale;
    P_val_ = predictors(model_, X, &val);
    y_val_.resize(static_cast<Index>(val.size()));
    for (size_t i = 0; i < val.size(); ++i) y_val_[static_cast<Index>(i)] = X(val[i], target);

    classify::MlpParams mp;
    mp.hidden = params.hidden;
    mp.epochs = params.epochs;
    mp.learning_rate = params.learning_rate;
    mp.batch_size = params.batch_size;
    mp.weight_decay = params.weight_decay;
    mp.seed = params.seed;
    mp.validation_fraction = 0;
    fitter_ = std::make_unique<classify::MlpFitter>(mp, P, Y);
}

RegressionImputerFitter::~RegressionImputerFitter() = default;

bool RegressionImputerFitter::step() {
    if (done_) return true;
    if (!fitter_->step()) return false;
    model_.mlp = fitter_->result();
    model_.validation_r2 = y_val_.size() > 0 ? r2_score(y_val_, to_units(model_, classify::predict_values(model_.mlp, P_val_))) : kNaN;
    done_ = true;
    return true;
}

double RegressionImputerFitter::fraction() const { return done_ ? 1.0 : fitter_->fraction(); }
std::string RegressionImputerFitter::stage() const { return "regression imputer: " + fitter_->stage(); }

RegressionImputerModel RegressionImputerFitter::result() const {
    if (!done_) throw Error("regression imputer: the fit is not finished");
    return model_;
}

RegressionImputerModel fit(const RegressionImputerParams& params, const Matrix& X, Index target, const std::string& column_name,
                           Progress& progress) {
    RegressionImputerFitter f(params, X, target, column_name);
    f.run(progress);
    return f.result();
}

Vector predict_target(const RegressionImputerModel& model, const Matrix& X) {
    if (X.cols() != model.n_inputs)
        throw Error("regression imputer: X has " + std::to_string(X.cols()) + " columns but the imputer was fitted on " +
                    std::to_string(model.n_inputs));
    check_finite_or_nan(X, "transform");
    if (X.rows() == 0) return Vector(0);
    return to_units(model, classify::predict_values(model.mlp, predictors(model, X)));
}

Matrix transform(const RegressionImputerModel& model, const Matrix& X, long long* filled) {
    if (X.cols() != model.n_inputs)
        throw Error("regression imputer: X has " + std::to_string(X.cols()) + " columns but the imputer was fitted on " +
                    std::to_string(model.n_inputs));
    check_finite_or_nan(X, "transform");
    Matrix out = X;
    std::vector<Index> rows;
    for (Index i = 0; i < X.rows(); ++i)
        if (std::isnan(X(i, model.target))) rows.push_back(i);
    if (filled) *filled = static_cast<long long>(rows.size());
    if (rows.empty()) return out;
    const Vector pred = to_units(model, classify::predict_values(model.mlp, predictors(model, X, &rows)));
    for (size_t i = 0; i < rows.size(); ++i) out(rows[i], model.target) = pred[static_cast<Index>(i)];
    return out;
}

void validate(const RegressionImputerModel& m) {
    if (m.n_inputs < 2) throw Error("model file: the regression imputer needs at least 2 columns");
    if (m.target < 0 || m.target >= m.n_inputs) throw Error("model file: the regression imputer's target column is out of range");
    const Index p = m.n_inputs - 1;
    if (m.predictor_fill.size() != p || m.predictor_mean.size() != p || m.predictor_scale.size() != p)
        throw Error("model file: the regression imputer's predictor statistics do not have " + std::to_string(p) + " entries");
    if (!m.predictor_fill.allFinite() || !m.predictor_mean.allFinite() || !m.predictor_scale.allFinite() ||
        (m.predictor_scale.array() <= 0).any() || !std::isfinite(m.target_mean) || !std::isfinite(m.target_scale) ||
        m.target_scale <= 0)
        throw Error("model file: the regression imputer's statistics are not finite positive scales");
    classify::validate(m.mlp);
    if (m.mlp.params.task != classify::MlpTask::Regression || m.mlp.n_inputs != p || m.mlp.n_outputs != 1)
        throw Error("model file: the regression imputer's network does not map " + std::to_string(p) + " predictors to 1 value");
}

void to_json(nlohmann::json& j, const RegressionImputerModel& m) {
    j = nlohmann::json{{"n_inputs", m.n_inputs},
                       {"target", m.target},
                       {"predictor_fill", m.predictor_fill},
                       {"predictor_mean", m.predictor_mean},
                       {"predictor_scale", m.predictor_scale},
                       {"target_mean", m.target_mean},
                       {"target_scale", m.target_scale},
                       {"mlp", m.mlp},
                       {"validation_r2", std::isnan(m.validation_r2) ? nlohmann::json(nullptr) : nlohmann::json(m.validation_r2)},
                       {"n_fit", m.n_fit},
                       {"n_validation", m.n_validation}};
}

void from_json(const nlohmann::json& j, RegressionImputerModel& m) {
    try {
        m.n_inputs = j.at("n_inputs").get<Index>();
        m.target = j.at("target").get<Index>();
        m.predictor_fill = j.at("predictor_fill").get<Vector>();
        m.predictor_mean = j.at("predictor_mean").get<Vector>();
        m.predictor_scale = j.at("predictor_scale").get<Vector>();
        m.target_mean = j.at("target_mean").get<double>();
        m.target_scale = j.at("target_scale").get<double>();
        m.mlp = j.at("mlp").get<classify::MlpModel>();
        m.validation_r2 = j.value("validation_r2", nlohmann::json(nullptr)).is_number() ? j.at("validation_r2").get<double>() : kNaN;
        m.n_fit = j.value("n_fit", 0LL);
        m.n_validation = j.value("n_validation", 0LL);
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("model file: the regression imputer is incomplete or has a wrong type (") + e.what() + ")");
    }
    validate(m);
}

}  // namespace genrelab::preprocess
