#include "reduce/pca.hpp"

#include <Eigen/Eigenvalues>
#include <Eigen/SVD>
#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "reduce/input_checks.hpp"

namespace genrelab::reduce {

namespace {

// sklearn's svd_flip(u_based_decision=True): the sign of each axis is chosen so that the score of largest
// magnitude along it is positive. scores = Xc · axis is proportional to U's column, so the same rule applies
// without forming U. The first index wins ties, as numpy's argmax does.
void flip_signs_like_sklearn(const Matrix& Xc, Matrix& axes /* d×k, axes as columns */) {
    const Matrix scores = Xc * axes;
    for (Index c = 0; c < axes.cols(); ++c) {
        Index best = 0;
        double best_abs = -1.0;
        for (Index i = 0; i < scores.rows(); ++i) {
            const double a = std::abs(scores(i, c));
            if (a > best_abs) {
                best_abs = a;
                best = i;
            }
        }
        if (scores(best, c) < 0) axes.col(c) = -axes.col(c);
    }
}

}  // namespace

PcaModel fit(const PcaParams& params, const Matrix& X, Progress& progress) {
    const Index n = X.rows(), d = X.cols();
    if (n < 2) throw Error("PCA needs at least 2 rows to measure variance (X has " + with_thousands(n) + ")");
    if (d < 1) throw Error("PCA needs at least one column");
    const Index max_k = std::min(n, d);
    if (params.n_components < 1 || params.n_components > max_k)
        throw Error("PCA n_components must be between 1 and min(rows, columns) = " + with_thousands(max_k) +
                    " (got " + std::to_string(params.n_components) + "; X is " + with_thousands(n) + "×" +
                    with_thousands(d) + ")");
    detail::require_finite(X, "X", "PCA");
    progress.report(0.0, "PCA");

    const Index k = params.n_components;
    PcaModel model;
    model.mean = X.colwise().mean().transpose();
    const Matrix Xc = X.rowwise() - model.mean.transpose();

    Vector variances;  // all min(n, d) variances, decreasing
    Matrix axes;       // d×k, principal axes as columns
    if (params.solver == PcaSolver::Svd) {
        Eigen::JacobiSVD<Matrix, Eigen::ColPivHouseholderQRPreconditioner> svd(Xc, Eigen::ComputeThinV);
        const Vector& s = svd.singularValues();
        variances = s.array().square() / static_cast<double>(n - 1);
        axes = svd.matrixV().leftCols(k);
    } else {
        const Matrix C = (Xc.transpose() * Xc) / static_cast<double>(n - 1);
        Eigen::SelfAdjointEigenSolver<Matrix> eig(C);
        if (eig.info() != Eigen::Success) throw Error("PCA: the covariance eigen-decomposition did not converge");
        // Ascending → descending; rounding can leave tiny negative eigenvalues where the variance is 0.
        variances = eig.eigenvalues().reverse().head(max_k).cwiseMax(0.0);
        axes = eig.eigenvectors().rowwise().reverse().leftCols(k);
    }
    flip_signs_like_sklearn(Xc, axes);

    const double total = variances.sum();
    model.components = axes.transpose();
    model.explained_variance = variances.head(k);
    model.explained_variance_ratio =
        total > 0 ? Vector(model.explained_variance / total) : Vector(Vector::Zero(k));
    model.singular_values = (model.explained_variance * static_cast<double>(n - 1)).cwiseSqrt();
    model.noise_variance = k < max_k ? variances.tail(max_k - k).mean() : 0.0;
    model.whiten = params.whiten;
    model.n_samples = n;
    progress.report(1.0, "PCA");
    return model;
}

Matrix transform(const PcaModel& model, const Matrix& X) {
    detail::require_columns(X, model.components.cols(), "X", "PCA");
    detail::require_finite(X, "X", "PCA");
    Matrix Z = (X.rowwise() - model.mean.transpose()) * model.components.transpose();
    if (model.whiten)
        for (Index c = 0; c < Z.cols(); ++c) {
            const double sd = std::sqrt(model.explained_variance[c]);
            // A direction without variance carries no information: 0 instead of sklearn's inf/nan.
            if (sd > 0) Z.col(c) /= sd;
            else Z.col(c).setZero();
        }
    return Z;
}

Matrix inverse_transform(const PcaModel& model, const Matrix& Z) {
    const Index k = model.components.rows();
    if (Z.cols() != k)
        throw Error("the scores have " + with_thousands(Z.cols()) + " columns but the PCA model has " +
                    with_thousands(k) + " components");
    detail::require_finite(Z, "the scores", "PCA");
    if (!model.whiten) return (Z * model.components).rowwise() + model.mean.transpose();
    const Matrix scaled = model.explained_variance.cwiseSqrt().asDiagonal() * model.components;
    return (Z * scaled).rowwise() + model.mean.transpose();
}

Matrix loadings(const PcaModel& model) {
    return model.components.transpose() * model.explained_variance.cwiseSqrt().asDiagonal();
}

void validate(const PcaModel& model) {
    const Index k = model.components.rows(), d = model.components.cols();
    if (k < 1 || d < 1) throw Error("PCA model: components must be a non-empty k×d matrix");
    if (k > d) throw Error("PCA model: " + with_thousands(k) + " components for " + with_thousands(d) + " columns");
    if (model.mean.size() != d)
        throw Error("PCA model: mean has " + with_thousands(model.mean.size()) + " values but components have " +
                    with_thousands(d) + " columns");
    const auto need_k = [k](const Vector& v, const char* name) {
        if (v.size() != k)
            throw Error(std::string("PCA model: ") + name + " has " + with_thousands(v.size()) + " values for " +
                        with_thousands(k) + " components");
        if (!v.allFinite()) throw Error(std::string("PCA model: ") + name + " holds a non-finite value");
    };
    need_k(model.explained_variance, "explained_variance");
    need_k(model.explained_variance_ratio, "explained_variance_ratio");
    need_k(model.singular_values, "singular_values");
    if (!model.mean.allFinite() || !model.components.allFinite() || !std::isfinite(model.noise_variance))
        throw Error("PCA model: mean, components and noise_variance must be finite");
    if ((model.explained_variance.array() < 0).any()) throw Error("PCA model: a variance is negative");
    if (model.n_samples < 0) throw Error("PCA model: n_samples is negative");
}

void to_json(nlohmann::json& j, const PcaModel& m) {
    j = nlohmann::json{{"mean", m.mean},
                       {"components", m.components},
                       {"explained_variance", m.explained_variance},
                       {"explained_variance_ratio", m.explained_variance_ratio},
                       {"singular_values", m.singular_values},
                       {"noise_variance", m.noise_variance},
                       {"whiten", m.whiten},
                       {"n_samples", m.n_samples}};
}

void from_json(const nlohmann::json& j, PcaModel& m) {
    if (!j.is_object()) throw Error("model file: a PCA model must be a JSON object");
    for (const char* key : {"mean", "components", "explained_variance", "explained_variance_ratio", "singular_values"})
        if (!j.contains(key)) throw Error(std::string("model file: the PCA model lacks '") + key + "'");
    PcaModel out;
    try {
        out.mean = j.at("mean").get<Vector>();
        out.components = j.at("components").get<Matrix>();
        out.explained_variance = j.at("explained_variance").get<Vector>();
        out.explained_variance_ratio = j.at("explained_variance_ratio").get<Vector>();
        out.singular_values = j.at("singular_values").get<Vector>();
        out.noise_variance = j.value("noise_variance", 0.0);
        out.whiten = j.value("whiten", false);
        out.n_samples = j.value("n_samples", 0LL);
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("model file: the PCA model is malformed (") + e.what() + ")");
    }
    validate(out);
    m = std::move(out);
}

}  // namespace genrelab::reduce
