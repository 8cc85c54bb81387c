// The adapters that turn algorithms into pipeline stages and classifiers, one file each in this folder.
// The registries (stage_registry.cpp) map a recipe entry's "type" to one of these factories.
#pragma once
#include <memory>
#include <optional>

#include "core/error.hpp"
#include "pipeline/stage.hpp"
#include "pipeline/stages/params.hpp"

namespace genrelab::pipeline {

std::unique_ptr<Stage> make_impute_stage(const json& spec);
std::unique_ptr<Stage> make_scale_stage(const json& spec);
std::unique_ptr<Stage> make_missing_if_stage(const json& spec);
std::unique_ptr<Stage> make_knn_impute_stage(const json& spec);
std::unique_ptr<Stage> make_regression_impute_stage(const json& spec);
std::unique_ptr<Stage> make_group_impute_stage(const json& spec);
std::unique_ptr<Stage> make_one_hot_stage(const json& spec);
std::unique_ptr<Stage> make_pca_stage(const json& spec);
std::unique_ptr<Stage> make_lda_stage(const json& spec);
std::unique_ptr<Stage> make_cluster_features_stage(const json& spec);
// Wraps a width-preserving stage so it touches only the named columns (a recipe entry's "columns").
std::unique_ptr<Stage> restrict_to_columns(std::unique_ptr<Stage> inner, const json& columns);

std::unique_ptr<Classifier> make_knn_classifier(const json& spec);
std::unique_ptr<Classifier> make_mlp_classifier(const json& spec);
std::unique_ptr<Classifier> make_logistic_classifier(const json& spec);
std::unique_ptr<Classifier> make_baseline_classifier(const json& spec);
std::unique_ptr<Classifier> make_svm_classifier(const json& spec);
std::unique_ptr<Classifier> make_decision_tree_classifier(const json& spec);
std::unique_ptr<Classifier> make_random_forest_classifier(const json& spec);
std::unique_ptr<Classifier> make_gradient_boosting_classifier(const json& spec);
std::unique_ptr<Classifier> make_lda_classifier(const json& spec);

// A loaded state must fit the data flowing into the stage: refuse a model file whose sizes disagree.
inline void require_width(const char* stage, size_t got, size_t expected) {
    if (got != expected)
        throw Error(std::string("model file: the '") + stage + "' stage has " + std::to_string(got) + " columns but receives " +
                    std::to_string(expected));
}

}  // namespace genrelab::pipeline
