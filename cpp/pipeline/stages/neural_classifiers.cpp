// Neural, linear and guessing classifiers as recipe types, each an instance of FittedClassifier:
//   {"type":"mlp", …MlpParams}   {"type":"logistic", …LogisticParams}   {"type":"baseline","strategy":"most_frequent"|"uniform"}
#include "classify/baseline.hpp"
#include "classify/logistic.hpp"
#include "classify/mlp.hpp"
#include "pipeline/stages/fitted_classifier.hpp"

namespace genrelab::pipeline {

// The MLP's per-epoch loss and accuracy, for live curves on the page.
template <>
json live_of<classify::MlpFitter>(const classify::MlpFitter& f) {
    return f.history();
}

std::unique_ptr<Classifier> make_mlp_classifier(const json& spec) {
    return std::make_unique<FittedClassifier<classify::MlpParams, classify::MlpModel, classify::MlpFitter>>("mlp", spec);
}
std::unique_ptr<Classifier> make_logistic_classifier(const json& spec) {
    return std::make_unique<FittedClassifier<classify::LogisticParams, classify::LogisticModel, classify::LogisticFitter>>("logistic", spec);
}
std::unique_ptr<Classifier> make_baseline_classifier(const json& spec) {
    return std::make_unique<FittedClassifier<classify::BaselineParams, classify::BaselineModel>>("baseline", spec, 0.05);
}

}  // namespace genrelab::pipeline
