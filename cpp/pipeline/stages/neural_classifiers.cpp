// Neural, linear and guessing classifiers as recipe types, each an instance of FittedClassifier:
//   {"type":"mlp", …MlpParams}   {"type":"logistic", …LogisticParams}   {"type":"baseline","strategy":"most_frequent"|"uniform"}
// For the MLP and logistic regression, "class_weight" may also be given as scikit-learn spells it:
// "balanced" (= "class_weight_balanced": true) or "none"; a list gives one weight per class in the model's class order.
#include "classify/baseline.hpp"
#include "classify/logistic.hpp"
#include "classify/mlp.hpp"
#include "pipeline/stages/fitted_classifier.hpp"

namespace genrelab::pipeline {

namespace {

// {"class_weight":"balanced"} → {"class_weight_balanced":true}; "none" → all 1; lists pass through.
json with_class_weight_shorthand(json spec) {
    if (!spec.is_object() || !spec.contains("class_weight")) return spec;
    const json& cw = spec.at("class_weight");
    const std::string type = spec.value("type", "classifier");
    if (cw.is_string()) {
        const std::string mode = cw.get<std::string>();
        if (mode != "balanced" && mode != "none")
            throw Error("recipe: '" + type + "' class_weight must be \"balanced\", \"none\" or a list of one weight per class (got \"" +
                        mode + "\")");
        spec.erase("class_weight");
        if (mode == "balanced") spec["class_weight_balanced"] = true;
    } else if (cw.is_object()) {
        throw Error("recipe: '" + type +
                    "' class_weight by class name is not supported; give \"balanced\" or a list of one weight per class in the "
                    "model's class order");
    }
    return spec;
}

}  // namespace

// The MLP's per-epoch loss and accuracy, for live curves on the page.
template <>
json live_of<classify::MlpFitter>(const classify::MlpFitter& f) {
    return f.history();
}

std::unique_ptr<Classifier> make_mlp_classifier(const json& spec) {
    return std::make_unique<FittedClassifier<classify::MlpParams, classify::MlpModel, classify::MlpFitter>>(
        "mlp", with_class_weight_shorthand(spec));
}
std::unique_ptr<Classifier> make_logistic_classifier(const json& spec) {
    return std::make_unique<FittedClassifier<classify::LogisticParams, classify::LogisticModel, classify::LogisticFitter>>(
        "logistic", with_class_weight_shorthand(spec));
}
std::unique_ptr<Classifier> make_baseline_classifier(const json& spec) {
    return std::make_unique<FittedClassifier<classify::BaselineParams, classify::BaselineModel>>("baseline", spec, 0.05);
}

}  // namespace genrelab::pipeline
