// Class counts and class weights for imbalanced labels (Top-2000's genres range from 1 to 400 songs).
//
//   y: n class indices in 0..K−1 (K = n_classes); results are length K (per class) or n (per sample).
// balanced_class_weight matches scikit-learn's compute_class_weight("balanced", classes=arange(K), y=y):
// w_c = n / (K · n_c), and like sklearn it refuses a class with no sample (its weight would be infinite).
// sample_weight is sklearn's compute_sample_weight: the weight of each sample's class.
// ClassWeightParams lets a recipe say "none" (all 1), "balanced", or give weights by class name
// (unnamed classes get 1, like sklearn's dict form; an unknown name is an error naming it).
#pragma once
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/types.hpp"

namespace genrelab::preprocess {

std::vector<long long> class_counts(const Labels& y, int n_classes);
Vector balanced_class_weight(const Labels& y, int n_classes);
Vector sample_weight(const Vector& class_weight, const Labels& y);

enum class ClassWeightMode { None, Balanced, Manual };
NLOHMANN_JSON_SERIALIZE_ENUM(ClassWeightMode, {{ClassWeightMode::None, "none"}, {ClassWeightMode::Balanced, "balanced"}, {ClassWeightMode::Manual, "manual"}})

struct ClassWeightParams {
    ClassWeightMode mode = ClassWeightMode::None;
    std::map<std::string, double> manual;   // class name → weight (> 0), for mode = manual
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ClassWeightParams, mode, manual)

// Length-K weights for the classes named `class_names` (K = class_names.size()).
Vector class_weight(const ClassWeightParams& params, const Labels& y, const std::vector<std::string>& class_names);

}  // namespace genrelab::preprocess
