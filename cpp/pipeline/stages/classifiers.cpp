// Kernel and tree classifiers as recipe types, each an instance of FittedClassifier over one algorithm:
//   {"type":"svm", …SvmParams}   {"type":"decision_tree", …}   {"type":"random_forest", …}   {"type":"gradient_boosting", …}
#include "classify/decision_tree.hpp"
#include "classify/gradient_boosting.hpp"
#include "classify/random_forest.hpp"
#include "classify/svm.hpp"
#include "pipeline/stages/fitted_classifier.hpp"

namespace genrelab::pipeline {

// An SVM without Platt sigmoids scores by its one-vs-rest decision values (for ROC), not probabilities.
template <>
bool probabilistic<classify::SvmModel>(const classify::SvmModel& m) {
    return m.prob_a.size() > 0;   // Platt sigmoids were fitted
}
template <>
Matrix class_scores<classify::SvmModel>(const classify::SvmModel& m, const Matrix& X) {
    return probabilistic(m) ? classify::predict_proba(m, X) : classify::decision_function(m, X);
}
std::unique_ptr<Classifier> make_svm_classifier(const json& spec) {
    return std::make_unique<FittedClassifier<classify::SvmParams, classify::SvmModel, classify::SvmFitter>>("svm", spec);
}
std::unique_ptr<Classifier> make_decision_tree_classifier(const json& spec) {
    return std::make_unique<FittedClassifier<classify::DecisionTreeParams, classify::DecisionTreeModel>>("decision_tree", spec);
}
std::unique_ptr<Classifier> make_random_forest_classifier(const json& spec) {
    return std::make_unique<FittedClassifier<classify::RandomForestParams, classify::RandomForestModel, classify::RandomForestFitter>>(
        "random_forest", spec);
}
std::unique_ptr<Classifier> make_gradient_boosting_classifier(const json& spec) {
    return std::make_unique<
        FittedClassifier<classify::GradientBoostingParams, classify::GradientBoostingModel, classify::GradientBoostingFitter>>(
        "gradient_boosting", spec);
}
}  // namespace genrelab::pipeline
