// Mini-batch k-means (Sculley 2010, "Web-scale k-means clustering"): k-means centres updated from small
// random batches with a per-centre learning rate 1 / (samples the centre has absorbed so far), so each
// centre is the running mean of every sample ever assigned to it.
//
// What the objects represent
//   MiniBatchKMeansParams  settings (plain data; JSON with defaults for missing keys).
//   The result is a KMeansModel (cluster/kmeans.hpp): centres k×d, inertia on all of X, n_iter = passes
//   over the data (ceil(steps·batch / n)); predict / transform / JSON are k-means'.
//   MiniBatchKMeansFitter  the fit cut into steps: one seeding per step, then chunks of mini-batches
//   (≈ 64k sampled rows per step), then one labelling pass over X.
//
// Shapes: X is n×d, one sample per row.
//
// Follows scikit-learn 1.2 MiniBatchKMeans(compute_labels=True):
//   - a validation set of init_size rows (drawn with replacement); each of n_init seedings (k-means++ or
//     random) runs on its own init_size-row draw and is scored by its inertia on the validation set, the
//     lowest kept; init_size 0 means 3·batch_size (at least 3·k), capped at n;
//   - (max_iter · n) / batch_size steps, each on batch_size rows drawn with replacement: assign to the
//     nearest centre, then c ← (c·count_c + Σ new members) / (count_c + #new members);
//   - reassignment (reassignment_ratio > 0): every 10·k sampled rows, or whenever a centre has absorbed
//     nothing, centres whose count is below reassignment_ratio · the largest count jump to random rows of
//     the batch (at most half the batch), and their count is set to the smallest remaining count;
//   - early stop: the exponentially weighted average of the per-row batch inertia (weight 2·batch/(n+1))
//     has not improved for max_no_improvement steps (0 disables), or, with tol > 0, the squared centre
//     change of a step is ≤ tol · mean feature variance;
//   - inertia and labels at the end are computed on all of X.
// Differs: genrelab::Rng instead of NumPy's RandomState, so the batches (and the result) are not sklearn's —
// compare inertia, not centres; among reassignment candidates, ties in count go to the lower index (sklearn's
// argsort is unstable).
#pragma once
#include <cstdint>
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

struct MiniBatchKMeansParams {
    int n_clusters = 8;
    KMeansInit init = KMeansInit::KMeansPlusPlus;
    Matrix initial_centers;          // k×d, used when init == Given (then one seeding)
    int max_iter = 100;              // passes over the data
    int batch_size = 1024;
    double tol = 0.0;                // relative to the mean feature variance; 0 disables
    int max_no_improvement = 10;     // 0 disables
    int init_size = 0;               // 0: 3·batch_size (at least 3·k)
    int n_init = 3;
    double reassignment_ratio = 0.01;   // 0 disables reassignment
    uint64_t seed = 42;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(MiniBatchKMeansParams, n_clusters, init, initial_centers, max_iter,
                                                batch_size, tol, max_no_improvement, init_size, n_init,
                                                reassignment_ratio, seed)

// The fitter keeps a reference to X: the caller keeps X alive until done.
class MiniBatchKMeansFitter : public Stepper {
public:
    MiniBatchKMeansFitter(const MiniBatchKMeansParams& params, const Matrix& X);   // checks (throws genrelab::Error)
    bool step() override;
    double fraction() const override;
    std::string stage() const override;

    KMeansModel result() const;          // throws until the final labelling pass has run
    const Labels& labels() const;        // labels of X under the final centres
    int n_steps() const { return step_; }   // mini-batches processed
    // Per step: the batch inertia divided by batch_size (what the early stop smooths).
    const std::vector<double>& batch_inertia_history() const { return batch_inertia_; }
    const std::vector<double>& init_inertia() const { return init_inertia_; }   // validation inertia per seeding

private:
    void seed_once();
    bool minibatch_step();   // true when converged
    void finish();

    MiniBatchKMeansParams params_;
    const Matrix& X_;
    Index batch_ = 0, init_size_ = 0;
    long long n_steps_total_ = 0;
    double tol_abs_ = 0;
    int n_runs_ = 1;
    Rng rng_;
    Matrix X_valid_;

    enum class Phase { Seed, Batches, Final, Done } phase_ = Phase::Seed;
    int run_ = 0;
    double best_init_inertia_ = 0;
    Matrix centers_;
    std::vector<double> counts_;
    long long step_ = 0;
    long long since_reassign_ = 0;
    bool has_ewa_ = false, has_ewa_min_ = false;
    double ewa_ = 0, ewa_min_ = 0;
    int no_improvement_ = 0;
    std::vector<double> batch_inertia_, init_inertia_;
    Labels labels_;
    KMeansModel model_;
};

KMeansModel fit(const MiniBatchKMeansParams& params, const Matrix& X, Progress& progress = Progress::none());

}  // namespace genrelab::cluster
