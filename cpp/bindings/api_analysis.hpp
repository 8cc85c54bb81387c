// The page's exploration by projection and clustering, as jobs (beside api.hpp and in its style): JSON text
// in and out, {"ok":true,…} or {"ok":false,"error":"<sentence>"}, no exception ever leaves (detail::guarded).
// Each start_* call checks the spec and registers a job; the worker advances it with step_job (progress,
// cancel) and collects the result with finish_job. The same work runs natively through run_analysis
// (the CLI's `genrelab reduce|cluster|elbow` and the tests), so the page and the CLI give the same numbers.
//
// Common to the three specs:
//   "recipe": a recipe (pipeline/recipe.hpp): label, features, labels (grouping), clean, stages; the split
//             and the classifier are ignored. The label may be left out ("label":"" or absent) for
//             clustering and the elbow sweep (then no ari/nmi/contingency); the reduction needs it only for LDA.
//   "max_rows": rows used at most (sampled above it, seeded by "seed" and stratified by the label; rows with
//             no label form their own stratum); "seed": 42 (also the seed of the algorithm unless its
//             "params" give one).
//   Preprocessing = the recipe's clean, the feature encoding and the stages, all fitted on the rows used
//   (no split: this is exploration, nothing is evaluated). A supervised stage (lda) is fitted on the
//   labelled rows among them.
//   Rows of the (cleaned) table keep their label after the recipe's label map; rows whose label is missing
//   or dropped by the map carry label −1 (LDA leaves them out of its fit but still projects them).
//
// start_reduction(dataset, spec)
//   spec {"recipe":{…},"method":"pca"|"lda"|"tsne","n_components":2|3,
//         "params": pca {"whiten":false,"solver":"svd"} | lda {"solver":"svd",…LdaParams} |
//                   tsne {"perplexity":30,"pca_first":50,"max_iter":1000,"method":"auto"|"exact"|"barnes_hut",…TsneParams},
//         "max_rows":10000,"seed":42}
//   → finish_job: {"method","n_components","n_rows":rows in the (cleaned) table,"n_used","sampled":bool,"note":"…"|"",
//       "points":[[x,y(,z)]…n_used],"classes":[…],"labels":[class index per point, −1 if missing],
//       "rows":[table row per point, 0-based],"lines":[CSV file line per point],
//       "hover":{"title":[…]|null,"artist":[…]|null},
//       pca/lda: "explained_variance_ratio":[…],"loadings":{"features":[encoded feature names],"components":[[per feature]…per axis]}
//                (reduce::loadings: pca — covariance of each feature with each unit-variance score; lda — the scalings),
//       "features":[the encoded feature names the map was computed from],
//       tsne: "kl_divergence","n_iter","tsne_method":"exact"|"barnes_hut","learning_rate",
//             "trustworthiness" (k = 5, on ≤ 2,000 of the points: peer_sample with the seed),"trustworthiness_rows"}
//   LDA gives at most K−1 axes: with fewer than n_components the missing coordinates are 0 and the note says so.
//
// start_clustering(dataset, spec)
//   spec {"recipe":{…},"method":"kmeans"|"minibatch_kmeans"|"gmm"|"agglomerative","k":10,
//         "params":{…},"max_rows":20000,"seed":42}
//   "params" may mix settings of several methods (the page keeps one form): keys the chosen method does not
//   know but another does are ignored; keys no method knows are refused.
//   → {"method","k","n_rows","n_used","sampled","note","assignments":[cluster per used row],"sizes":[k],
//      "points":[[x,y]…] (2-D PCA of the used rows),"pca_explained_variance_ratio":[2],
//      "centroids_2d":[[x,y]…k] (centres / means / centroids on the same PCA),
//      "ellipses_2d":[{"center":[x,y],"cov":[[a,b],[b,c]]}…k] (gmm only, else null),
//      "inertia", "log_likelihood" (gmm: mean per-sample score; others: metrics::kmeans_log_likelihood),
//      "bic","aic" (gmm only, else null), "silhouette" (on ≤ 5,000 rows, peer_sample with seed + 2; null when undefined),
//      "silhouette_rows",
//      "ari","nmi" (vs the label on the labelled used rows; null without labels),
//      "contingency":{"classes":[…],"counts":[[per class]…per cluster]} (null without labels),
//      "songs":[[{"row","line","title","artist","label"}… up to 50 per cluster, nearest to its centroid first]…k],
//      "classes":[…],"labels":[class per used row, −1 if missing],"rows":[…],"lines":[…],"n_iter","converged"}
//
// start_elbow(dataset, spec)
//   spec {"recipe":{…},"method":"kmeans"|"minibatch_kmeans"|"gmm","k_min":2,"k_max":15,"params":{…},"max_rows":20000,"seed":42}
//   → {"method","n_rows","n_used","sampled","note","k":[…],"inertia":[…],"log_likelihood":[…],"bic":[…],"aic":[…],
//      "silhouette":[…, null where undefined],"n_iter":[…],"converged":[…]}   (cluster/elbow.hpp defines each number)
//
// Errors (clear sentences): unknown method, k < 2 (k_min < 1 for the sweep), k > rows, no feature columns,
// missing values left after the stages (add an impute stage), LDA with fewer than two classes among the rows.
#pragma once
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "core/progress.hpp"
#include "core/stepper.hpp"
#include "io/table.hpp"

namespace genrelab::api {

std::string start_reduction(int dataset, const std::string& spec_json);
std::string start_clustering(int dataset, const std::string& spec_json);
std::string start_elbow(int dataset, const std::string& spec_json);

enum class AnalysisKind { Reduction, Clustering, Elbow };

// A started analysis: step it to the end, then call result() once. Keeps `table` alive itself.
class AnalysisJob : public Stepper {
public:
    virtual nlohmann::json result() = 0;
    // Details while running, returned by step_job as "live": t-SNE {"iteration","kl_divergence"}; the sweep over k
    // its finished points so far (same arrays as the result); null otherwise.
    virtual nlohmann::json live() const { return nullptr; }
};
// Checks the spec (throws genrelab::Error) and returns the job, not yet stepped.
std::unique_ptr<AnalysisJob> make_analysis(AnalysisKind kind, std::shared_ptr<const io::Table> table, const nlohmann::json& spec);
// Native convenience: runs the job to the end and returns its result (the finish_job object without "ok").
nlohmann::json run_analysis(AnalysisKind kind, std::shared_ptr<const io::Table> table, const nlohmann::json& spec,
                            Progress& progress = Progress::none());

}  // namespace genrelab::api
