// Random forest classifier — Breiman, "Random forests", Machine Learning 45 (2001); scikit-learn's
// RandomForestClassifier.
//
// What it represents: n_trees CART classification trees (classify/decision_tree.hpp), each grown to
// full depth (by default) on a bootstrap sample of the rows — drawn with replacement, a row drawn c
// times weighs c — and examining only max_features random features at every split (√d by default,
// scikit-learn's "sqrt"). predict_proba = the mean of the trees' leaf distributions; predict = its
// argmax (ties → the lower class index). Each tree draws its bootstrap and features from its own Rng,
// split in order from Rng(seed), so the forest is the same for the same seed (but not scikit-learn's:
// its trees come from its own generator — compare accuracy, not trees).
// oob_score: accuracy on the rows that were out of each tree's bootstrap, averaged over the trees that
// did not see them (rows seen by every tree are left out of the score; scikit-learn counts them as
// class 0 after a warning).
//
// Shapes: X n×d, y n labels in 0…K−1. RandomForestModel::trees n_trees trees; feature_importances d
// values summing to 1 (mean of the trees' normalized importances, like scikit-learn).
// Fitting is steppable: RandomForestFitter does one tree per step. X is sorted once per column and
// the sorted order is shared by all trees (classify/tree_builder.hpp).
// Memory: a fully grown tree on n rows has about n/2 leaves; 100 trees on 40k rows hold ~3M nodes
// (~100 MB in memory) — limit max_depth or min_samples_leaf for smaller models. The JSON form ("tree_format":
// "compact") leaves out what prediction never reads and what the pre-order implies (left children,
// impurities, row counts): 47 MB instead of 101 MB for that forest; files in the older "full" form still load.
#pragma once
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "classify/decision_tree.hpp"
#include "core/progress.hpp"
#include "core/stepper.hpp"
#include "core/types.hpp"

namespace genrelab::classify {

enum class MaxFeatures { Sqrt, Log2, All, Count };
NLOHMANN_JSON_SERIALIZE_ENUM(MaxFeatures, {{MaxFeatures::Sqrt, "sqrt"}, {MaxFeatures::Log2, "log2"}, {MaxFeatures::All, "all"},
                                           {MaxFeatures::Count, "count"}})

struct RandomForestParams {
    int n_trees = 100;
    TreeCriterion criterion = TreeCriterion::Gini;
    int max_depth = 0;                   // 0: no limit
    int min_samples_split = 2;
    int min_samples_leaf = 1;
    MaxFeatures max_features = MaxFeatures::Sqrt;  // max(1, ⌊√d⌋), max(1, ⌊log2 d⌋), d, or max_features_count
    int max_features_count = 0;
    bool bootstrap = true;
    double max_samples = 0;              // bootstrap size as a fraction of n in (0, 1]; 0: n rows
    bool oob_score = false;
    std::vector<double> class_weight;    // per-class weight (empty: all 1)
    bool class_weight_balanced = false;  // n / (K · n_k) on the whole training set; overrides class_weight
    uint64_t seed = 42;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(RandomForestParams, n_trees, criterion, max_depth, min_samples_split,
                                                min_samples_leaf, max_features, max_features_count, bootstrap, max_samples,
                                                oob_score, class_weight, class_weight_balanced, seed)

struct RandomForestModel {
    int n_features = 0;
    int n_classes = 0;
    std::vector<DecisionTreeModel> trees;
    Vector feature_importances;
    double oob_score = -1;   // −1 when not computed
};

void to_json(nlohmann::json& j, const RandomForestModel& m);
void from_json(const nlohmann::json& j, RandomForestModel& m);   // validates; throws genrelab::Error
void validate(const RandomForestModel& m);

// The number of features examined per split for d features.
int resolve_max_features(const RandomForestParams& params, int n_features);

// One tree per step. Keeps references to X and y: the caller keeps them alive until result() returns.
class RandomForestFitter : public Stepper {
public:
    RandomForestFitter(const RandomForestParams& params, const Matrix& X, const Labels& y, int n_classes);
    ~RandomForestFitter() override;
    bool step() override;
    double fraction() const override;
    std::string stage() const override;
    RandomForestModel result() const;   // after step() returned true

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

RandomForestModel fit(const RandomForestParams& params, const Matrix& X, const Labels& y, int n_classes,
                      Progress& progress = Progress::none());
Matrix predict_proba(const RandomForestModel& model, const Matrix& X);
Labels predict(const RandomForestModel& model, const Matrix& X);

}  // namespace genrelab::classify
