// A model search specification: a base recipe, which of its settings to vary and how, the
// cross-validation and the rule that picks the winner — and its expansion into candidate recipes.
//
//   {"recipe": {…a full recipe (pipeline/recipe.hpp): the base of every candidate…},
//    "method": "grid" | "random",          grid: every combination; random: n_iter draws
//    "n_iter": 10,                          random only
//    "seed": 0,                             the draws and the fold shuffle (default: the recipe's seed)
//    "params": {"classifier.k": [1, 5, 15],                   a list: these values (grid or uniform choice)
//               "classifier.learning_rate": {"log_uniform": [1e-4, 1e-2]},   random only, as below
//               "stages.1.method": ["standard", "minmax"],
//               "classifier": [{"type":"knn","k":5}, {"type":"logistic","C":1}]},   whole sub-objects too
//      or a list of such objects (several grids, scikit-learn's list of param_grid dicts),
//    "cv": {"folds": 5, "stratified": true, "shuffle": true, "train_scores": true},
//                                           a recipe with a group split (split.method "group", e.g. by artist)
//                                           gets group folds: no group in two folds (see cross_validate.hpp)
//    "select": {"metric": "accuracy"}         accuracy | macro_f1 | roc_auc_macro | log_loss (lower wins)
//           | {"weighted": {"w1": 1, "w2": 1}}    score = ½·(w1·(1 − acc_gap) + w2·acc_val),
//                                                 acc_gap = mean over folds of (train acc − validation acc)
//    "refit": true}                         refit the winner on the whole training part, report on the test part
//
// Paths are dotted JSON paths into the recipe; a numeric segment indexes a list ("stages.1.method" = the
// second stage's method). Only "classifier…", "stages…" and "features" may vary: the label, label grouping,
// cleaning, split and seed decide which rows are trained and tested, and every candidate must be scored on
// the same rows to be comparable. The last segment may name a setting the base recipe leaves at its default
// ("classifier.k" when the base says only {"type":"knn"}); every earlier segment must exist.
//
// Distributions (random search only): {"uniform":[a,b]} (a ≤ x < b), {"log_uniform":[a,b]} (0 < a < b,
// log x uniform), {"int_uniform":[a,b]} (an integer a ≤ x ≤ b, both ends included — unlike scipy's randint,
// whose upper end is excluded). Lists are chosen from uniformly.
//
// Order and randomness match scikit-learn's ParameterGrid / ParameterSampler where that is defined: within one
// grid the paths are taken in sorted order and the last one varies fastest; a random search whose params are
// all lists samples grid points without replacement (the whole grid, in grid order, when n_iter ≥ its size);
// otherwise each draw picks a grid (when several) and then each path in sorted order. The draws come from
// genrelab::Rng(seed), so the same spec gives the same candidates natively and in wasm (not numpy's numbers).
//
// Every candidate recipe is parsed and its stages and classifier are constructed (which checks every setting)
// before any fitting: a bad path or value throws genrelab::Error naming the path and the candidate.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pipeline/recipe.hpp"

namespace genrelab::search {

using nlohmann::json;

enum class SearchMethod { Grid, Random };
NLOHMANN_JSON_SERIALIZE_ENUM(SearchMethod, {{SearchMethod::Grid, "grid"}, {SearchMethod::Random, "random"}})

// One varied setting: a list of values or a distribution to draw from.
struct ParamDomain {
    enum class Kind { List, Uniform, LogUniform, IntUniform };
    std::string path;
    Kind kind = Kind::List;
    std::vector<json> values;   // List
    double lo = 0, hi = 0;      // distributions
};
using ParamGrid = std::vector<ParamDomain>;   // sorted by path

struct CvSpec {
    int folds = 5;
    bool stratified = true;   // scikit-learn's StratifiedKFold (else KFold); ignored by group folds
    bool shuffle = true;      // rows shuffled with Rng(seed) before folding; false = scikit-learn's exact folds
    // Score the training folds too (train.* metrics, acc_gap, weighted_score). Costs one more prediction
    // pass over the training folds (for kNN the biggest part of the search); false leaves them null.
    bool train_scores = true;
};

// Which number ranks the candidates. metric ∈ {"accuracy","macro_f1","roc_auc_macro","log_loss","weighted"}.
struct Selection {
    std::string metric = "accuracy";
    double w1 = 1, w2 = 1;    // "weighted" only
    bool lower_is_better() const { return metric == "log_loss"; }
};

struct SearchSpec {
    json recipe;                       // the base recipe as given
    SearchMethod method = SearchMethod::Grid;
    int n_iter = 10;
    uint64_t seed = 0;
    std::vector<ParamGrid> grids;      // at least one; a grid may be empty (the base recipe alone)
    CvSpec cv;
    Selection select;
    bool refit = true;
};

struct Candidate {
    json params;                       // {path: value} of this candidate (sorted by path)
    pipeline::Recipe recipe;           // the base recipe with those values set, parsed and checked
};

// Parses and checks a spec (not yet the candidates); throws genrelab::Error naming the bad field.
SearchSpec parse_search_spec(const json& j);
SearchSpec parse_search_spec_text(const std::string& text);
json to_json(const SearchSpec& spec);

// Number of candidates a grid search gives: the sum over grids of the product of list lengths.
size_t grid_size(const SearchSpec& spec);

// The candidates of a spec, each parsed and checked (throws Error naming the candidate and path).
std::vector<Candidate> expand(const SearchSpec& spec);

// `recipe` with the value at dotted `path` replaced (see above); throws Error naming the path.
json set_path(json recipe, const std::string& path, const json& value);

// "classifier.k = 5, stages.1.method = minmax" for messages and tables.
std::string describe(const json& params);

}  // namespace genrelab::search
