#include "reduce/lda.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <Eigen/SVD>
#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "reduce/input_checks.hpp"

namespace genrelab::reduce {

namespace {

// Fixes the arbitrary sign of each axis: its largest-magnitude entry becomes positive (first index on ties),
// so the page's plots do not mirror from one fit to the next. Scores only change sign per column.
void fix_column_signs(Matrix& axes) {
    for (Index c = 0; c < axes.cols(); ++c) {
        Index best = 0;
        for (Index r = 1; r < axes.rows(); ++r)
            if (std::abs(axes(r, c)) > std::abs(axes(best, c))) best = r;
        if (axes(best, c) < 0) axes.col(c) = -axes.col(c);
    }
}

// Ledoit & Wolf (2004) shrinkage intensity for already centred Z, as sklearn's ledoit_wolf_shrinkage
// (its non-blocked form; the blocks only bound memory).
double ledoit_wolf_shrinkage(const Matrix& Z) {
    const double n = static_cast<double>(Z.rows()), d = static_cast<double>(Z.cols());
    const Matrix Z2 = Z.array().square().matrix();
    const Vector emp_cov_trace = Z2.colwise().sum().transpose() / n;
    const double mu = emp_cov_trace.sum() / d;
    const double beta_sum = (Z2.transpose() * Z2).sum();
    const double delta_sum = (Z.transpose() * Z).array().square().sum() / (n * n);
    double beta = 1.0 / (d * n) * (beta_sum / n - delta_sum);
    double delta = (delta_sum - 2.0 * mu * emp_cov_trace.sum() + d * mu * mu) / d;
    beta = std::min(beta, delta);
    return beta == 0 ? 0.0 : beta / delta;
}

// sklearn's discriminant_analysis._cov: the (ddof = 0) covariance of X, shrunk towards μI when asked.
Matrix covariance(const Matrix& X, LdaShrinkage mode, double alpha) {
    const Index d = X.cols();
    const double n = static_cast<double>(X.rows());
    const Matrix Xc = X.rowwise() - X.colwise().mean();
    const auto shrink = [d](const Matrix& emp, double s) {
        const double mu = emp.trace() / static_cast<double>(d);
        Matrix out = (1.0 - s) * emp;
        out.diagonal().array() += s * mu;
        return out;
    };
    switch (mode) {
        case LdaShrinkage::None: return (Xc.transpose() * Xc) / n;
        case LdaShrinkage::Fixed: return shrink((Xc.transpose() * Xc) / n, alpha);
        case LdaShrinkage::Auto: break;
    }
    // 'auto': Ledoit–Wolf on standardised features, then back to the original scale (as sklearn).
    Vector scale = (Xc.array().square().colwise().sum() / n).sqrt().transpose();
    for (Index j = 0; j < d; ++j)
        if (scale[j] < 10 * std::numeric_limits<double>::epsilon()) scale[j] = 1.0;
    const Matrix Z = Xc * scale.cwiseInverse().asDiagonal();
    Matrix s;
    if (d == 1) {
        s = Matrix::Constant(1, 1, Z.array().square().mean());
    } else {
        s = shrink((Z.transpose() * Z) / n, ledoit_wolf_shrinkage(Z));
    }
    return scale.asDiagonal() * s * scale.asDiagonal();
}

Matrix rows_of_class(const Matrix& X, const Labels& y, int k, Index count) {
    Matrix out(count, X.cols());
    Index r = 0;
    for (Index i = 0; i < X.rows(); ++i)
        if (y[static_cast<size_t>(i)] == k) out.row(r++) = X.row(i);
    return out;
}

void check_inputs(const LdaParams& p, const Matrix& X, const Labels& y, int K) {
    const Index n = X.rows(), d = X.cols();
    if (K < 2) throw Error("LDA needs at least 2 classes to tell apart (got " + std::to_string(K) + ")");
    if (d < 1) throw Error("LDA needs at least one column");
    if (static_cast<Index>(y.size()) != n)
        throw Error("LDA got " + with_thousands(n) + " rows but " + with_thousands(static_cast<long long>(y.size())) +
                    " labels");
    if (n <= K)
        throw Error("LDA needs more rows than classes (rows = " + with_thousands(n) + ", classes = " +
                    std::to_string(K) + ")");
    for (size_t i = 0; i < y.size(); ++i)
        if (y[i] < 0 || y[i] >= K)
            throw Error("label " + std::to_string(y[i]) + " at row " + with_thousands(static_cast<long long>(i) + 1) +
                        " is outside 0.." + std::to_string(K - 1));
    const int max_components = static_cast<int>(std::min<Index>(K - 1, d));
    if (p.n_components < 0 || p.n_components > max_components)
        throw Error("LDA n_components must be between 1 and min(classes − 1, columns) = " +
                    std::to_string(max_components) + ", or 0 for all (got " + std::to_string(p.n_components) + ")");
    if (!(p.tol >= 0)) throw Error("LDA tol must be ≥ 0");
    if (p.solver == LdaSolver::Svd && p.shrinkage != LdaShrinkage::None)
        throw Error("LDA shrinkage needs solver 'eigen' (the 'svd' solver never forms the covariance)");
    if (p.shrinkage == LdaShrinkage::Fixed && !(p.shrinkage_value >= 0 && p.shrinkage_value <= 1))
        throw Error("LDA shrinkage_value must be between 0 and 1 (got " + std::to_string(p.shrinkage_value) + ")");
    if (!p.priors.empty()) {
        if (static_cast<int>(p.priors.size()) != K)
            throw Error("LDA got " + std::to_string(p.priors.size()) + " priors for " + std::to_string(K) + " classes");
        for (double v : p.priors)
            if (!(v > 0) || !std::isfinite(v)) throw Error("every LDA prior must be a positive number");
    }
    detail::require_finite(X, "X", "LDA");
}

}  // namespace

LdaModel fit(const LdaParams& params, const Matrix& X, const Labels& y, int K, Progress& progress) {
    check_inputs(params, X, y, K);
    progress.report(0.0, "LDA");
    const Index n = X.rows(), d = X.cols();
    const int max_components = static_cast<int>(std::min<Index>(K - 1, d));
    const int m_wanted = params.n_components == 0 ? max_components : params.n_components;

    std::vector<Index> counts(static_cast<size_t>(K), 0);
    Matrix means = Matrix::Zero(K, d);
    for (Index i = 0; i < n; ++i) {
        const int k = y[static_cast<size_t>(i)];
        ++counts[static_cast<size_t>(k)];
        means.row(k) += X.row(i);
    }
    for (int k = 0; k < K; ++k) {
        if (counts[static_cast<size_t>(k)] == 0)
            throw Error("LDA needs at least one row of every class; class " + std::to_string(k) + " has none");
        means.row(k) /= static_cast<double>(counts[static_cast<size_t>(k)]);
    }
    Vector priors(K);
    if (params.priors.empty()) {
        for (int k = 0; k < K; ++k) priors[k] = static_cast<double>(counts[static_cast<size_t>(k)]) / static_cast<double>(n);
    } else {
        for (int k = 0; k < K; ++k) priors[k] = params.priors[static_cast<size_t>(k)];
        priors /= priors.sum();  // sklearn renormalises (with a warning) priors that do not sum to 1
    }

    LdaModel model;
    model.solver = params.solver;
    model.priors = priors;
    model.means = means;
    model.xbar = means.transpose() * priors;
    const Matrix centred_means = means.rowwise() - model.xbar.transpose();

    Matrix axes;  // d×r, all discriminant axes the classifier uses
    if (params.solver == LdaSolver::Svd) {
        Matrix Xc(n, d);
        for (Index i = 0; i < n; ++i) Xc.row(i) = X.row(i) - means.row(y[static_cast<size_t>(i)]);
        Vector sd = ((Xc.rowwise() - Xc.colwise().mean()).array().square().colwise().mean()).sqrt().transpose();
        for (Index j = 0; j < d; ++j)
            if (sd[j] == 0) sd[j] = 1.0;
        // Within-class scaling: the SVD of the feature-scaled residuals gives Σ_w^{-1/2}.
        const Matrix Xs = (Xc * sd.cwiseInverse().asDiagonal()) * std::sqrt(1.0 / static_cast<double>(n - K));
        Eigen::JacobiSVD<Matrix, Eigen::ColPivHouseholderQRPreconditioner> svd(Xs, Eigen::ComputeThinV);
        const Vector& S = svd.singularValues();
        Index rank = 0;
        while (rank < S.size() && S[rank] > params.tol) ++rank;
        if (rank == 0)
            throw Error("LDA: every feature is constant within each class, so there is no within-class variance to "
                        "scale by");
        const Matrix W = sd.cwiseInverse().asDiagonal() * svd.matrixV().leftCols(rank) *
                         S.head(rank).cwiseInverse().asDiagonal();  // d×rank
        // Between-class scaling: the weighted class centres in the whitened space, and their principal axes.
        const double fac = 1.0 / static_cast<double>(K - 1);
        const Vector weight = (static_cast<double>(n) * priors * fac).cwiseSqrt();
        const Matrix B = weight.asDiagonal() * centred_means * W;  // K×rank
        Eigen::JacobiSVD<Matrix> svd_b(B, Eigen::ComputeFullV);
        const Vector& S2 = svd_b.singularValues();
        const double ss = S2.squaredNorm();
        const Index n_ratio = std::min<Index>(max_components, S2.size());
        model.explained_variance_ratio = ss > 0 ? Vector(S2.head(n_ratio).array().square() / ss) : Vector(Vector::Zero(n_ratio));
        Index rank2 = 0;
        while (rank2 < S2.size() && S2[rank2] > params.tol * S2[0]) ++rank2;
        axes = W * svd_b.matrixV().leftCols(rank2);
        fix_column_signs(axes);
        const Matrix c = centred_means * axes;  // K×rank2
        model.coef = c * axes.transpose();
        model.intercept = -0.5 * c.rowwise().squaredNorm() + priors.array().log().matrix();
        model.intercept -= model.coef * model.xbar;
    } else {
        Matrix Sw = Matrix::Zero(d, d);
        for (int k = 0; k < K; ++k)
            Sw += priors[k] * covariance(rows_of_class(X, y, k, counts[static_cast<size_t>(k)]), params.shrinkage,
                                         params.shrinkage_value);
        const Matrix St = covariance(X, params.shrinkage, params.shrinkage_value);
        const Matrix Sb = St - Sw;
        Eigen::LLT<Matrix> llt(Sw);
        if (llt.info() != Eigen::Success)
            throw Error("LDA: the within-class covariance is singular (a feature is constant within the classes or "
                        "features are collinear); use shrinkage or solver 'svd'");
        Eigen::GeneralizedSelfAdjointEigenSolver<Matrix> eig(Sb, Sw, Eigen::ComputeEigenvectors | Eigen::Ax_lBx);
        if (eig.info() != Eigen::Success) throw Error("LDA: the eigen-decomposition did not converge");
        const Vector evals = eig.eigenvalues().reverse();  // descending, like sklearn's argsort()[::-1]
        const double total = evals.sum();
        model.explained_variance_ratio = evals.head(max_components) / total;
        axes = eig.eigenvectors().rowwise().reverse();  // vᵀ Σ_w v = 1, like scipy's eigh(Sb, Sw)
        fix_column_signs(axes);
        model.coef = llt.solve(means.transpose()).transpose();  // = means·V·Vᵀ = means·Σ_w⁻¹
        model.intercept = -0.5 * (means.cwiseProduct(model.coef)).rowwise().sum() + priors.array().log().matrix();
    }
    model.scalings = axes.leftCols(std::min<Index>(m_wanted, axes.cols()));
    if (params.n_components != 0 && model.explained_variance_ratio.size() > m_wanted)
        model.explained_variance_ratio.conservativeResize(m_wanted);
    if (!model.coef.allFinite() || !model.intercept.allFinite() || !model.scalings.allFinite())
        throw Error("LDA: the fit produced non-finite values (are some features constant or collinear?)");
    progress.report(1.0, "LDA");
    return model;
}

Matrix transform(const LdaModel& model, const Matrix& X) {
    detail::require_columns(X, model.means.cols(), "X", "LDA");
    detail::require_finite(X, "X", "LDA");
    return (X.rowwise() - model.xbar.transpose()) * model.scalings;
}

Matrix decision_function(const LdaModel& model, const Matrix& X) {
    detail::require_columns(X, model.means.cols(), "X", "LDA");
    detail::require_finite(X, "X", "LDA");
    return (X * model.coef.transpose()).rowwise() + model.intercept.transpose();
}

Matrix predict_proba(const LdaModel& model, const Matrix& X) {
    Matrix P = decision_function(model, X);
    for (Index i = 0; i < P.rows(); ++i) {
        const double top = P.row(i).maxCoeff();
        P.row(i) = (P.row(i).array() - top).exp();
        P.row(i) /= P.row(i).sum();
    }
    return P;
}

Labels predict(const LdaModel& model, const Matrix& X) {
    const Matrix D = decision_function(model, X);
    Labels out(static_cast<size_t>(D.rows()));
    for (Index i = 0; i < D.rows(); ++i) {
        Index best = 0;
        for (Index k = 1; k < D.cols(); ++k)
            if (D(i, k) > D(i, best)) best = k;
        out[static_cast<size_t>(i)] = static_cast<int>(best);
    }
    return out;
}

Matrix loadings(const LdaModel& model) { return model.scalings; }

int n_classes(const LdaModel& model) { return static_cast<int>(model.priors.size()); }

void validate(const LdaModel& m) {
    const Index K = m.priors.size(), d = m.means.cols();
    if (K < 2) throw Error("LDA model: needs at least 2 classes");
    if (d < 1) throw Error("LDA model: means must have at least one column");
    if (m.means.rows() != K)
        throw Error("LDA model: " + with_thousands(m.means.rows()) + " class means for " + with_thousands(K) + " priors");
    if (m.xbar.size() != d) throw Error("LDA model: xbar has " + with_thousands(m.xbar.size()) + " values for " + with_thousands(d) + " columns");
    if (m.scalings.rows() != d || m.scalings.cols() > std::min<Index>(K - 1, d))
        throw Error("LDA model: scalings are " + with_thousands(m.scalings.rows()) + "×" + with_thousands(m.scalings.cols()) +
                    " but must be " + with_thousands(d) + "×(at most " + with_thousands(std::min<Index>(K - 1, d)) + ")");
    if (m.explained_variance_ratio.size() > std::min<Index>(K - 1, d))
        throw Error("LDA model: explained_variance_ratio is longer than min(classes − 1, columns)");
    if (m.coef.rows() != K || m.coef.cols() != d)
        throw Error("LDA model: coef is " + with_thousands(m.coef.rows()) + "×" + with_thousands(m.coef.cols()) +
                    " but must be " + with_thousands(K) + "×" + with_thousands(d));
    if (m.intercept.size() != K) throw Error("LDA model: intercept has " + with_thousands(m.intercept.size()) + " values for " + with_thousands(K) + " classes");
    if (!m.priors.allFinite() || (m.priors.array() <= 0).any()) throw Error("LDA model: priors must be positive");
    if (!m.means.allFinite() || !m.xbar.allFinite() || !m.scalings.allFinite() || !m.coef.allFinite() ||
        !m.intercept.allFinite() || !m.explained_variance_ratio.allFinite())
        throw Error("LDA model: holds a non-finite value");
}

void to_json(nlohmann::json& j, const LdaModel& m) {
    j = nlohmann::json{{"solver", m.solver},       {"priors", m.priors},
                       {"means", m.means},         {"xbar", m.xbar},
                       {"scalings", m.scalings},   {"explained_variance_ratio", m.explained_variance_ratio},
                       {"coef", m.coef},           {"intercept", m.intercept}};
}

void from_json(const nlohmann::json& j, LdaModel& m) {
    if (!j.is_object()) throw Error("model file: an LDA model must be a JSON object");
    for (const char* key : {"priors", "means", "xbar", "scalings", "explained_variance_ratio", "coef", "intercept"})
        if (!j.contains(key)) throw Error(std::string("model file: the LDA model lacks '") + key + "'");
    LdaModel out;
    try {
        out.solver = j.value("solver", LdaSolver::Svd);
        out.priors = j.at("priors").get<Vector>();
        out.means = j.at("means").get<Matrix>();
        out.xbar = j.at("xbar").get<Vector>();
        out.scalings = j.at("scalings").get<Matrix>();
        out.explained_variance_ratio = j.at("explained_variance_ratio").get<Vector>();
        out.coef = j.at("coef").get<Matrix>();
        out.intercept = j.at("intercept").get<Vector>();
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("model file: the LDA model is malformed (") + e.what() + ")");
    }
    validate(out);
    m = std::move(out);
}

}  // namespace genrelab::reduce
