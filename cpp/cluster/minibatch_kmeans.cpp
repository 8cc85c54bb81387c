#include "cluster/minibatch_kmeans.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "cluster/kernels.hpp"
#include "core/error.hpp"

namespace genrelab::cluster {

namespace {
const char* const kWho = "mini-batch k-means";

Matrix gather_rows(const Matrix& X, const std::vector<Index>& rows) {
    Matrix out(static_cast<Index>(rows.size()), X.cols());
    for (Index j = 0; j < X.cols(); ++j)
        for (size_t r = 0; r < rows.size(); ++r) out(static_cast<Index>(r), j) = X(rows[r], j);
    return out;
}

std::vector<Index> draw_with_replacement(Rng& rng, Index n, Index m) {
    std::vector<Index> idx(static_cast<size_t>(m));
    for (auto& v : idx) v = static_cast<Index>(rng.below(static_cast<uint64_t>(n)));
    return idx;
}
}  // namespace

MiniBatchKMeansFitter::MiniBatchKMeansFitter(const MiniBatchKMeansParams& params, const Matrix& X)
    : params_(params), X_(X), rng_(params.seed) {
    const int k = params_.n_clusters;
    if (k < 1) throw Error("mini-batch k-means needs n_clusters ≥ 1 (n_clusters = " + std::to_string(k) + ")");
    detail::check_not_empty(X_, kWho);
    const Index n = X_.rows();
    if (k > n)
        throw Error("mini-batch k-means needs n_clusters ≤ the number of rows (n_clusters = " + std::to_string(k) +
                    ", rows = " + with_thousands(n) + ")");
    if (params_.batch_size < 1) throw Error("mini-batch k-means needs batch_size ≥ 1 (batch_size = " + std::to_string(params_.batch_size) + ")");
    if (params_.max_iter < 1) throw Error("mini-batch k-means needs max_iter ≥ 1 (max_iter = " + std::to_string(params_.max_iter) + ")");
    if (params_.n_init < 1) throw Error("mini-batch k-means needs n_init ≥ 1 (n_init = " + std::to_string(params_.n_init) + ")");
    if (params_.init_size < 0) throw Error("mini-batch k-means needs init_size ≥ 0 (0 = automatic)");
    if (params_.max_no_improvement < 0) throw Error("mini-batch k-means needs max_no_improvement ≥ 0 (0 = off)");
    if (!(params_.tol >= 0) || !std::isfinite(params_.tol)) throw Error("mini-batch k-means needs a finite tol ≥ 0");
    if (!(params_.reassignment_ratio >= 0) || !std::isfinite(params_.reassignment_ratio))
        throw Error("mini-batch k-means needs a finite reassignment_ratio ≥ 0");
    detail::check_finite(X_, kWho);
    if (params_.init == KMeansInit::Given) {
        const Matrix& c = params_.initial_centers;
        if (c.rows() != k || c.cols() != X_.cols())
            throw Error("mini-batch k-means: the initial centres are " + std::to_string(c.rows()) + "×" + std::to_string(c.cols()) +
                        " but n_clusters = " + std::to_string(k) + " and X has " + std::to_string(X_.cols()) + " columns");
        if (!c.allFinite()) throw Error("mini-batch k-means: an initial centre has a missing or infinite coordinate");
    }

    batch_ = std::min<Index>(params_.batch_size, n);
    if (params_.init_size == 0) {
        init_size_ = 3 * batch_;
        if (init_size_ < k) init_size_ = 3 * k;
    } else {
        init_size_ = params_.init_size < k ? 3 * k : params_.init_size;
    }
    init_size_ = std::min(init_size_, n);
    n_runs_ = params_.init == KMeansInit::Given ? 1 : params_.n_init;
    n_steps_total_ = static_cast<long long>(params_.max_iter) * n / batch_;
    if (params_.tol > 0) {
        const RowVector mean = detail::column_means(X_);
        const RowVector var = detail::column_variances(X_, mean);
        tol_abs_ = detail::ordered_sum(var.data(), var.size()) / static_cast<double>(var.size()) * params_.tol;
    }
    X_valid_ = gather_rows(X_, draw_with_replacement(rng_, n, init_size_));
}

void MiniBatchKMeansFitter::seed_once() {
    Rng rng = rng_.split();
    const int k = params_.n_clusters;
    const Index n = X_.rows();
    Matrix centers;
    if (params_.init == KMeansInit::Given) {
        centers = params_.initial_centers;
    } else {
        const Matrix sub = init_size_ < n ? gather_rows(X_, draw_with_replacement(rng, n, init_size_)) : X_;
        if (params_.init == KMeansInit::KMeansPlusPlus) {
            centers = kmeans_plusplus(sub, k, rng);
        } else {
            std::vector<Index> idx(static_cast<size_t>(sub.rows()));
            std::iota(idx.begin(), idx.end(), Index{0});
            for (int c = 0; c < k; ++c) {
                const Index j = c + static_cast<Index>(rng.below(static_cast<uint64_t>(sub.rows() - c)));
                std::swap(idx[static_cast<size_t>(c)], idx[static_cast<size_t>(j)]);
            }
            idx.resize(static_cast<size_t>(k));
            centers = gather_rows(sub, idx);
        }
    }
    Labels lab;
    std::vector<double> d2;
    detail::nearest_centers(X_valid_, centers, lab, &d2);
    const double inertia = detail::ordered_sum(d2);
    init_inertia_.push_back(inertia);
    if (run_ == 0 || inertia < best_init_inertia_) {
        best_init_inertia_ = inertia;
        centers_ = centers;
    }
    ++run_;
    if (run_ == n_runs_) {
        counts_.assign(static_cast<size_t>(k), 0.0);
        phase_ = Phase::Batches;
    }
}

bool MiniBatchKMeansFitter::minibatch_step() {
    const Index n = X_.rows(), d = X_.cols(), k = params_.n_clusters;
    const Matrix Xb = gather_rows(X_, draw_with_replacement(rng_, n, batch_));

    // sklearn's _random_reassign, evaluated before the step.
    since_reassign_ += batch_;
    bool reassign = false;
    if (std::any_of(counts_.begin(), counts_.end(), [](double c) { return c == 0; }) || since_reassign_ >= 10 * k) {
        since_reassign_ = 0;
        reassign = true;
    }

    Labels lab;
    std::vector<double> d2, bcount;
    Matrix sums;
    detail::nearest_centers(Xb, centers_, lab, &d2, &sums, &bcount);
    const double batch_inertia = detail::ordered_sum(d2);

    Matrix centers_new = centers_;
    for (Index c = 0; c < k; ++c) {
        const double w = bcount[static_cast<size_t>(c)];
        if (w <= 0) continue;
        const double old = counts_[static_cast<size_t>(c)];
        counts_[static_cast<size_t>(c)] = old + w;
        const double alpha = 1.0 / counts_[static_cast<size_t>(c)];
        for (Index j = 0; j < d; ++j) centers_new(c, j) = (centers_(c, j) * old + sums(c, j)) * alpha;
    }

    if (reassign && params_.reassignment_ratio > 0) {
        const double mx = *std::max_element(counts_.begin(), counts_.end());
        std::vector<char> to(static_cast<size_t>(k), 0);
        Index n_to = 0;
        for (Index c = 0; c < k; ++c)
            if (counts_[static_cast<size_t>(c)] < params_.reassignment_ratio * mx) {
                to[static_cast<size_t>(c)] = 1;
                ++n_to;
            }
        const Index cap = static_cast<Index>(0.5 * static_cast<double>(batch_));
        if (n_to > cap) {
            // Keep only the `cap` centres with the smallest counts (ties: lower index).
            std::vector<Index> order(static_cast<size_t>(k));
            std::iota(order.begin(), order.end(), Index{0});
            std::stable_sort(order.begin(), order.end(),
                             [&](Index a, Index b) { return counts_[static_cast<size_t>(a)] < counts_[static_cast<size_t>(b)]; });
            for (Index r = cap; r < k; ++r) to[static_cast<size_t>(order[static_cast<size_t>(r)])] = 0;
            n_to = std::min(n_to, cap);
        }
        if (n_to > 0) {
            // New centres: distinct random rows of the batch.
            std::vector<Index> idx(static_cast<size_t>(batch_));
            std::iota(idx.begin(), idx.end(), Index{0});
            for (Index r = 0; r < n_to; ++r) {
                const Index j = r + static_cast<Index>(rng_.below(static_cast<uint64_t>(batch_ - r)));
                std::swap(idx[static_cast<size_t>(r)], idx[static_cast<size_t>(j)]);
            }
            Index used = 0;
            for (Index c = 0; c < k; ++c)
                if (to[static_cast<size_t>(c)]) centers_new.row(c) = Xb.row(idx[static_cast<size_t>(used++)]);
        }
        // Reset the counts of reassigned centres to the smallest remaining count (sklearn's "dirty hack").
        double mn = std::numeric_limits<double>::infinity();
        for (Index c = 0; c < k; ++c)
            if (!to[static_cast<size_t>(c)]) mn = std::min(mn, counts_[static_cast<size_t>(c)]);
        for (Index c = 0; c < k; ++c)
            if (to[static_cast<size_t>(c)]) counts_[static_cast<size_t>(c)] = mn;
    }

    double centers_sq_diff = 0;
    if (tol_abs_ > 0)
        for (Index j = 0; j < d; ++j)
            for (Index c = 0; c < k; ++c) {
                const double diff = centers_new(c, j) - centers_(c, j);
                centers_sq_diff += diff * diff;
            }
    centers_ = std::move(centers_new);

    // sklearn's _mini_batch_convergence.
    const double bi = batch_inertia / static_cast<double>(batch_);
    batch_inertia_.push_back(bi);
    ++step_;
    if (step_ == 1) return false;
    if (!has_ewa_) {
        ewa_ = bi;
        has_ewa_ = true;
    } else {
        const double alpha = std::min(1.0, static_cast<double>(batch_) * 2.0 / static_cast<double>(n + 1));
        ewa_ = ewa_ * (1 - alpha) + bi * alpha;
    }
    if (tol_abs_ > 0 && centers_sq_diff <= tol_abs_) return true;
    if (!has_ewa_min_ || ewa_ < ewa_min_) {
        no_improvement_ = 0;
        ewa_min_ = ewa_;
        has_ewa_min_ = true;
    } else {
        ++no_improvement_;
    }
    return params_.max_no_improvement > 0 && no_improvement_ >= params_.max_no_improvement;
}

void MiniBatchKMeansFitter::finish() {
    std::vector<double> d2;
    detail::nearest_centers(X_, centers_, labels_, &d2);
    model_.centers = centers_;
    model_.inertia = detail::ordered_sum(d2);
    const long long rows_seen = step_ * static_cast<long long>(batch_);
    const long long n = X_.rows();
    model_.n_iter = static_cast<int>((rows_seen + n - 1) / n);
    phase_ = Phase::Done;
}

bool MiniBatchKMeansFitter::step() {
    switch (phase_) {
        case Phase::Seed:
            seed_once();
            return false;
        case Phase::Batches: {
            // About 64k sampled rows per step: bounded work whatever the batch size.
            const long long chunk = std::max<long long>(1, 65536 / batch_);
            for (long long s = 0; s < chunk && phase_ == Phase::Batches; ++s)
                if (minibatch_step() || step_ >= n_steps_total_) phase_ = Phase::Final;
            return false;
        }
        case Phase::Final:
            finish();
            return true;
        case Phase::Done:
            return true;
    }
    return true;
}

double MiniBatchKMeansFitter::fraction() const {
    if (phase_ == Phase::Done) return 1.0;
    const double seeded = 0.1 * run_ / n_runs_;
    if (phase_ == Phase::Seed) return seeded;
    return 0.1 + 0.85 * static_cast<double>(step_) / static_cast<double>(n_steps_total_);
}

std::string MiniBatchKMeansFitter::stage() const {
    switch (phase_) {
        case Phase::Seed: return "mini-batch k-means seeding " + std::to_string(run_ + 1) + "/" + std::to_string(n_runs_);
        case Phase::Batches: return "mini-batch k-means step " + std::to_string(step_) + "/" + std::to_string(n_steps_total_);
        case Phase::Final: return "mini-batch k-means labelling";
        case Phase::Done: return "mini-batch k-means done";
    }
    return "";
}

KMeansModel MiniBatchKMeansFitter::result() const {
    if (phase_ != Phase::Done) throw Error("mini-batch k-means: the fit has not finished yet");
    return model_;
}

const Labels& MiniBatchKMeansFitter::labels() const {
    if (phase_ != Phase::Done) throw Error("mini-batch k-means: the fit has not finished yet");
    return labels_;
}

KMeansModel fit(const MiniBatchKMeansParams& params, const Matrix& X, Progress& progress) {
    MiniBatchKMeansFitter f(params, X);
    f.run(progress);
    return f.result();
}

}  // namespace genrelab::cluster
