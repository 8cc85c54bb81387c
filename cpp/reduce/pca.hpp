// Principal component analysis: the orthogonal directions along which the centred data vary most.
//
// A fitted PcaModel holds the training mean and the first k principal axes (rows of `components`,
// k×d, unit length, ordered by decreasing variance), so that
//     transform(X)          = (X − mean) · componentsᵀ          (n×k scores; divided by √explained_variance when whitening)
//     inverse_transform(Z)  = Z · components + mean            (n×d; undoes the whitening first)
// Shapes: X n×d (one sample per row), Z n×k.
//
// Algorithm: Pearson (1901) / Hotelling (1933); computed like scikit-learn's PCA(svd_solver='full'):
//   solver Svd   — thin SVD of the centred data Xc = U S Vᵀ (Eigen's JacobiSVD, QR-preconditioned, so a
//                  50,000×13 table costs one Householder QR plus a 13×13 SVD); components = first k rows of Vᵀ.
//   solver Eigen — eigen-decomposition of the covariance XcᵀXc/(n−1) (one GEMM + a d×d symmetric solver):
//                  faster for very tall X, but squares the condition number, so tiny variances (< 1e−8 of the
//                  largest) lose relative accuracy. Same results as Svd otherwise.
// Matches scikit-learn 1.2: explained_variance = S²/(n−1), explained_variance_ratio = that / total variance,
// singular_values = S, noise_variance = mean of the discarded variances (0 when k = min(n, d)), whitening
// divides the scores by √explained_variance; signs follow sklearn's svd_flip (u-based: in each column of
// the scores the entry of largest magnitude is positive), so components agree with sklearn's without the
// usual sign ambiguity, except for exactly tied magnitudes or zero-variance directions.
// Deliberate differences: n_components must be an integer 1..min(n, d) (no 'mle', no variance fraction);
// a whitened component with zero variance gives 0 instead of sklearn's inf/nan.
#pragma once
#include <nlohmann/json.hpp>

#include "core/json_eigen.hpp"
#include "core/progress.hpp"
#include "core/types.hpp"

namespace genrelab::reduce {

enum class PcaSolver { Svd, Eigen };
NLOHMANN_JSON_SERIALIZE_ENUM(PcaSolver, {{PcaSolver::Svd, "svd"}, {PcaSolver::Eigen, "eigen"}})

struct PcaParams {
    int n_components = 2;              // k, 1 ≤ k ≤ min(n, d)
    bool whiten = false;               // scale each score to unit variance (on the training data)
    PcaSolver solver = PcaSolver::Svd;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(PcaParams, n_components, whiten, solver)

struct PcaModel {
    Vector mean;                       // d, the training column means
    Matrix components;                 // k×d, principal axes as rows (like sklearn's components_)
    Vector explained_variance;         // k, variance of each score on the training data (ddof = 1)
    Vector explained_variance_ratio;   // k, explained_variance / total variance of X
    Vector singular_values;            // k, singular values of the centred training data
    double noise_variance = 0.0;       // mean variance of the discarded directions (probabilistic PCA)
    bool whiten = false;
    long long n_samples = 0;           // rows the model was fitted on
};

// X: n×d with n ≥ 2, finite. Throws genrelab::Error on bad shapes, NaN/Inf or an impossible n_components.
PcaModel fit(const PcaParams& params, const Matrix& X, Progress& progress = Progress::none());
// X: m×d → m×k scores.
Matrix transform(const PcaModel& model, const Matrix& X);
// Z: m×k scores → m×d points on the model's k-dimensional affine subspace.
Matrix inverse_transform(const PcaModel& model, const Matrix& Z);
// d×k loadings for the page's biplot: componentsᵀ scaled by √explained_variance, i.e. the covariance
// of each original feature with each (unit-variance) score.
Matrix loadings(const PcaModel& model);
// Throws genrelab::Error unless every array agrees with components' k×d shape and values are finite.
void validate(const PcaModel& model);

void to_json(nlohmann::json& j, const PcaModel& model);
void from_json(const nlohmann::json& j, PcaModel& model);   // validates

}  // namespace genrelab::reduce
