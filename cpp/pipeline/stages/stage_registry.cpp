#include <map>

#include "pipeline/stages/stages.hpp"

namespace genrelab::pipeline {

namespace {

template <class T>
using Factory = std::unique_ptr<T> (*)(const json&);

template <class T>
std::unique_ptr<T> make(const std::map<std::string, Factory<T>>& factories, const json& spec, const char* what) {
    const std::string type = spec.value("type", "");
    auto it = factories.find(type);
    if (it == factories.end()) {
        std::string known;
        for (const auto& [name, f] : factories) known += (known.empty() ? "" : ", ") + name;
        throw Error(std::string("recipe: unknown ") + what + " type '" + type + "' (known: " + known + ")");
    }
    return it->second(spec);
}

}  // namespace

std::unique_ptr<Stage> make_stage(const json& spec) {
    static const std::map<std::string, Factory<Stage>> factories{
        {"impute", &make_impute_stage},
        {"scale", &make_scale_stage},
        {"missing_if", &make_missing_if_stage},
        {"knn_impute", &make_knn_impute_stage},
        {"regression_impute", &make_regression_impute_stage},
        {"group_impute", &make_group_impute_stage},
        {"one_hot", &make_one_hot_stage},
        {"pca", &make_pca_stage},
        {"lda", &make_lda_stage},
        {"cluster_features", &make_cluster_features_stage},
    };
    if (spec.contains("columns") && spec.value("type", "") != "missing_if") {
        json inner = spec;
        inner.erase("columns");
        return restrict_to_columns(make(factories, inner, "stage"), spec.at("columns"));
    }
    return make(factories, spec, "stage");
}

std::unique_ptr<Classifier> make_classifier(const json& spec) {
    static const std::map<std::string, Factory<Classifier>> factories{
        {"knn", &make_knn_classifier},
        {"mlp", &make_mlp_classifier},
        {"logistic", &make_logistic_classifier},
        {"baseline", &make_baseline_classifier},
        {"svm", &make_svm_classifier},
        {"decision_tree", &make_decision_tree_classifier},
        {"random_forest", &make_random_forest_classifier},
        {"gradient_boosting", &make_gradient_boosting_classifier},
        {"lda", &make_lda_classifier},
    };
    return make(factories, spec, "classifier");
}

}  // namespace genrelab::pipeline
