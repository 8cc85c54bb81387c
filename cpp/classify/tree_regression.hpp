// CART regression tree — scikit-learn's DecisionTreeRegressor (splitter "best"), the weak learner of
// gradient boosting (classify/gradient_boosting.hpp).
//
// What it represents: a binary tree of tests x[feature] <= threshold whose leaves hold one number, the
// weighted mean of the training targets that reached them (gradient boosting later overwrites leaf
// values with its Newton steps). Splits maximize the squared-error proxy Σ_l²/W_l + Σ_r²/W_r, or
// Friedman's improvement W_l W_r (ȳ_l − ȳ_r)² / (W_l + W_r) ("friedman_mse", Friedman 2001, the
// default of scikit-learn's gradient boosting). Growing rules: classify/tree_builder.hpp.
//
// Shapes: X n×d, y n targets (finite). predict(X) gives n values; value[node] is the node's mean target
// (used at leaves). No stepper: one tree is fast.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <vector>

#include "classify/tree_builder.hpp"
#include "core/progress.hpp"
#include "core/types.hpp"

namespace genrelab::classify {

struct RegressionTreeParams {
    RegressionCriterion criterion = RegressionCriterion::SquaredError;
    int max_depth = 0;          // 0: no limit
    int min_samples_split = 2;
    int min_samples_leaf = 1;
    int max_features = 0;       // 0: all features
    uint64_t seed = 42;         // feature sampling (only with max_features)
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(RegressionTreeParams, criterion, max_depth, min_samples_split,
                                                min_samples_leaf, max_features, seed)

struct RegressionTreeModel {
    int n_features = 0;
    TreeNodes nodes;
    std::vector<double> value;  // one per node
};

void to_json(nlohmann::json& j, const RegressionTreeModel& m);
void from_json(const nlohmann::json& j, RegressionTreeModel& m);   // validates; throws genrelab::Error
void validate(const RegressionTreeModel& m);

// y: n finite targets; weight: empty (all 1) or n non-negative weights (rows with 0 are left out).
RegressionTreeModel fit(const RegressionTreeParams& params, const Matrix& X, const Vector& y,
                        const std::vector<double>& weight = {}, Progress& progress = Progress::none());
Vector predict(const RegressionTreeModel& model, const Matrix& X);
Vector feature_importances(const RegressionTreeModel& model);   // normalized to sum 1 (or all 0)

}  // namespace genrelab::classify
