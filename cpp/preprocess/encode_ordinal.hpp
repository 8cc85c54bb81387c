// Ordinal encoding of string columns: scikit-learn's OrdinalEncoder (1.2). Each column's distinct
// training values, sorted by code point, become 0, 1, 2, …; a missing cell becomes NaN (sklearn's
// default encoded_missing_value = np.nan), to be imputed later.
//
//   X (fit and transform): d CategoricalColumns of n rows (encode_common.hpp); transform gives n × d.
//
// Unknown values: handle_unknown = error throws naming the column, the value and its line (sklearn's
// default); ignore gives NaN (sklearn: use_encoded_value with unknown_value = np.nan); use_encoded_value
// gives `unknown_value`, which like sklearn must not be one of the codes 0 … n_categories − 1.
// Differs on purpose: a missing cell at transform time is NaN even when training had none (sklearn would
// call NaN an unknown category then), since "missing" is not a category here; no infrequent grouping
// (sklearn 1.2's OrdinalEncoder has none either).
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/progress.hpp"
#include "core/types.hpp"
#include "preprocess/encode_common.hpp"

namespace genrelab::preprocess {

struct OrdinalParams {
    HandleUnknown handle_unknown = HandleUnknown::Error;   // error | ignore | use_encoded_value
    int unknown_value = -1;                                // used with use_encoded_value
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(OrdinalParams, handle_unknown, unknown_value)

struct OrdinalModel {
    OrdinalParams params;
    std::vector<std::string> names;                     // d fitted column names
    std::vector<std::vector<std::string>> categories;   // d sorted lists; code = position
};

OrdinalModel fit(const OrdinalParams& params, const std::vector<CategoricalColumn>& X, Progress& progress = Progress::none());
Matrix transform(const OrdinalModel& model, const std::vector<CategoricalColumn>& X);   // n × d
std::vector<std::string> feature_names(const OrdinalModel& model);                       // the column names

void validate(const OrdinalModel& model);
void to_json(nlohmann::json& j, const OrdinalModel& m);
void from_json(const nlohmann::json& j, OrdinalModel& m);   // validates

}  // namespace genrelab::preprocess
