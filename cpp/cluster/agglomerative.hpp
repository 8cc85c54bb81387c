// Agglomerative (hierarchical, bottom-up) clustering with Euclidean distances: every sample starts as its
// own cluster and the two closest clusters merge until one is left; the merge tree (dendrogram) is cut
// into n_clusters clusters.
//
// Linkages (distance between clusters A and B):
//   Ward      √(2·|A|·|B| / (|A|+|B|)) · ‖mean(A) − mean(B)‖ (the merge that least raises the within-cluster
//             sum of squares; Ward 1963), through the Lance–Williams update as SciPy does;
//   Complete  the largest distance between a member of A and one of B;
//   Average   the mean distance between members of A and of B (UPGMA);
//   Single    the smallest distance between a member of A and one of B.
// Algorithms: Ward/Complete/Average — the nearest-neighbour chain (Müllner 2011, "Modern hierarchical,
// agglomerative clustering algorithms", §4.5) on the condensed distance matrix, O(n²) time, n(n−1)/2
// doubles of memory (5,000 rows ≈ 100 MB); Single — Prim's minimum spanning tree computing distances on
// the fly (O(n²) time, O(n) memory), then sorting its edges.
//
// Matches scikit-learn 1.2 AgglomerativeClustering(metric='euclidean', connectivity=None) exactly: the same
// algorithms as SciPy's linkage (nn_chain, then stable sort by distance and union-find relabelling) and
// sklearn's mst_linkage_core + single_linkage_label, so `children` and `distances` equal sklearn's
// children_ and distances_ (compute_distances=True), and the cut reproduces sklearn's _hc_cut (its heap order,
// hence its label numbers).
// Differs, on purpose, above `max_samples` rows (default 5,000, where the distance matrix would outgrow a
// browser tab): the tree is built on a seeded sample of max_samples rows (genrelab::Rng) and every other
// row goes to the cluster with the nearest centroid (mean of the sampled members). The result says so
// (sampled = true, n_fitted = max_samples, fitted_rows). For Single/Complete linkage, clusters need not be
// convex, so the nearest-centroid assignment of the other rows is an approximation.
//
// Shapes: X is n×d, one sample per row. The tree is over the n_fitted fitted rows, numbered 0..n_fitted−1
// in the order of fitted_rows: merge i joins children[i][0] and children[i][1] (ids < n_fitted are rows,
// id n_fitted + j is the cluster made by merge j) at height distances[i], giving counts[i] rows.
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/json_eigen.hpp"
#include "core/progress.hpp"
#include "core/stepper.hpp"
#include "core/types.hpp"

namespace genrelab::cluster {

enum class Linkage { Ward, Complete, Average, Single };
NLOHMANN_JSON_SERIALIZE_ENUM(Linkage, {{Linkage::Ward, "ward"},
                                       {Linkage::Complete, "complete"},
                                       {Linkage::Average, "average"},
                                       {Linkage::Single, "single"}})

struct AgglomerativeParams {
    int n_clusters = 2;
    Linkage linkage = Linkage::Ward;
    int max_samples = 5000;   // above this many rows, build the tree on a sample of this size
    uint64_t seed = 42;       // for that sample
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(AgglomerativeParams, n_clusters, linkage, max_samples, seed)

struct AgglomerativeModel {
    Linkage linkage = Linkage::Ward;
    int n_clusters = 0;
    Labels labels;                               // one per row of the X given to fit, 0..n_clusters−1
    std::vector<std::array<int, 2>> children;    // n_fitted − 1 merges
    std::vector<double> distances;               // merge heights, non-decreasing (Ward/Complete/Average/Single)
    std::vector<int> counts;                     // rows under each merge
    Matrix centroids;                            // n_clusters×d, mean of the fitted rows of each cluster
    bool sampled = false;
    int n_fitted = 0;
    std::vector<int> fitted_rows;                // rows of X the tree was built on (0..n−1 when not sampled)
};
void to_json(nlohmann::json& j, const AgglomerativeModel& m);
void from_json(const nlohmann::json& j, AgglomerativeModel& m);   // validates
void validate(const AgglomerativeModel& m);

// Steppable: distance-matrix rows, then chunks of merges, then the cut and the assignment of the other
// rows. Keeps a reference to X: the caller keeps X alive until done.
class AgglomerativeFitter : public Stepper {
public:
    AgglomerativeFitter(const AgglomerativeParams& params, const Matrix& X);   // checks (throws genrelab::Error)
    ~AgglomerativeFitter() override;
    bool step() override;
    double fraction() const override;
    std::string stage() const override;
    AgglomerativeModel result() const;   // throws until done

private:
    struct State;
    AgglomerativeParams params_;
    const Matrix& X_;
    std::unique_ptr<State> s_;
};

AgglomerativeModel fit(const AgglomerativeParams& params, const Matrix& X, Progress& progress = Progress::none());
// Nearest centroid (ties → lower cluster), the rule used for the rows outside the sample.
Labels predict(const AgglomerativeModel& model, const Matrix& X);
// Cuts a merge tree (children as above, over n_leaves rows) into n_clusters clusters like sklearn's _hc_cut.
Labels cut_tree(const std::vector<std::array<int, 2>>& children, int n_leaves, int n_clusters);

}  // namespace genrelab::cluster
