// A sweep over the number of clusters k = k_min … k_max with one clustering method, recording for each k
// the numbers people read an "elbow" or an information criterion from:
//   inertia         Σ_i ‖x_i − centre of its cluster‖² (for a GMM: the mean of its most probable component);
//   log_likelihood  nats per sample: GMM — GaussianMixture.score(X); k-means / mini-batch — the
//                   hard-assignment log-likelihood of metrics::kmeans_log_likelihood (shared spherical
//                   variance, cluster fractions as weights), so both methods share one scale;
//   bic, aic        −2·n·log_likelihood + p·ln n, resp. + 2p; p = sklearn's GMM parameter count, or for
//                   k-means k·d + 1 + (k − 1) (metrics::kmeans_n_parameters);
//   silhouette      on the peers' sample of ≤ silhouette_rows rows (metrics::silhouette_score_sampled,
//                   seed silhouette_seed; the peers use 5,000 rows and split seed + 2 = 44); NaN (JSON null)
//                   for k = 1, or when the sampled rows fall into fewer than 2 clusters, or silhouette_rows = 0;
//   n_iter, converged  of the fit (k-means: converged = stopped before max_iter).
// This is the Top-2000 report's "elbow over k = 1..100" and "GMM best at 8 clusters (−6.9 per sample)".
//
// Shapes: X is n×d, one sample per row. Each k is fitted with the method's params (seed included) and
// n_clusters / n_components = k, so a point does not depend on the other ks of the sweep.
// Steppable at the granularity of the underlying fitter (a Lloyd / EM iteration, a chunk of mini-batches),
// plus one step per k for the diagnostics (the silhouette of 5,000 rows is the largest, ~0.1–0.3 s).
#pragma once
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cluster/gmm.hpp"
#include "cluster/kmeans.hpp"
#include "cluster/minibatch_kmeans.hpp"
#include "core/progress.hpp"
#include "core/stepper.hpp"
#include "core/types.hpp"

namespace genrelab::cluster {

enum class ElbowMethod { KMeans, MiniBatch, Gmm };
NLOHMANN_JSON_SERIALIZE_ENUM(ElbowMethod, {{ElbowMethod::KMeans, "kmeans"},
                                           {ElbowMethod::MiniBatch, "minibatch"},
                                           {ElbowMethod::Gmm, "gmm"}})

struct ElbowParams {
    int k_min = 1;
    int k_max = 10;
    ElbowMethod method = ElbowMethod::KMeans;
    KMeansParams kmeans;                 // used when method == KMeans (n_clusters is set per k)
    MiniBatchKMeansParams minibatch;     // used when method == MiniBatch
    GmmParams gmm;                       // used when method == Gmm (n_components is set per k)
    int silhouette_rows = 5000;          // 0: no silhouette
    uint32_t silhouette_seed = 44;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ElbowParams, k_min, k_max, method, kmeans, minibatch, gmm,
                                                silhouette_rows, silhouette_seed)

struct ElbowPoint {
    int k = 0;
    double inertia = 0;
    double log_likelihood = 0;
    double bic = 0;
    double aic = 0;
    double silhouette = 0;   // NaN when undefined
    int n_iter = 0;
    bool converged = false;
};
struct ElbowResult {
    ElbowMethod method = ElbowMethod::KMeans;
    int n_features = 0;              // d
    std::vector<ElbowPoint> points;  // k_min … k_max in order
};
void to_json(nlohmann::json& j, const ElbowPoint& p);    // NaN → null
void to_json(nlohmann::json& j, const ElbowResult& r);

// The fitter keeps a reference to X: the caller keeps X alive until done.
class ElbowFitter : public Stepper {
public:
    ElbowFitter(const ElbowParams& params, const Matrix& X);   // checks the k range (the fitters check the rest)
    ~ElbowFitter() override;
    bool step() override;
    double fraction() const override;
    std::string stage() const override;
    const ElbowResult& result() const { return result_; }   // the points finished so far

private:
    void start_k();
    void diagnose();

    ElbowParams params_;
    const Matrix& X_;
    int k_ = 0;
    bool fitting_ = false;
    std::unique_ptr<KMeansFitter> kmeans_;
    std::unique_ptr<MiniBatchKMeansFitter> minibatch_;
    std::unique_ptr<GmmFitter> gmm_;
    ElbowResult result_;
};

ElbowResult elbow(const ElbowParams& params, const Matrix& X, Progress& progress = Progress::none());

}  // namespace genrelab::cluster
