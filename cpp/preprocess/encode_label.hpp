// The class labels: genre names ↔ class indices 0..K−1. scikit-learn's LabelEncoder: the classes are
// the distinct training labels sorted by code point (the peers' data protocol, rule 5), and index = position.
//
//   y: n label cells (a CategoricalColumn, encode_common.hpp); transform gives n indices; inverse_transform
//   maps indices back to names.
// A missing label is an error at fit and at transform (drop such rows first, as the peers do); a label
// not seen in training is an error at transform that names it, its line and the known classes — unlike
// sklearn's "y contains previously unseen labels" without saying which.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "preprocess/encode_common.hpp"

namespace genrelab::preprocess {

struct LabelEncoderParams {
    int min_classes = 2;   // fewer distinct labels than this is an error (one class cannot be classified)
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(LabelEncoderParams, min_classes)

struct LabelEncoderModel {
    std::string column;                  // the label column's name, for messages
    std::vector<std::string> classes;    // sorted by code point; class index = position
};

LabelEncoderModel fit(const LabelEncoderParams& params, const CategoricalColumn& y);
Labels transform(const LabelEncoderModel& model, const CategoricalColumn& y);
std::vector<std::string> inverse_transform(const LabelEncoderModel& model, const Labels& y);
int n_classes(const LabelEncoderModel& model);

void validate(const LabelEncoderModel& model);
void to_json(nlohmann::json& j, const LabelEncoderModel& m);
void from_json(const nlohmann::json& j, LabelEncoderModel& m);   // validates

}  // namespace genrelab::preprocess
