// Linear discriminant analysis (Fisher 1936; Rao 1948): both a supervised projection onto at most K−1
// axes that separate the classes best, and a classifier that models each class as a Gaussian with a
// shared covariance Σ.
//
// Shapes: X n×d (one sample per row), y n labels in 0..K−1 (every class present), K = n_classes ≥ 2.
//   transform(X)         → n×m, m = min(n_components, rank) ≤ min(K−1, d): (X − x̄)·scalings
//   decision_function(X) → n×K, δ_k(x) = x·coef_kᵀ + intercept_k = log p(k|x) + a constant per row
//   predict_proba(X)     → n×K, softmax of the decision function (rows sum to 1)
//   predict(X)           → n labels, argmax of the decision function (lowest class wins exact ties)
//
// Algorithms, as scikit-learn 1.2's LinearDiscriminantAnalysis (Hastie, Tibshirani & Friedman, ESL §4.3):
//   solver Svd   (default) — never forms Σ: the class-centred data are scaled per feature, an SVD gives
//                Σ^{-1/2} (directions with singular value ≤ tol are dropped), the weighted class means are
//                projected and a second SVD finds the between-class axes. No shrinkage.
//   solver Eigen — Σ_w (within, priors-weighted class covariances) and Σ_b = Σ_total − Σ_w, then the generalised
//                symmetric problem Σ_b v = λ Σ_w v; supports shrinkage towards μI (a fixed α in [0, 1] or
//                'auto' = Ledoit & Wolf 2004 on standardised features, as sklearn). Σ_w must be positive definite:
//                constant or collinear features need shrinkage (or solver Svd).
// Priors are the class frequencies unless given. explained_variance_ratio holds the between-class variance
// share of each axis (length min(K−1, d) capped by n_components, like sklearn's).
// Matches sklearn except, deliberately: (1) decision_function is n×K for two classes as well (sklearn returns
// column 1 − column 0 as one vector; predict_proba is the same); (2) with solver Eigen, transform centres
// by x̄ (sklearn returns X·scalings, which differs by a constant shift per axis) and keeps only the
// n_components leading eigenvectors in `scalings` (sklearn keeps all d); (3) axis signs are fixed so the
// largest-magnitude entry of each scalings column is positive (sklearn leaves LAPACK's signs), so
// transforms agree with sklearn's up to the sign of each column.
#pragma once
#include <nlohmann/json.hpp>
#include <vector>

#include "core/json_eigen.hpp"
#include "core/progress.hpp"
#include "core/types.hpp"

namespace genrelab::reduce {

enum class LdaSolver { Svd, Eigen };
NLOHMANN_JSON_SERIALIZE_ENUM(LdaSolver, {{LdaSolver::Svd, "svd"}, {LdaSolver::Eigen, "eigen"}})

enum class LdaShrinkage { None, Auto, Fixed };
NLOHMANN_JSON_SERIALIZE_ENUM(LdaShrinkage,
                             {{LdaShrinkage::None, "none"}, {LdaShrinkage::Auto, "auto"}, {LdaShrinkage::Fixed, "fixed"}})

struct LdaParams {
    int n_components = 0;                        // axes kept by transform; 0 = all, min(K−1, d)
    LdaSolver solver = LdaSolver::Svd;
    LdaShrinkage shrinkage = LdaShrinkage::None; // solver Eigen only
    double shrinkage_value = 0.0;                // α in [0, 1] when shrinkage is Fixed
    double tol = 1e-4;                           // solver Svd: rank threshold on singular values
    std::vector<double> priors;                  // K class priors; empty = class frequencies
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(LdaParams, n_components, solver, shrinkage, shrinkage_value, tol, priors)

struct LdaModel {
    LdaSolver solver = LdaSolver::Svd;
    Vector priors;                    // K
    Matrix means;                     // K×d class means
    Vector xbar;                      // d, priors-weighted mean of the class means
    Matrix scalings;                  // d×m, the discriminant axes (columns) used by transform
    Vector explained_variance_ratio;  // ≤ min(K−1, d)
    Matrix coef;                      // K×d
    Vector intercept;                 // K
};

// Throws genrelab::Error for fewer than 2 classes, an empty class, n ≤ K, labels outside 0..K−1,
// NaN/Inf, impossible n_components or priors, and a singular within-class covariance (solver Eigen).
LdaModel fit(const LdaParams& params, const Matrix& X, const Labels& y, int n_classes,
             Progress& progress = Progress::none());
Matrix transform(const LdaModel& model, const Matrix& X);          // n×m
Matrix decision_function(const LdaModel& model, const Matrix& X);  // n×K
Matrix predict_proba(const LdaModel& model, const Matrix& X);      // n×K
Labels predict(const LdaModel& model, const Matrix& X);            // n
// d×m loadings for the page: the scalings (how much each feature contributes to each discriminant axis).
Matrix loadings(const LdaModel& model);
int n_classes(const LdaModel& model);
void validate(const LdaModel& model);

void to_json(nlohmann::json& j, const LdaModel& model);
void from_json(const nlohmann::json& j, LdaModel& model);   // validates

}  // namespace genrelab::reduce
