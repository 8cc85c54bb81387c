// One-hot encoding of string columns: scikit-learn's OneHotEncoder (1.2) for categorical features such
// as key ("C#") and mode ("Major"), giving one 0/1 output per category.
//
//   X (fit and transform): d CategoricalColumns of n rows each (encode_common.hpp); the result of
//   transform is n × (total outputs), the columns' blocks side by side in input order, named by
//   feature_names(): "mode=Major", "key=C#", "key=<missing>", "artist=infrequent".
//
// Matches scikit-learn:
//   * categories = the distinct training values sorted by code point; a missing value (MissingPolicy::
//     Category, the default) is a category of its own placed last, like sklearn's NaN category;
//   * drop = first | if_binary removes the first output of a column (if_binary: only when it has exactly
//     two), so a dropped category encodes as all zeros;
//   * min_frequency (a count) / max_categories group rare categories into one "infrequent" output placed
//     after the frequent ones; max_categories keeps the (max_categories − 1) most frequent categories, ties
//     going against the earlier-sorted category exactly like sklearn's stable argsort; unknown values go to
//     that output with handle_unknown = infrequent_if_exist, to all zeros with ignore, and throw with error.
// Differs on purpose: min_frequency is a count only (no fraction); max_categories = 1 is refused (sklearn
// silently ignores it); MissingPolicy::Zeros (missing → all zeros, never a category) and ::Error exist
// because a missing key is usually better left unencoded than learned as a "key".
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/progress.hpp"
#include "core/types.hpp"
#include "preprocess/encode_common.hpp"

namespace genrelab::preprocess {

enum class OneHotDrop { None, First, IfBinary };
NLOHMANN_JSON_SERIALIZE_ENUM(OneHotDrop, {{OneHotDrop::None, "none"}, {OneHotDrop::First, "first"}, {OneHotDrop::IfBinary, "if_binary"}})

enum class MissingPolicy { Category, Zeros, Error };
NLOHMANN_JSON_SERIALIZE_ENUM(MissingPolicy, {{MissingPolicy::Category, "category"}, {MissingPolicy::Zeros, "zeros"}, {MissingPolicy::Error, "error"}})

struct OneHotParams {
    HandleUnknown handle_unknown = HandleUnknown::Error;   // error | ignore | infrequent_if_exist
    OneHotDrop drop = OneHotDrop::None;
    MissingPolicy missing = MissingPolicy::Category;
    long long min_frequency = 0;   // categories seen fewer times than this are "infrequent" (0 or 1: off)
    int max_categories = 0;        // ≥ 2: at most this many outputs per column before dropping (0: no limit)
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(OneHotParams, handle_unknown, drop, missing, min_frequency, max_categories)

// What was learned about one input column; the output layout is derived from it and the params.
struct OneHotColumnState {
    std::string name;
    std::vector<std::string> categories;   // distinct non-missing training values, sorted by code point
    std::vector<long long> counts;         // training count of each category (≥ 1)
    long long missing_count = 0;           // training rows where the column was missing
};

// Derived, never serialized: rebuilt by fit and on load so a model file cannot make it inconsistent.
struct OneHotLayout {
    std::vector<int> output_of;            // categories.size() + 1 entries (last: missing); -1 = no output
    int unknown_output = -1;               // where unseen values go (infrequent_if_exist), -1 = nowhere
    bool missing_is_category = false;      // missing was a training category (else it is unknown or zeros)
    std::vector<std::string> names;        // one per output
    Index offset = 0;                      // first output column in the whole result
};

struct OneHotModel {
    OneHotParams params;
    std::vector<OneHotColumnState> columns;
    std::vector<OneHotLayout> layout;      // derived
    Index n_outputs = 0;                   // derived
};

OneHotModel fit(const OneHotParams& params, const std::vector<CategoricalColumn>& X, Progress& progress = Progress::none());
// n × n_outputs of 0/1. Columns must come in the fitted order with the fitted names.
Matrix transform(const OneHotModel& model, const std::vector<CategoricalColumn>& X);
std::vector<std::string> feature_names(const OneHotModel& model);

// Throws genrelab::Error when the state is inconsistent or the layout is not the one it derives to.
void validate(const OneHotModel& model);
void to_json(nlohmann::json& j, const OneHotModel& m);
void from_json(const nlohmann::json& j, OneHotModel& m);   // checks the state, then derives the layout

}  // namespace genrelab::preprocess
