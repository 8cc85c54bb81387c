// The CART machinery shared by the decision tree, the regression tree, the random forest and gradient
// boosting: the node arrays of a fitted tree (TreeNodes) and the engine that grows one (TreeGrower).
//
// Growing follows scikit-learn's DepthFirstTreeBuilder + BestSplitter (Breiman, Friedman, Olshen &
// Stone, "Classification and Regression Trees", 1984): nodes are split depth first (left child first,
// so node ids are in pre-order); at each node every candidate feature's values are scanned in sorted
// order and the threshold that maximizes the criterion's proxy improvement is kept (strictly greater
// wins, so among equal splits the first feature examined and the leftmost position win); two values
// closer than 1e-7 are never separated; the threshold is the midpoint of the two neighbouring values.
// A node becomes a leaf when depth = max_depth, it has fewer than min_samples_split rows or fewer than
// 2·min_samples_leaf, it is pure (impurity ≤ machine ε), or no split is allowed.
//
// Instead of sorting each node's rows for each feature (scikit-learn, O(n log n) per node and feature),
// X is sorted once per column (SortedColumns, shared by all trees of a forest or a boosting run) and
// every node keeps, for each feature, its rows as a contiguous range in that feature's order; a split
// stably partitions those ranges. Ties in value are ordered by row index, so results never depend on
// the standard library's sort.
//
// Differences from scikit-learn: X stays double (scikit-learn converts to float32 first, so on data with
// more than float precision its thresholds can differ in the last digits); with max_features < d the
// features are drawn by our own Rng (not scikit-learn's), and with max_features = d they are examined in
// column order 0…d−1 (scikit-learn draws them in a random order, which only matters for exact ties).
#pragma once
#include <nlohmann/json.hpp>
#include <vector>

#include "core/rng.hpp"
#include "core/types.hpp"

namespace genrelab::classify {

enum class TreeCriterion { Gini, Entropy };
NLOHMANN_JSON_SERIALIZE_ENUM(TreeCriterion, {{TreeCriterion::Gini, "gini"}, {TreeCriterion::Entropy, "entropy"}})

enum class RegressionCriterion { SquaredError, FriedmanMse };
NLOHMANN_JSON_SERIALIZE_ENUM(RegressionCriterion,
                             {{RegressionCriterion::SquaredError, "squared_error"}, {RegressionCriterion::FriedmanMse, "friedman_mse"}})

// The nodes of one fitted tree, in depth-first pre-order (node 0 is the root; a child's id is always
// larger than its parent's). Rows with x[feature] <= threshold go left.
struct TreeNodes {
    std::vector<int> feature;        // split feature; −1 at leaves
    std::vector<double> threshold;   // split value (unused at leaves)
    std::vector<int> left, right;    // children; −1 at leaves
    std::vector<int> n_samples;      // distinct training rows that reached the node
    std::vector<double> weighted_n;  // their total weight (bootstrap counts × class weights)
    std::vector<double> impurity;    // criterion value of the node (Gini, entropy in bits, or variance)
    int size() const { return static_cast<int>(feature.size()); }
};
void to_json(nlohmann::json& j, const TreeNodes& t);
void from_json(const nlohmann::json& j, TreeNodes& t);
// Throws genrelab::Error unless the arrays agree in length, children come after their parent, every
// internal node has two children, and split features are in 0…n_features−1 with finite thresholds.
void validate(const TreeNodes& t, int n_features);

namespace tree_detail {

// The leaf reached by one row (a pointer to its first feature; consecutive features are `stride` apart).
inline int find_leaf(const TreeNodes& t, const double* row, Index stride) {
    int node = 0;
    while (t.left[static_cast<size_t>(node)] >= 0)
        node = row[t.feature[static_cast<size_t>(node)] * stride] <= t.threshold[static_cast<size_t>(node)]
                   ? t.left[static_cast<size_t>(node)]
                   : t.right[static_cast<size_t>(node)];
    return node;
}

// Leaf of every row of X.
std::vector<int> apply(const TreeNodes& t, const Matrix& X);

// Mean decrease in impurity per feature (scikit-learn's compute_feature_importances): for each split,
// weighted_n·impurity minus the children's, divided by the root's weight, normalized to sum 1 when
// `normalize` and the total is positive.
Vector feature_importances(const TreeNodes& t, int n_features, bool normalize);

// Per-feature row order of X (ascending, ties by row index), computed once and shared by many trees.
struct SortedColumns {
    Index n = 0, d = 0;
    std::vector<int> order;     // d blocks of n row indices: order[f·n + k]
    std::vector<double> value;  // the matching values X(order[f·n + k], f), so scans read memory in order
};
SortedColumns sort_columns(const Matrix& X);

struct GrowSettings {
    int max_depth = 0;               // ≤ 0: unlimited
    int min_samples_split = 2;
    int min_samples_leaf = 1;
    double min_weight_leaf = 0;
    int max_features = 0;            // features examined per split; ≤ 0 or ≥ d: all of them, in column order
    double min_impurity_decrease = 0;
};

// A grown tree before it becomes a model: the nodes plus, per node, the weighted class counts
// (classification, K per node, node-major) or the weighted mean target (regression, one per node).
struct GrownTree {
    TreeNodes nodes;
    std::vector<double> value;
};

// Grows trees on one X. Keeps references to X and `sorted` (the caller keeps them alive); reuses its
// buffers from one tree to the next. Rows with weight 0 take no part in a tree.
class TreeGrower {
public:
    TreeGrower(const Matrix& X, const SortedColumns& sorted);
    GrownTree grow_classifier(const GrowSettings& settings, TreeCriterion criterion, const Labels& y, int n_classes,
                              const std::vector<double>& weight, Rng& rng);
    GrownTree grow_regressor(const GrowSettings& settings, RegressionCriterion criterion, const std::vector<double>& target,
                             const std::vector<double>& weight, Rng& rng);

private:
    template <class Crit>
    GrownTree grow(const GrowSettings& settings, Crit& crit, const std::vector<double>& weight, Rng& rng);

    const Matrix& X_;
    const SortedColumns& sorted_;
    std::vector<int> idx_;        // d blocks of m active rows, each node a contiguous range per block
    std::vector<double> val_;     // their values, partitioned along with idx_
    std::vector<int> tmp_;
    std::vector<double> tmp_val_;
    std::vector<unsigned char> goes_left_;
    std::vector<int> features_;
};

// Input checks shared by the tree-based fits: shapes, finite values, labels in 0…K−1.
void check_fit_input(const Matrix& X, Index n_targets, const char* model_name);
void check_labels(const Labels& y, int n_classes);
// Per-class weights: `balanced` gives n / (K · n_k) (scikit-learn's "balanced"); else `given` (empty: 1s).
std::vector<double> class_weights(const Labels& y, int n_classes, const std::vector<double>& given, bool balanced);
void check_tree_settings(int max_depth, int min_samples_split, int min_samples_leaf);

}  // namespace tree_detail
}  // namespace genrelab::classify
