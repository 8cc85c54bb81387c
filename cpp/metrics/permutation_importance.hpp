// Permutation feature importance (Breiman 2001, §10; Fisher, Rudin & Dominici 2019 "model reliance"):
// how much a fitted model's score drops when the values of ONE input column are shuffled among the
// evaluation rows, which breaks that column's link to the label while keeping its distribution.
//
//   score(perm)  — the model's score (here: accuracy) with column j's value of row i taken from row perm[i];
//   drop         — baseline score − score with column j permuted, one per repeat;
//   importance_j — mean and (population, ddof = 0) standard deviation of the n_repeats drops.
//
// The generic form takes a callback, so the pipeline can permute an ORIGINAL input column (a raw CSV
// column such as "key" before one-hot encoding) rather than an encoded feature; the Matrix form permutes
// columns of X directly, as scikit-learn's sklearn.inspection.permutation_importance(model, X, y,
// scoring='accuracy', n_repeats, random_state) does. Matches it in definition (mean/std of baseline −
// permuted score over repeats); the permutations themselves come from genrelab::Rng, so individual numbers
// differ from scikit-learn's by the randomness of the shuffles. Column j's permutations are drawn from a
// stream seeded by (seed, j), so a column's result does not depend on which other columns are measured.
//
// Long runs are steppable: PermutationImportanceFitter::step() scores one (column, repeat) pair.
#pragma once
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/progress.hpp"
#include "core/stepper.hpp"
#include "core/types.hpp"

namespace genrelab::metrics {

struct PermutationImportanceParams {
    int n_repeats = 5;      // shuffles per column, ≥ 1
    uint64_t seed = 42;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(PermutationImportanceParams, n_repeats, seed)

struct PermutationImportanceResult {
    double baseline = 0;                       // score without any permutation
    std::vector<double> mean, std;             // per column: mean and std of the drops
    std::vector<std::vector<double>> drops;    // per column: n_repeats drops (baseline − permuted score)
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(PermutationImportanceResult, baseline, mean, std, drops)

// The score with column `column` permuted: row i takes the column's value of row perm[i] (perm has n_rows entries).
using PermutedScore = std::function<double(int column, const std::vector<Index>& perm)>;

// n_columns ≥ 1 columns over n_rows ≥ 2 rows. `score` must stay valid while the fitter runs.
class PermutationImportanceFitter : public Stepper {
public:
    PermutationImportanceFitter(const PermutationImportanceParams& params, int n_columns, Index n_rows, double baseline,
                                PermutedScore score);
    bool step() override;   // scores one (column, repeat) pair
    double fraction() const override;
    std::string stage() const override;
    const PermutationImportanceResult& result() const { return result_; }

private:
    PermutationImportanceParams params_;
    int n_columns_;
    Index n_rows_;
    PermutedScore score_;
    int column_ = 0, repeat_ = 0;
    std::vector<Index> perm_;
    PermutationImportanceResult result_;
};

PermutationImportanceResult permutation_importance(const PermutationImportanceParams& params, int n_columns, Index n_rows,
                                                   double baseline, const PermutedScore& score,
                                                   Progress& progress = Progress::none());

// X: n×d (n ≥ 2, finite), y: n labels; predict: a fitted model's labels for an n×d matrix. Score = accuracy.
PermutationImportanceResult permutation_importance(const PermutationImportanceParams& params, const Matrix& X, const Labels& y,
                                                   const std::function<Labels(const Matrix&)>& predict,
                                                   Progress& progress = Progress::none());

// Fraction of positions where a and b agree (sizes must match and be > 0).
double accuracy_of(const Labels& truth, const Labels& predicted);

}  // namespace genrelab::metrics
