// Gaussian mixture model fitted by expectation–maximisation (Dempster, Laird & Rubin 1977; Bishop, PRML §9.2).
//
// What the objects represent
//   GmmParams  settings (plain data; JSON with defaults for missing keys).
//   GmmModel   a density p(x) = Σ_c weights[c] · N(x | means[c], Σ_c) over the input space, k components.
//   GmmFitter  the fit cut into steps for the page: one EM iteration per step (the k-means initialisation
//              runs inside as its own Lloyd steps).
//
// Shapes: X is n×d, one sample per row. weights: k. means: k×d. Covariance-shaped matrices
// (covariances, precisions_cholesky, precisions_init) depend on covariance_type:
//   Full       (k·d)×d — the d×d matrix of component c is rows c·d … c·d+d−1
//   Tied       d×d     — one matrix shared by all components
//   Diag       k×d     — the diagonal of each component's matrix
//   Spherical  k×1     — one variance per component
// precisions_cholesky holds, per component, a triangular P with P·Pᵀ = Σ⁻¹ (full/tied) or 1/√variance
// (diag/spherical), as scikit-learn's precisions_cholesky_.
//
// Matches scikit-learn 1.2 GaussianMixture:
//   - E-step with log-densities from the Cholesky factor of the precision (‖(x−μ)ᵀP‖², log|P| from its
//     diagonal) and log-sum-exp over components; M-step with reg_covar added to every variance;
//   - the lower bound is the per-sample average log-likelihood of X under the parameters *before* the
//     iteration's M-step; EM stops when it changes by less than tol (then converged = true) or after max_iter;
//   - init KMeans: responsibilities one-hot from a k-means run (k-means++, one restart); Random: uniform
//     random responsibilities normalised per row; RandomFromData / KMeansPlusPlus: one-hot on k rows chosen
//     uniformly / by k-means++; Responsibilities: yours (n×k, ≥ 0). weights_init, means_init and
//     precisions_init, where non-empty, replace the initial estimates (sklearn's weights_init, means_init,
//     precisions_init), so with all three the result equals sklearn's to rounding;
//   - n_init restarts keep the one with the highest final lower bound; AIC / BIC use sklearn's parameter counts.
// Differs: the random streams are genrelab::Rng (one child stream per restart), so random initialisations are
// not sklearn's; `converged` describes the kept restart (sklearn reports whether any restart converged);
// predict_proba divides exp(a − max) by its sum instead of exponentiating log-responsibilities (≤ 1 ulp).
// Sums run in a fixed order (cluster/kernels.hpp) and exp/log are genrelab::portable's (core/portable_math.hpp):
// bit-identical natively and in wasm (checked with em++ 3.1.6 under Node).
#pragma once
#include <cstdint>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cluster/kmeans.hpp"
#include "core/json_eigen.hpp"
#include "core/progress.hpp"
#include "core/rng.hpp"
#include "core/stepper.hpp"
#include "core/types.hpp"

namespace genrelab::cluster {

enum class CovarianceType { Full, Tied, Diag, Spherical };
NLOHMANN_JSON_SERIALIZE_ENUM(CovarianceType, {{CovarianceType::Full, "full"},
                                              {CovarianceType::Tied, "tied"},
                                              {CovarianceType::Diag, "diag"},
                                              {CovarianceType::Spherical, "spherical"}})

enum class GmmInit { KMeans, KMeansPlusPlus, Random, RandomFromData, Responsibilities };
NLOHMANN_JSON_SERIALIZE_ENUM(GmmInit, {{GmmInit::KMeans, "kmeans"},
                                       {GmmInit::KMeansPlusPlus, "k-means++"},
                                       {GmmInit::Random, "random"},
                                       {GmmInit::RandomFromData, "random_from_data"},
                                       {GmmInit::Responsibilities, "responsibilities"}})

struct GmmParams {
    int n_components = 1;
    CovarianceType covariance_type = CovarianceType::Full;
    double tol = 1e-3;          // on the change of the average log-likelihood lower bound
    double reg_covar = 1e-6;    // added to every variance (keeps covariances positive definite)
    int max_iter = 100;         // EM iterations per restart (0: the initial estimate)
    int n_init = 1;
    GmmInit init = GmmInit::KMeans;
    Matrix initial_responsibilities;   // n×k, when init == Responsibilities
    Vector weights_init;               // optional, k (≥ 0, sum 1)
    Matrix means_init;                 // optional, k×d
    Matrix precisions_init;            // optional, covariance-shaped (see above), symmetric positive definite
    uint64_t seed = 42;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(GmmParams, n_components, covariance_type, tol, reg_covar, max_iter,
                                                n_init, init, initial_responsibilities, weights_init, means_init,
                                                precisions_init, seed)

struct GmmModel {
    CovarianceType covariance_type = CovarianceType::Full;
    Vector weights;               // k
    Matrix means;                 // k×d
    Matrix covariances;           // covariance-shaped
    Matrix precisions_cholesky;   // covariance-shaped
    bool converged = false;
    int n_iter = 0;               // EM iterations of the kept restart
    double lower_bound = 0;       // its last lower bound (average log-likelihood per sample)
};
void to_json(nlohmann::json& j, const GmmModel& m);
void from_json(const nlohmann::json& j, GmmModel& m);   // validates
void validate(const GmmModel& m);                        // throws genrelab::Error on bad shapes / values

// EM, steppable. The fitter keeps a reference to X: the caller keeps X alive until done.
class GmmFitter : public Stepper {
public:
    GmmFitter(const GmmParams& params, const Matrix& X);   // checks params and X (throws genrelab::Error)
    ~GmmFitter() override;
    bool step() override;   // one EM iteration (or one initialisation step); true when all restarts ran
    double fraction() const override;
    std::string stage() const override;

    GmmModel result() const;   // the best restart (throws if none has finished)
    // Per restart: the lower bound (average log-likelihood) after each EM iteration; EM never lets it fall.
    const std::vector<std::vector<double>>& lower_bound_history() const { return history_; }
    int best_restart() const { return best_restart_; }

private:
    struct State;
    void begin_restart();
    void finish_initialisation();
    void em_iteration();
    void finish_restart();

    GmmParams params_;
    const Matrix& X_;
    int n_runs_ = 1;
    Rng master_;
    std::unique_ptr<State> s_;

    enum class Phase { Init, KMeansInit, Em, Done } phase_ = Phase::Init;
    int restart_ = 0;
    std::unique_ptr<KMeansFitter> kmeans_;
    std::vector<std::vector<double>> history_;
    bool has_best_ = false;
    GmmModel best_;
    int best_restart_ = -1;
};

GmmModel fit(const GmmParams& params, const Matrix& X, Progress& progress = Progress::none());
Matrix predict_proba(const GmmModel& model, const Matrix& X);   // n×k responsibilities, rows sum to 1
Labels predict(const GmmModel& model, const Matrix& X);         // most probable component (ties → lower index)
Vector score_samples(const GmmModel& model, const Matrix& X);   // log p(x_i), length n
double score(const GmmModel& model, const Matrix& X);           // mean of score_samples
int n_parameters(const GmmModel& model);                        // sklearn's _n_parameters
double bic(const GmmModel& model, const Matrix& X);             // −2·n·score + p·ln n
double aic(const GmmModel& model, const Matrix& X);             // −2·n·score + 2p

}  // namespace genrelab::cluster
