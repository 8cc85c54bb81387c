#include "cluster/kmeans.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "cluster/kernels.hpp"
#include "core/portable_math.hpp"
#include "core/error.hpp"

namespace genrelab::cluster {

namespace {

const char* const kWho = "k-means";

// scikit-learn's _is_same_clustering: the two labelings are equal up to a relabelling.
bool same_clustering(const Labels& a, const Labels& b, int k) {
    std::vector<int> mapping(static_cast<size_t>(k), -1);
    for (size_t i = 0; i < a.size(); ++i) {
        int& m = mapping[static_cast<size_t>(a[i])];
        if (m == -1)
            m = b[i];
        else if (m != b[i])
            return false;
    }
    return true;
}

// Squared distances from the rows `rows` of X to every row of X (t×n, row-major in `out`), by the
// ‖a‖² − 2a·x + ‖x‖² expansion clipped at 0, like scikit-learn's _euclidean_distances.
void sq_dist_rows_to_all(const Matrix& X, const Vector& xsq, const std::vector<Index>& rows, std::vector<double>& out) {
    const Index n = X.rows(), d = X.cols(), t = static_cast<Index>(rows.size());
    std::vector<double> W(static_cast<size_t>(d * t));   // d×t row-major
    for (Index c = 0; c < t; ++c)
        for (Index j = 0; j < d; ++j) W[static_cast<size_t>(j * t + c)] = X(rows[static_cast<size_t>(c)], j);
    std::vector<double> dots(static_cast<size_t>(n * t));   // n×t column-major
    detail::dot_block(X.data(), n, d, 0, n, W.data(), t, dots.data());
    out.resize(static_cast<size_t>(n * t));
    for (Index c = 0; c < t; ++c) {
        const double cn = xsq[rows[static_cast<size_t>(c)]];
        for (Index i = 0; i < n; ++i) {
            const double v = cn - 2.0 * dots[static_cast<size_t>(c * n + i)] + xsq[i];
            out[static_cast<size_t>(c * n + i)] = v > 0 ? v : 0.0;
        }
    }
}

Matrix plusplus(const Matrix& X, const Vector& xsq, int k, Rng& rng, std::vector<Index>* indices, int n_local_trials) {
    const Index n = X.rows();
    if (n_local_trials <= 0) n_local_trials = 2 + static_cast<int>(portable::log(static_cast<double>(k)));
    Matrix centers(k, X.cols());
    std::vector<Index> chosen;
    chosen.reserve(static_cast<size_t>(k));

    const Index first = static_cast<Index>(rng.below(static_cast<uint64_t>(n)));
    chosen.push_back(first);
    centers.row(0) = X.row(first);
    std::vector<double> closest;
    sq_dist_rows_to_all(X, xsq, {first}, closest);
    double current_pot = detail::ordered_sum(closest);

    std::vector<double> cumsum(static_cast<size_t>(n));
    std::vector<Index> candidates(static_cast<size_t>(n_local_trials));
    std::vector<double> cand_dist;
    for (int c = 1; c < k; ++c) {
        double run = 0;
        for (Index i = 0; i < n; ++i) cumsum[static_cast<size_t>(i)] = (run += closest[static_cast<size_t>(i)]);
        for (int t = 0; t < n_local_trials; ++t) {
            const double v = rng.uniform() * current_pot;
            // numpy.searchsorted(side='left'): the first index whose cumulative sum is ≥ v.
            const auto it = std::lower_bound(cumsum.begin(), cumsum.end(), v);
            candidates[static_cast<size_t>(t)] = std::min<Index>(static_cast<Index>(it - cumsum.begin()), n - 1);
        }
        sq_dist_rows_to_all(X, xsq, candidates, cand_dist);
        int best = 0;
        double best_pot = std::numeric_limits<double>::infinity();
        for (int t = 0; t < n_local_trials; ++t) {
            double* row = cand_dist.data() + static_cast<size_t>(t) * static_cast<size_t>(n);
            double pot = 0;
            for (Index i = 0; i < n; ++i) {
                row[i] = std::min(closest[static_cast<size_t>(i)], row[i]);
                pot += row[i];
            }
            if (pot < best_pot) {
                best_pot = pot;
                best = t;
            }
        }
        current_pot = best_pot;
        std::copy_n(cand_dist.data() + static_cast<size_t>(best) * static_cast<size_t>(n), n, closest.begin());
        const Index row = candidates[static_cast<size_t>(best)];
        chosen.push_back(row);
        centers.row(c) = X.row(row);
    }
    if (indices) *indices = chosen;
    return centers;
}

}  // namespace

// ---------------------------------------------------------------------------------------------- JSON

void to_json(nlohmann::json& j, const KMeansModel& m) {
    j = nlohmann::json{{"centers", m.centers}, {"inertia", m.inertia}, {"n_iter", m.n_iter}};
}

void from_json(const nlohmann::json& j, KMeansModel& m) {
    if (!j.is_object() || !j.contains("centers")) throw Error("model file: a k-means model needs 'centers'");
    m.centers = j.at("centers").get<Matrix>();
    m.inertia = j.contains("inertia") && j.at("inertia").is_number() ? j.at("inertia").get<double>() : 0.0;
    m.n_iter = j.contains("n_iter") && j.at("n_iter").is_number_integer() ? j.at("n_iter").get<int>() : 0;
    validate(m);
}

void validate(const KMeansModel& m) {
    if (m.centers.rows() < 1 || m.centers.cols() < 1)
        throw Error("k-means model: it needs at least one centre with at least one feature (centers is " +
                    std::to_string(m.centers.rows()) + "×" + std::to_string(m.centers.cols()) + ")");
    if (!m.centers.allFinite()) throw Error("k-means model: a centre has a missing or infinite coordinate");
    if (!std::isfinite(m.inertia) || m.inertia < 0) throw Error("k-means model: inertia must be a finite number ≥ 0");
    if (m.n_iter < 0) throw Error("k-means model: n_iter must be ≥ 0");
}

// ---------------------------------------------------------------------------------------------- fitter

KMeansFitter::KMeansFitter(const KMeansParams& params, const Matrix& X) : params_(params), X_(X), master_(params.seed) {
    const int k = params_.n_clusters;
    if (k < 1) throw Error("k-means needs n_clusters ≥ 1 (n_clusters = " + std::to_string(k) + ")");
    detail::check_not_empty(X_, kWho);
    if (k > X_.rows())
        throw Error("k-means needs n_clusters ≤ the number of rows (n_clusters = " + std::to_string(k) +
                    ", rows = " + with_thousands(X_.rows()) + ")");
    if (params_.n_init < 1) throw Error("k-means needs n_init ≥ 1 (n_init = " + std::to_string(params_.n_init) + ")");
    if (params_.max_iter < 1) throw Error("k-means needs max_iter ≥ 1 (max_iter = " + std::to_string(params_.max_iter) + ")");
    if (!(params_.tol >= 0) || !std::isfinite(params_.tol)) throw Error("k-means needs a finite tol ≥ 0");
    detail::check_finite(X_, kWho);
    if (params_.init == KMeansInit::Given) {
        const Matrix& c = params_.initial_centers;
        if (c.rows() != k || c.cols() != X_.cols())
            throw Error("k-means: the initial centres are " + std::to_string(c.rows()) + "×" + std::to_string(c.cols()) +
                        " but n_clusters = " + std::to_string(k) + " and X has " + std::to_string(X_.cols()) + " columns");
        if (!c.allFinite()) throw Error("k-means: an initial centre has a missing or infinite coordinate");
    }
    n_runs_ = params_.init == KMeansInit::Given ? 1 : params_.n_init;

    mean_ = detail::column_means(X_);
    Xc_ = X_.rowwise() - mean_;
    x_sq_norms_ = detail::row_squared_norms(Xc_);
    if (params_.tol > 0) {
        const RowVector var = detail::column_variances(X_, mean_);
        tol_abs_ = detail::ordered_sum(var.data(), var.size()) / static_cast<double>(var.size()) * params_.tol;
    }
}

void KMeansFitter::seed_restart() {
    Rng rng = master_.split();
    const int k = params_.n_clusters;
    const Index n = Xc_.rows();
    switch (params_.init) {
        case KMeansInit::KMeansPlusPlus:
            centers_ = plusplus(Xc_, x_sq_norms_, k, rng, nullptr, 0);
            break;
        case KMeansInit::Random: {
            // The first k of a uniform random permutation (partial Fisher–Yates).
            std::vector<Index> idx(static_cast<size_t>(n));
            std::iota(idx.begin(), idx.end(), Index{0});
            centers_.resize(k, Xc_.cols());
            for (int c = 0; c < k; ++c) {
                const Index j = c + static_cast<Index>(rng.below(static_cast<uint64_t>(n - c)));
                std::swap(idx[static_cast<size_t>(c)], idx[static_cast<size_t>(j)]);
                centers_.row(c) = Xc_.row(idx[static_cast<size_t>(c)]);
            }
            break;
        }
        case KMeansInit::Given:
            centers_ = params_.initial_centers.rowwise() - mean_;
            break;
    }
    labels_old_.assign(static_cast<size_t>(n), -1);
    iter_ = 0;
    history_.emplace_back();
    phase_ = Phase::Lloyd;
}

bool KMeansFitter::lloyd_iteration() {
    const int k = params_.n_clusters;
    const Index n = Xc_.rows(), d = Xc_.cols();
    // Assignment, plus the per-cluster sums and counts of the update, in one pass over X.
    std::vector<double> weight;
    detail::nearest_centers(Xc_, centers_, labels_, &dist2_, &centers_new_, &weight);
    history_.back().push_back(detail::ordered_sum(dist2_));

    // Empty clusters take the samples farthest from their centres (scikit-learn's relocation).
    std::vector<int> empty;
    for (int c = 0; c < k; ++c)
        if (weight[static_cast<size_t>(c)] == 0) empty.push_back(c);
    if (!empty.empty()) {
        std::vector<Index> order(static_cast<size_t>(n));
        std::iota(order.begin(), order.end(), Index{0});
        std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(empty.size()), order.end(),
                          [&](Index a, Index b) {
                              const double da = dist2_[static_cast<size_t>(a)], db = dist2_[static_cast<size_t>(b)];
                              return da > db || (da == db && a < b);
                          });
        for (size_t e = 0; e < empty.size(); ++e) {
            const Index far = order[e];
            const int from = labels_[static_cast<size_t>(far)];
            const int to = empty[e];
            for (Index j = 0; j < d; ++j) {
                centers_new_(from, j) -= Xc_(far, j);
                centers_new_(to, j) = Xc_(far, j);
            }
            weight[static_cast<size_t>(to)] = 1.0;
            weight[static_cast<size_t>(from)] -= 1.0;
        }
    }

    double shift_tot = 0;
    for (int c = 0; c < k; ++c) {
        const double w = weight[static_cast<size_t>(c)];
        if (w > 0) {
            const double alpha = 1.0 / w;
            for (Index j = 0; j < d; ++j) centers_new_(c, j) *= alpha;
        }
        double s = 0;
        for (Index j = 0; j < d; ++j) {
            const double diff = centers_new_(c, j) - centers_(c, j);
            s += diff * diff;
        }
        const double shift = std::sqrt(s);
        shift_tot += shift * shift;
    }
    std::swap(centers_, centers_new_);
    ++iter_;

    if (labels_ == labels_old_) {
        finish_restart(true);
        return true;
    }
    if (shift_tot <= tol_abs_ || iter_ >= params_.max_iter) {
        finish_restart(false);
        return true;
    }
    labels_old_ = labels_;
    return false;
}

void KMeansFitter::finish_restart(bool strict_convergence) {
    const Index n = Xc_.rows(), d = Xc_.cols();
    if (!strict_convergence) detail::nearest_centers(Xc_, centers_, labels_, nullptr);
    std::vector<double> per_row(static_cast<size_t>(n), 0.0);
    for (Index j = 0; j < d; ++j) {
        const double* col = Xc_.data() + j * n;
        for (Index i = 0; i < n; ++i) {
            const double diff = col[i] - centers_(labels_[static_cast<size_t>(i)], j);
            per_row[static_cast<size_t>(i)] += diff * diff;
        }
    }
    const double inertia = detail::ordered_sum(per_row);
    restart_inertia_.push_back(inertia);
    if (!has_best_ || (inertia < best_inertia_ && !same_clustering(labels_, best_labels_, params_.n_clusters))) {
        has_best_ = true;
        best_centers_ = centers_;
        best_labels_ = labels_;
        best_inertia_ = inertia;
        best_n_iter_ = iter_;
        best_restart_ = restart_;
    }
    ++restart_;
    phase_ = restart_ < n_runs_ ? Phase::Seed : Phase::Done;
}

bool KMeansFitter::step() {
    switch (phase_) {
        case Phase::Seed:
            seed_restart();
            return false;
        case Phase::Lloyd:
            lloyd_iteration();
            return phase_ == Phase::Done;
        case Phase::Done:
            return true;
    }
    return true;
}

double KMeansFitter::fraction() const {
    if (phase_ == Phase::Done) return 1.0;
    const double within = phase_ == Phase::Lloyd ? static_cast<double>(iter_) / params_.max_iter : 0.0;
    return (restart_ + within) / n_runs_;
}

std::string KMeansFitter::stage() const {
    if (phase_ == Phase::Done) return "k-means done";
    std::string s = "k-means restart " + std::to_string(restart_ + 1) + "/" + std::to_string(n_runs_);
    if (phase_ == Phase::Seed) return s + ", seeding";
    return s + ", iteration " + std::to_string(iter_ + 1);
}

KMeansModel KMeansFitter::result() const {
    if (!has_best_) throw Error("k-means: no restart has finished yet");
    KMeansModel m;
    m.centers = best_centers_.rowwise() + mean_;
    m.inertia = best_inertia_;
    m.n_iter = best_n_iter_;
    return m;
}

const Labels& KMeansFitter::labels() const {
    if (!has_best_) throw Error("k-means: no restart has finished yet");
    return best_labels_;
}

// ---------------------------------------------------------------------------------------------- free functions

KMeansModel fit(const KMeansParams& params, const Matrix& X, Progress& progress) {
    KMeansFitter f(params, X);
    f.run(progress);
    return f.result();
}

Labels predict(const KMeansModel& model, const Matrix& X) {
    validate(model);
    detail::check_columns(X, model.centers.cols(), kWho);
    detail::check_finite(X, kWho);
    Labels labels;
    detail::nearest_centers(X, model.centers, labels, nullptr);
    return labels;
}

Matrix transform(const KMeansModel& model, const Matrix& X) {
    validate(model);
    detail::check_columns(X, model.centers.cols(), kWho);
    detail::check_finite(X, kWho);
    const Index n = X.rows(), k = model.centers.rows(), d = X.cols();
    Matrix out = Matrix::Zero(n, k);
    for (Index c = 0; c < k; ++c) {
        double* o = out.data() + c * n;
        for (Index j = 0; j < d; ++j) {
            const double cj = model.centers(c, j);
            const double* col = X.data() + j * n;
            for (Index i = 0; i < n; ++i) o[i] += (col[i] - cj) * (col[i] - cj);
        }
        for (Index i = 0; i < n; ++i) o[i] = std::sqrt(o[i]);
    }
    return out;
}

double inertia(const KMeansModel& model, const Matrix& X) {
    validate(model);
    detail::check_columns(X, model.centers.cols(), kWho);
    detail::check_finite(X, kWho);
    Labels labels;
    std::vector<double> d2;
    detail::nearest_centers(X, model.centers, labels, &d2);
    return detail::ordered_sum(d2);
}

Matrix kmeans_plusplus(const Matrix& X, int k, Rng& rng, std::vector<Index>* indices, int n_local_trials) {
    if (k < 1) throw Error("k-means++ needs k ≥ 1 (k = " + std::to_string(k) + ")");
    detail::check_not_empty(X, "k-means++");
    if (k > X.rows())
        throw Error("k-means++ needs k ≤ the number of rows (k = " + std::to_string(k) + ", rows = " + with_thousands(X.rows()) + ")");
    detail::check_finite(X, "k-means++");
    return plusplus(X, detail::row_squared_norms(X), k, rng, indices, n_local_trials);
}

}  // namespace genrelab::cluster
