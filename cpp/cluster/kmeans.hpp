// k-means clustering: Lloyd's algorithm (Lloyd 1982) with k-means++ seeding (Arthur & Vassilvitskii 2007),
// restarted n_init times, the run with the lowest inertia kept.
//
// What the objects represent
//   KMeansParams  settings (plain data; JSON with defaults for missing keys).
//   KMeansModel   k centres in the input space: centers is k×d, one centre per row; inertia is the sum over
//                 the training rows of the squared Euclidean distance to their centre; n_iter the Lloyd
//                 iterations of the kept run.
//   KMeansFitter  the fit cut into steps for the page (one Lloyd iteration per step; seeding is a step).
//
// Shapes: X is n×d, one sample per row; labels are 0..k−1, one per row; transform gives n×k distances.
//
// Matches scikit-learn 1.2 KMeans(algorithm="lloyd"):
//   - greedy k-means++: 2 + ⌊ln k⌋ candidates per centre drawn ∝ D², the one lowering the potential most kept;
//   - data centred on its column means before fitting (precision of ‖x‖² − 2x·c + ‖c‖²), centres shifted back;
//   - tol is relative: the run stops when Σ‖c_new − c_old‖² ≤ tol · mean(per-feature variance of X), or when
//     the labels did not change (then n_iter counts that last iteration); if it stopped on tol or on
//     max_iter, a last assignment makes the labels agree with the final centres;
//   - an empty cluster takes the sample farthest from its centre (largest first; ties → lower row);
//   - a restart replaces the best only when its inertia is strictly lower and the clustering differs;
//   - init = Given runs once whatever n_init says (scikit-learn warns and does the same).
// Differs: its own seeded generator (genrelab::Rng, one independent child stream per restart), so with
// k-means++/Random the centres are not scikit-learn's for the same seed — equally good, not identical.
// With init = Given the results equal scikit-learn's to rounding.
// Distances are computed blockwise as ‖c‖² − 2·x·c with fixed-order sums (cluster/kernels.hpp), so the
// same seed gives bit-identical results natively and in wasm (checked with em++ 3.1.6 under Node).
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/json_eigen.hpp"
#include "core/progress.hpp"
#include "core/rng.hpp"
#include "core/stepper.hpp"
#include "core/types.hpp"

namespace genrelab::cluster {

enum class KMeansInit { KMeansPlusPlus, Random, Given };
NLOHMANN_JSON_SERIALIZE_ENUM(KMeansInit, {{KMeansInit::KMeansPlusPlus, "k-means++"},
                                          {KMeansInit::Random, "random"},
                                          {KMeansInit::Given, "given"}})

struct KMeansParams {
    int n_clusters = 8;
    KMeansInit init = KMeansInit::KMeansPlusPlus;
    Matrix initial_centers;   // k×d, used when init == Given
    int n_init = 10;          // restarts (ignored with Given)
    int max_iter = 300;       // Lloyd iterations per restart
    double tol = 1e-4;        // relative to the mean feature variance of X (see above); 0 = only stop on stable labels
    uint64_t seed = 42;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(KMeansParams, n_clusters, init, initial_centers, n_init, max_iter, tol, seed)

struct KMeansModel {
    Matrix centers;        // k×d
    double inertia = 0;    // on the training rows
    int n_iter = 0;        // Lloyd iterations of the kept run (MiniBatchKMeans: passes over the data)
};
void to_json(nlohmann::json& j, const KMeansModel& m);
void from_json(const nlohmann::json& j, KMeansModel& m);   // validates
void validate(const KMeansModel& m);                        // throws genrelab::Error on bad shapes / values

// Lloyd's k-means, steppable. The fitter keeps a reference to X: the caller keeps X alive until done.
class KMeansFitter : public Stepper {
public:
    KMeansFitter(const KMeansParams& params, const Matrix& X);   // checks params and X (throws genrelab::Error)
    bool step() override;           // seeding of a restart, or one Lloyd iteration; true when all restarts ran
    double fraction() const override;
    std::string stage() const override;

    KMeansModel result() const;     // the best restart (throws if no restart has finished)
    const Labels& labels() const;   // training labels of the best restart (consistent with predict)
    // Per restart: the inertia of each assignment step, Σ_i ‖x_i − c_old(label_i)‖² with the centres the
    // labels were chosen from. Lloyd's algorithm never lets it rise.
    const std::vector<std::vector<double>>& inertia_history() const { return history_; }
    const std::vector<double>& restart_inertia() const { return restart_inertia_; }   // final inertia per restart
    int best_restart() const { return best_restart_; }

private:
    void seed_restart();
    bool lloyd_iteration();   // true when this restart is finished
    void finish_restart(bool strict_convergence);

    KMeansParams params_;
    const Matrix& X_;
    Matrix Xc_;               // X centred on its column means
    RowVector mean_;
    Vector x_sq_norms_;       // ‖row‖² of Xc_
    double tol_abs_ = 0;
    int n_runs_ = 1;
    Rng master_;

    enum class Phase { Seed, Lloyd, Done } phase_ = Phase::Seed;
    int restart_ = 0;
    int iter_ = 0;
    Matrix centers_, centers_new_;
    Labels labels_, labels_old_;
    std::vector<double> dist2_;

    bool has_best_ = false;
    Matrix best_centers_;
    Labels best_labels_;
    double best_inertia_ = 0;
    int best_n_iter_ = 0;
    int best_restart_ = -1;
    std::vector<std::vector<double>> history_;
    std::vector<double> restart_inertia_;
};

KMeansModel fit(const KMeansParams& params, const Matrix& X, Progress& progress = Progress::none());
Labels predict(const KMeansModel& model, const Matrix& X);      // nearest centre; ties → lower index
Matrix transform(const KMeansModel& model, const Matrix& X);    // n×k Euclidean distances to the centres
double inertia(const KMeansModel& model, const Matrix& X);      // Σ squared distance to the nearest centre

// Greedy k-means++ seeding (scikit-learn's kmeans_plusplus): k rows of X chosen as initial centres.
// X: n×d (not centred here); returns k×d; `indices` (if given) receives the chosen rows.
// n_local_trials ≤ 0 means 2 + ⌊ln k⌋.
Matrix kmeans_plusplus(const Matrix& X, int k, Rng& rng, std::vector<Index>* indices = nullptr, int n_local_trials = 0);

}  // namespace genrelab::cluster
