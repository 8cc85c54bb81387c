// Gradient-boosted trees for classification — Friedman, "Greedy function approximation: a gradient
// boosting machine", Annals of Statistics 29 (2001), algorithm 6 (LK_TreeBoost); scikit-learn's
// GradientBoostingClassifier with its default loss ("log_loss").
//
// What it represents: raw scores F_k(x) = F_k,0 + ν Σ_stages tree_{stage,k}(x) with F_k,0 the log of the
// class priors. With K > 2 classes every stage fits K regression trees (classify/tree_regression.hpp,
// friedman_mse by default) to the negative gradient of the multinomial deviance, y_k − p_k, and replaces
// each leaf's value by one Newton step, (K−1)/K · Σ r / Σ p(1−p) over the leaf's in-bag rows (0 when the
// denominator is below 1e-150). With K = 2 each stage fits ONE tree to y − σ(F) (binomial deviance,
// Newton leaf Σ r / Σ p(1−p)), as scikit-learn does. subsample < 1 fits each stage on a random subset
// (drawn without replacement by Rng(seed)) — stochastic gradient boosting (Friedman 2002).
//
// Shapes: X n×d, y n labels in 0…K−1. GradientBoostingModel::trees is stage-major, trees_per_stage
// (K, or 1 when K = 2) per stage; init_raw holds trees_per_stage initial scores; train_loss one value
// per stage (scikit-learn's train_score_: mean multinomial deviance, or twice the mean binomial one, on
// the in-bag rows); feature_importances d values summing to 1 (mean over trees with a split).
//   decision_function(X) n×K raw scores; for K = 2 column 1 is the log-odds of class 1 (scikit-learn's
//                        decision_function) and column 0 its negation.
//   predict_proba(X)     n×K softmax of the raw scores (K = 2: [1 − σ(F), σ(F)]); predict = its argmax.
// Fitting is steppable: GradientBoostingFitter does one stage per step. X is sorted once per column and
// the order is shared by every tree (classify/tree_builder.hpp). With subsample = 1 and data without
// ties it grows scikit-learn's trees (up to scikit-learn's float32 copy of X).
#pragma once
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "classify/tree_regression.hpp"
#include "core/progress.hpp"
#include "core/stepper.hpp"
#include "core/types.hpp"

namespace genrelab::classify {

struct GradientBoostingParams {
    int n_estimators = 100;      // stages
    double learning_rate = 0.1;  // ν
    int max_depth = 3;
    int min_samples_split = 2;
    int min_samples_leaf = 1;
    double subsample = 1.0;      // fraction of rows per stage, in (0, 1]
    int max_features = 0;        // 0: all features; k: k random features per split
    RegressionCriterion criterion = RegressionCriterion::FriedmanMse;
    uint64_t seed = 42;          // subsampling and feature draws
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(GradientBoostingParams, n_estimators, learning_rate, max_depth,
                                                min_samples_split, min_samples_leaf, subsample, max_features, criterion, seed)

struct GradientBoostingModel {
    int n_features = 0;
    int n_classes = 0;
    int trees_per_stage = 0;
    double learning_rate = 0.1;
    Vector init_raw;
    std::vector<RegressionTreeModel> trees;
    std::vector<double> train_loss;
    Vector feature_importances;
};

void to_json(nlohmann::json& j, const GradientBoostingModel& m);
void from_json(const nlohmann::json& j, GradientBoostingModel& m);   // validates; throws genrelab::Error
void validate(const GradientBoostingModel& m);

// One stage per step. Keeps references to X and y: the caller keeps them alive until result() returns.
class GradientBoostingFitter : public Stepper {
public:
    GradientBoostingFitter(const GradientBoostingParams& params, const Matrix& X, const Labels& y, int n_classes);
    ~GradientBoostingFitter() override;
    bool step() override;
    double fraction() const override;
    std::string stage() const override;
    GradientBoostingModel result() const;   // after step() returned true

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

GradientBoostingModel fit(const GradientBoostingParams& params, const Matrix& X, const Labels& y, int n_classes,
                          Progress& progress = Progress::none());
Matrix decision_function(const GradientBoostingModel& model, const Matrix& X);
Matrix predict_proba(const GradientBoostingModel& model, const Matrix& X);
Labels predict(const GradientBoostingModel& model, const Matrix& X);

}  // namespace genrelab::classify
