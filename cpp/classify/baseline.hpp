// Baseline classifiers that ignore the features — the floor any real model must clear.
//
//   MostFrequent — predicts the most frequent training class (the lowest index on ties) and gives
//                  every row the training class frequencies as probabilities: scikit-learn's
//                  DummyClassifier(strategy="prior"). (Its strategy="most_frequent" predicts the same
//                  labels but one-hot probabilities; "prior" is the more useful for log-loss and AUC.)
//   Uniform      — guesses a class uniformly at random per row, seeded: the same model and the same
//                  number of rows give the same guesses on every call and platform (row i's guess
//                  is the i-th draw of genrelab::Rng(seed)); probabilities are 1/K everywhere, like
//                  DummyClassifier(strategy="uniform"), whose random draws differ from ours.
//
// Shapes: X is n×d (only n and d are used), y has n labels in 0..n_classes−1, predict_proba is n×K.
// Classes in 0..n_classes−1 that never occur in y get prior 0.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>

#include "core/json_eigen.hpp"
#include "core/types.hpp"

namespace genrelab::classify {

enum class BaselineStrategy { MostFrequent, Uniform };
NLOHMANN_JSON_SERIALIZE_ENUM(BaselineStrategy, {{BaselineStrategy::MostFrequent, "most_frequent"},
                                                {BaselineStrategy::Uniform, "uniform"},
                                                {BaselineStrategy::MostFrequent, "prior"}})

struct BaselineParams {
    BaselineStrategy strategy = BaselineStrategy::MostFrequent;
    uint64_t seed = 42;  // Uniform only
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(BaselineParams, strategy, seed)

struct BaselineModel {
    BaselineStrategy strategy = BaselineStrategy::MostFrequent;
    int n_inputs = 0;      // d, checked at prediction
    Vector class_prior;    // K training class frequencies (sum to 1)
    uint64_t seed = 42;
};
void to_json(nlohmann::json& j, const BaselineModel& m);
void from_json(const nlohmann::json& j, BaselineModel& m);  // validates

// Throws genrelab::Error unless K ≥ 2, the prior is non-negative, finite and sums to 1 (±1e-9), d ≥ 1.
void validate(const BaselineModel& model);

BaselineModel fit(const BaselineParams& params, const Matrix& X, const Labels& y, int n_classes);
Matrix predict_proba(const BaselineModel& model, const Matrix& X);  // n×K
Labels predict(const BaselineModel& model, const Matrix& X);

}  // namespace genrelab::classify
