// No FMA contraction (bit-identical native and wasm; see activation.hpp).
#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

#include "classify/logistic.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "classify/activation.hpp"
#include "classify/lbfgs.hpp"
#include "classify/mlp_kernels.hpp"
#include "core/error.hpp"
#include "preprocess/class_weight.hpp"

namespace genrelab::classify {

namespace {

constexpr double kStepBudgetMacs = 1e8;
constexpr Index kChunkRows = 4096;

std::string num(double v) {
    std::ostringstream s;
    s << v;
    return s.str();
}

void require(bool ok, const std::string& message) {
    if (!ok) throw Error(message);
}

void check_finite(const Matrix& X) {
    for (Index j = 0; j < X.cols(); ++j)
        for (Index i = 0; i < X.rows(); ++i)
            if (!std::isfinite(X(i, j)))
                throw Error(std::string("X has a ") + (std::isnan(X(i, j)) ? "missing (NaN)" : "infinite") +
                            " value at row " + with_thousands(i + 1) + ", column " + std::to_string(j + 1) +
                            "; impute or drop missing values before logistic regression");
}

// Row-major copy of X.
std::vector<double> row_major(const Matrix& X, Index r0, Index rows) {
    const Index d = X.cols();
    std::vector<double> out(static_cast<size_t>(rows * d));
    for (Index j = 0; j < d; ++j)
        for (Index r = 0; r < rows; ++r) out[static_cast<size_t>(r * d + j)] = X(r0 + r, j);
    return out;
}

}  // namespace

struct LogisticFitter::Impl {
    LogisticParams p;
    Index n = 0, d = 0;
    int K = 0;
    std::vector<double> X;        // n×d row-major
    Labels y;
    std::vector<double> weight;   // per class
    std::vector<double> Z, zy, lse;  // n×K scores; per row the label's score and log Σ exp(z)
    std::unique_ptr<Lbfgs> solver;
    int iters_per_step = 1;

    Index n_coef() const { return d * K; }

    // f and ∇f at x = [Wᵀ (d×K, row-major), b (K) if fit_intercept].
    double objective(const Vector& x, Vector& g) {
        const double* wt = x.data();
        const double* b = p.fit_intercept ? x.data() + n_coef() : nullptr;
        kernels::gemm<double>(n, K, d, X.data(), d, 1, wt, K, Z.data(), K, b);
        for (Index i = 0; i < n; ++i) zy[static_cast<size_t>(i)] = Z[static_cast<size_t>(i * K + y[static_cast<size_t>(i)])];
        softmax_rows<double>(Z.data(), n, K, lse.data());
        double loss = 0;
        for (Index i = 0; i < n; ++i) {
            double* z = Z.data() + i * K;
            const int c = y[static_cast<size_t>(i)];
            const double s = weight[static_cast<size_t>(c)];
            loss += s * (lse[static_cast<size_t>(i)] - zy[static_cast<size_t>(i)]);
            for (int k = 0; k < K; ++k) z[k] = (z[k] - (k == c ? 1.0 : 0.0)) * s;  // ∂/∂z
        }
        double* gw = g.data();
        kernels::gemm<double>(d, K, n, X.data(), 1, d, Z.data(), K, gw, K, nullptr);  // Xᵀ·G
        const double inv_c = 1.0 / p.C;
        double sq = 0;
        for (Index i = 0; i < n_coef(); ++i) {
            sq += wt[i] * wt[i];
            gw[i] = gw[i] + inv_c * wt[i];
        }
        if (p.fit_intercept) kernels::column_sums<double>(n, K, Z.data(), K, g.data() + n_coef());
        return loss + 0.5 * inv_c * sq;
    }
};

LogisticFitter::LogisticFitter(const LogisticParams& params, const Matrix& X, const Labels& y, int n_classes)
    : impl_(std::make_unique<Impl>()) {
    Impl& m = *impl_;
    require(std::isfinite(params.C) && params.C > 0, "logistic regression needs C > 0 (got " + num(params.C) + ")");
    require(params.max_iter >= 1, "logistic regression needs max_iter ≥ 1 (got " + std::to_string(params.max_iter) + ")");
    require(std::isfinite(params.tol) && params.tol >= 0, "logistic regression needs tol ≥ 0 (got " + num(params.tol) + ")");
    require(X.rows() > 0, "X has no rows");
    require(X.cols() > 0, "X has no columns");
    require(static_cast<Index>(y.size()) == X.rows(), "logistic regression got " + with_thousands(X.rows()) +
                                                          " rows of X but " +
                                                          with_thousands(static_cast<long long>(y.size())) + " labels");
    require(n_classes >= 2, "logistic regression needs at least 2 classes (n_classes = " + std::to_string(n_classes) + ")");
    for (size_t i = 0; i < y.size(); ++i)
        if (y[i] < 0 || y[i] >= n_classes)
            throw Error("label " + std::to_string(y[i]) + " at row " + with_thousands(static_cast<long long>(i) + 1) +
                        " is outside 0.." + std::to_string(n_classes - 1) + " (n_classes = " +
                        std::to_string(n_classes) + ")");
    check_finite(X);
    if (params.class_weight_balanced) {
        const Vector w = preprocess::balanced_class_weight(y, n_classes);
        m.weight.assign(w.data(), w.data() + w.size());
    } else if (params.class_weight.empty()) {
        m.weight.assign(static_cast<size_t>(n_classes), 1.0);
    } else {
        require(static_cast<int>(params.class_weight.size()) == n_classes,
                "logistic regression 'class_weight' has " + std::to_string(params.class_weight.size()) +
                    " weights but there are " + std::to_string(n_classes) + " classes");
        for (size_t c = 0; c < params.class_weight.size(); ++c)
            require(std::isfinite(params.class_weight[c]) && params.class_weight[c] >= 0,
                    "logistic regression class weight " + std::to_string(c) + " must be a number ≥ 0 (got " +
                        num(params.class_weight[c]) + ")");
        m.weight = params.class_weight;
    }
    m.p = params;
    m.n = X.rows();
    m.d = X.cols();
    m.K = n_classes;
    m.X = row_major(X, 0, m.n);
    m.y = y;
    m.Z.assign(static_cast<size_t>(m.n * m.K), 0.0);
    m.zy.assign(static_cast<size_t>(m.n), 0.0);
    m.lse.assign(static_cast<size_t>(m.n), 0.0);
    const double macs_per_iter = 1.5 * 2.0 * static_cast<double>(m.n * m.d * m.K);  // ~1.5 evaluations
    m.iters_per_step = static_cast<int>(std::max(1.0, std::floor(kStepBudgetMacs / macs_per_iter)));
    LbfgsParams lp;
    lp.max_iter = params.max_iter;
    lp.gtol = params.tol;
    const Index n_params = m.n_coef() + (params.fit_intercept ? m.K : 0);
    Impl* self = impl_.get();
    m.solver = std::make_unique<Lbfgs>(lp, [self](const Vector& x, Vector& g) { return self->objective(x, g); },
                                       Vector::Zero(n_params));
}

LogisticFitter::~LogisticFitter() = default;

bool LogisticFitter::step() {
    Lbfgs& s = *impl_->solver;
    for (int i = 0; i < impl_->iters_per_step && !s.done(); ++i) s.iterate();
    if (s.status() == LbfgsStatus::LineSearchFailed && !std::isfinite(s.value()))
        throw Error("logistic regression diverged (the loss is not finite); standardize the features");
    return s.done();
}

double LogisticFitter::fraction() const {
    const Lbfgs& s = *impl_->solver;
    return s.done() ? 1.0 : static_cast<double>(s.iterations()) / impl_->p.max_iter;
}

std::string LogisticFitter::stage() const {
    return "logistic regression, L-BFGS iteration " + std::to_string(impl_->solver->iterations());
}

double LogisticFitter::objective() const { return impl_->solver->value(); }

LogisticModel LogisticFitter::result() const {
    const Impl& m = *impl_;
    const Vector& x = m.solver->x();
    LogisticModel out;
    out.coef.resize(m.K, m.d);
    for (Index j = 0; j < m.d; ++j)
        for (int c = 0; c < m.K; ++c) out.coef(c, j) = x[j * m.K + c];
    out.intercept = m.p.fit_intercept ? Vector(x.tail(m.K)) : Vector::Zero(m.K);
    out.n_iter = m.solver->iterations();
    const LbfgsStatus st = m.solver->status();
    out.converged = st == LbfgsStatus::ConvergedGradient || st == LbfgsStatus::ConvergedValue;
    return out;
}

LogisticModel fit(const LogisticParams& params, const Matrix& X, const Labels& y, int n_classes, Progress& progress) {
    LogisticFitter f(params, X, y, n_classes);
    f.run(progress);
    return f.result();
}

namespace {
// Scores (or probabilities) of rows [r0, r0+rows) into `z` (rows×K, row-major).
template <class Emit>
void score_chunks(const LogisticModel& model, const Matrix& X, bool softmax, Emit emit) {
    validate(model);
    const Index K = model.coef.rows(), d = model.coef.cols();
    require(X.cols() == d, "X has " + std::to_string(X.cols()) + " columns but the logistic regression was fitted on " +
                               std::to_string(d));
    check_finite(X);
    std::vector<double> wt(static_cast<size_t>(d * K));
    for (Index j = 0; j < d; ++j)
        for (Index c = 0; c < K; ++c) wt[static_cast<size_t>(j * K + c)] = model.coef(c, j);
    std::vector<double> z;
    for (Index r0 = 0; r0 < X.rows(); r0 += kChunkRows) {
        const Index rows = std::min(kChunkRows, X.rows() - r0);
        const std::vector<double> xr = row_major(X, r0, rows);
        z.resize(static_cast<size_t>(rows * K));
        kernels::gemm<double>(rows, K, d, xr.data(), d, 1, wt.data(), K, z.data(), K, model.intercept.data());
        if (softmax) softmax_rows<double>(z.data(), rows, K, nullptr);
        emit(r0, rows, z.data());
    }
}

Matrix scores(const LogisticModel& model, const Matrix& X, bool softmax) {
    const Index K = model.coef.rows();
    Matrix out(X.rows(), K);
    score_chunks(model, X, softmax, [&](Index r0, Index rows, const double* z) {
        for (Index r = 0; r < rows; ++r)
            for (Index c = 0; c < K; ++c) out(r0 + r, c) = z[r * K + c];
    });
    return out;
}
}  // namespace

Matrix decision_function(const LogisticModel& model, const Matrix& X) { return scores(model, X, false); }

Matrix predict_proba(const LogisticModel& model, const Matrix& X) { return scores(model, X, true); }

Labels predict(const LogisticModel& model, const Matrix& X) {
    const Matrix Z = decision_function(model, X);
    Labels out(static_cast<size_t>(Z.rows()));
    for (Index i = 0; i < Z.rows(); ++i) {
        Index best = 0;
        for (Index c = 1; c < Z.cols(); ++c)
            if (Z(i, c) > Z(i, best)) best = c;
        out[static_cast<size_t>(i)] = static_cast<int>(best);
    }
    return out;
}

void validate(const LogisticModel& m) {
    require(m.coef.rows() >= 2, "logistic model: needs at least 2 classes (coef has " + std::to_string(m.coef.rows()) +
                                    " rows)");
    require(m.coef.cols() >= 1, "logistic model: coef has no columns");
    require(m.intercept.size() == m.coef.rows(), "logistic model: " + std::to_string(m.intercept.size()) +
                                                     " intercepts for " + std::to_string(m.coef.rows()) + " classes");
    require(m.coef.allFinite() && m.intercept.allFinite(), "logistic model: a coefficient is not a finite number");
}

void to_json(nlohmann::json& j, const LogisticModel& m) {
    j = nlohmann::json{{"coef", m.coef}, {"intercept", m.intercept}, {"n_iter", m.n_iter}, {"converged", m.converged}};
}

void from_json(const nlohmann::json& j, LogisticModel& m) {
    try {
        if (!j.is_object()) throw Error("logistic model: expected a JSON object");
        LogisticModel out;
        out.coef = j.at("coef").get<Matrix>();
        out.intercept = j.at("intercept").get<Vector>();
        out.n_iter = j.value("n_iter", 0);
        out.converged = j.value("converged", false);
        validate(out);
        m = std::move(out);
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("logistic model: the file is malformed (") + e.what() + ")");
    }
}

}  // namespace genrelab::classify
