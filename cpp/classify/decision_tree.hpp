// CART classification tree — scikit-learn's DecisionTreeClassifier (splitter "best").
//
// What it represents: a binary tree whose internal nodes test x[feature] <= threshold and whose leaves
// hold the class distribution of the training rows that reached them (weighted by class_weight).
// predict_proba(x) is the reached leaf's distribution; predict(x) its most frequent class (ties → the
// lower class index, like numpy's argmax). Splits minimize Gini impurity or entropy (in bits), exactly
// searched over all thresholds of every feature (or of max_features features drawn at random per node,
// which is how the random forest uses it). See classify/tree_builder.hpp for the growing rules and the
// deliberate differences from scikit-learn (double instead of float32 X; feature order on exact ties).
//
// Shapes: X n×d (one sample per row), y n labels in 0…K−1 (absent classes simply get probability 0).
//   DecisionTreeModel::nodes        the tree (classify/tree_builder.hpp: TreeNodes)
//                     leaf_begin    n_nodes+1 offsets: the class distribution of leaf L is
//                                   (leaf_class[e], leaf_proba[e]) for e in [leaf_begin[L], leaf_begin[L+1]),
//                                   classes with zero probability left out (internal nodes: empty range)
//                     feature_importances  d values summing to 1 (mean decrease in impurity), or all 0
//   predict_proba(X)  n×K, rows sum to 1;  apply(X) the leaf id of each row;
//   node_distribution(model)  n_nodes×K class distribution of every node (internal ones from their leaves).
// Fitting costs O(d·n·depth) after one O(d·n log n) sort of the columns; it needs no stepper (a fully
// grown tree on 40k×13 rows takes tens of milliseconds).
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <vector>

#include "classify/tree_builder.hpp"
#include "core/progress.hpp"
#include "core/types.hpp"

namespace genrelab::classify {

struct DecisionTreeParams {
    TreeCriterion criterion = TreeCriterion::Gini;
    int max_depth = 0;                  // 0: no limit (scikit-learn's None)
    int min_samples_split = 2;
    int min_samples_leaf = 1;
    int max_features = 0;               // 0: all features; k: k random features per split
    double min_impurity_decrease = 0;
    std::vector<double> class_weight;   // per-class weight (empty: all 1)
    bool class_weight_balanced = false; // n / (K · n_k); overrides class_weight
    uint64_t seed = 42;                 // feature sampling (only with max_features)
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(DecisionTreeParams, criterion, max_depth, min_samples_split, min_samples_leaf,
                                                max_features, min_impurity_decrease, class_weight, class_weight_balanced, seed)

struct DecisionTreeModel {
    int n_features = 0;
    int n_classes = 0;
    TreeNodes nodes;
    std::vector<int> leaf_begin;
    std::vector<int> leaf_class;
    std::vector<double> leaf_proba;
    Vector feature_importances;
};

void to_json(nlohmann::json& j, const DecisionTreeModel& m);
void from_json(const nlohmann::json& j, DecisionTreeModel& m);   // validates; throws genrelab::Error
void validate(const DecisionTreeModel& m);

DecisionTreeModel fit(const DecisionTreeParams& params, const Matrix& X, const Labels& y, int n_classes,
                      Progress& progress = Progress::none());
Labels predict(const DecisionTreeModel& model, const Matrix& X);
Matrix predict_proba(const DecisionTreeModel& model, const Matrix& X);
std::vector<int> apply(const DecisionTreeModel& model, const Matrix& X);
Matrix node_distribution(const DecisionTreeModel& model);

namespace tree_detail {
// The model of a grown classification tree (leaf distributions normalized; importances computed).
DecisionTreeModel make_classifier(GrownTree&& grown, int n_features, int n_classes);
// Adds the leaf distribution of `leaf` to out[0…K).
inline void add_leaf_proba(const DecisionTreeModel& m, int leaf, double* out) {
    for (int e = m.leaf_begin[static_cast<size_t>(leaf)]; e < m.leaf_begin[static_cast<size_t>(leaf) + 1]; ++e)
        out[m.leaf_class[static_cast<size_t>(e)]] += m.leaf_proba[static_cast<size_t>(e)];
}
void check_predict_input(const Matrix& X, int n_features, const char* model_name);
}  // namespace tree_detail

}  // namespace genrelab::classify
