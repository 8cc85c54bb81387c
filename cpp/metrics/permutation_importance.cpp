#include "metrics/permutation_importance.hpp"

#include <cmath>
#include <numeric>
#include <string>

#include "core/error.hpp"
#include "core/rng.hpp"

namespace genrelab::metrics {

namespace {

// Column j's own stream: the same shuffles whichever other columns are measured.
uint64_t column_seed(uint64_t seed, int column) { return seed ^ (0x9E3779B97F4A7C15ULL * (static_cast<uint64_t>(column) + 1)); }

}  // namespace

double accuracy_of(const Labels& truth, const Labels& predicted) {
    if (truth.size() != predicted.size() || truth.empty())
        throw Error("accuracy needs as many predictions as labels (" + std::to_string(predicted.size()) + " vs " +
                    std::to_string(truth.size()) + ") and at least one row");
    size_t right = 0;
    for (size_t i = 0; i < truth.size(); ++i) right += truth[i] == predicted[i];
    return static_cast<double>(right) / static_cast<double>(truth.size());
}

PermutationImportanceFitter::PermutationImportanceFitter(const PermutationImportanceParams& params, int n_columns, Index n_rows,
                                                         double baseline, PermutedScore score)
    : params_(params), n_columns_(n_columns), n_rows_(n_rows), score_(std::move(score)) {
    if (params.n_repeats < 1 || params.n_repeats > 1000)
        throw Error("permutation importance needs n_repeats between 1 and 1000 (got " + std::to_string(params.n_repeats) + ")");
    if (n_columns < 1) throw Error("permutation importance needs at least one column");
    if (n_rows < 2) throw Error("permutation importance needs at least 2 rows to shuffle (got " + std::to_string(n_rows) + ")");
    if (!std::isfinite(baseline)) throw Error("permutation importance: the baseline score is not a number");
    if (!score_) throw Error("permutation importance: no scoring function");
    result_.baseline = baseline;
    result_.mean.assign(static_cast<size_t>(n_columns), 0.0);
    result_.std.assign(static_cast<size_t>(n_columns), 0.0);
    result_.drops.assign(static_cast<size_t>(n_columns), std::vector<double>());
    perm_.resize(static_cast<size_t>(n_rows));
}

bool PermutationImportanceFitter::step() {
    if (column_ >= n_columns_) return true;
    // Repeat r of column j: the r-th shuffle of column j's stream (replayed from the start, so a step
    // needs no state beyond (j, r); the replay costs r·n draws, small beside one prediction pass).
    Rng rng(column_seed(params_.seed, column_));
    for (int r = 0; r <= repeat_; ++r) {
        std::iota(perm_.begin(), perm_.end(), Index{0});
        rng.shuffle(perm_);
    }
    const double s = score_(column_, perm_);
    if (!std::isfinite(s)) throw Error("permutation importance: a permuted score is not a number");
    auto& drops = result_.drops[static_cast<size_t>(column_)];
    drops.push_back(result_.baseline - s);
    if (++repeat_ == params_.n_repeats) {
        double mean = 0;
        for (double d : drops) mean += d;
        mean /= static_cast<double>(drops.size());
        double var = 0;
        for (double d : drops) var += (d - mean) * (d - mean);
        result_.mean[static_cast<size_t>(column_)] = mean;
        result_.std[static_cast<size_t>(column_)] = std::sqrt(var / static_cast<double>(drops.size()));   // ddof = 0, as numpy
        repeat_ = 0;
        ++column_;
    }
    return column_ >= n_columns_;
}

double PermutationImportanceFitter::fraction() const {
    const double total = static_cast<double>(n_columns_) * params_.n_repeats;
    return std::min(1.0, (static_cast<double>(column_) * params_.n_repeats + repeat_) / total);
}

std::string PermutationImportanceFitter::stage() const {
    if (column_ >= n_columns_) return "done";
    return "shuffling column " + std::to_string(column_ + 1) + " of " + std::to_string(n_columns_) + " (repeat " +
           std::to_string(repeat_ + 1) + " of " + std::to_string(params_.n_repeats) + ")";
}

PermutationImportanceResult permutation_importance(const PermutationImportanceParams& params, int n_columns, Index n_rows,
                                                   double baseline, const PermutedScore& score, Progress& progress) {
    PermutationImportanceFitter f(params, n_columns, n_rows, baseline, score);
    f.run(progress);
    return f.result();
}

PermutationImportanceResult permutation_importance(const PermutationImportanceParams& params, const Matrix& X, const Labels& y,
                                                   const std::function<Labels(const Matrix&)>& predict, Progress& progress) {
    if (static_cast<size_t>(X.rows()) != y.size())
        throw Error("X has " + std::to_string(X.rows()) + " rows but y has " + std::to_string(y.size()) + " labels");
    if (!X.allFinite()) throw Error("X has NaN or infinite values; permutation importance needs finite numbers");
    const double baseline = accuracy_of(y, predict(X));
    Matrix work = X;
    const PermutedScore score = [&](int j, const std::vector<Index>& perm) {
        for (Index i = 0; i < X.rows(); ++i) work(i, j) = X(perm[static_cast<size_t>(i)], j);
        const double s = accuracy_of(y, predict(work));
        work.col(j) = X.col(j);
        return s;
    };
    return permutation_importance(params, static_cast<int>(X.cols()), X.rows(), baseline, score, progress);
}

}  // namespace genrelab::metrics
