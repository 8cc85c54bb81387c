#include "cluster/elbow.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "cluster/kernels.hpp"
#include "core/portable_math.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"
#include "metrics/clustering.hpp"

namespace genrelab::cluster {

namespace {
double nan_value() { return std::numeric_limits<double>::quiet_NaN(); }
nlohmann::json number_or_null(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

// Σ_i ‖x_i − centers[labels_i]‖², in row order.
double inertia_of(const Matrix& X, const Matrix& centers, const Labels& labels) {
    double total = 0;
    for (Index i = 0; i < X.rows(); ++i) {
        const Index c = labels[static_cast<size_t>(i)];
        double s = 0;
        for (Index j = 0; j < X.cols(); ++j) {
            const double diff = X(i, j) - centers(c, j);
            s += diff * diff;
        }
        total += s;
    }
    return total;
}

// The sampled silhouette, or NaN where it is undefined (fewer than 2 clusters among the sampled rows, or
// as many clusters as rows).
double sampled_silhouette(const Matrix& X, const Labels& labels, int rows, uint32_t seed) {
    if (rows <= 0) return nan_value();
    const auto idx = peer_sample(static_cast<size_t>(X.rows()), static_cast<size_t>(rows), seed);
    std::vector<int> seen;
    for (size_t r : idx) seen.push_back(labels[r]);
    std::sort(seen.begin(), seen.end());
    const auto distinct = static_cast<size_t>(std::unique(seen.begin(), seen.end()) - seen.begin());
    if (distinct < 2 || distinct > idx.size() - 1) return nan_value();
    return metrics::silhouette_score_sampled(X, labels, static_cast<size_t>(rows), seed);
}
}  // namespace

void to_json(nlohmann::json& j, const ElbowPoint& p) {
    j = nlohmann::json{{"k", p.k},
                       {"inertia", number_or_null(p.inertia)},
                       {"log_likelihood", number_or_null(p.log_likelihood)},
                       {"bic", number_or_null(p.bic)},
                       {"aic", number_or_null(p.aic)},
                       {"silhouette", number_or_null(p.silhouette)},
                       {"n_iter", p.n_iter},
                       {"converged", p.converged}};
}

void to_json(nlohmann::json& j, const ElbowResult& r) {
    j = nlohmann::json{{"method", r.method}, {"n_features", r.n_features}, {"points", r.points}};
}

ElbowFitter::ElbowFitter(const ElbowParams& params, const Matrix& X) : params_(params), X_(X) {
    detail::check_not_empty(X_, "elbow sweep");
    if (params_.k_min < 1) throw Error("elbow sweep needs k_min ≥ 1 (k_min = " + std::to_string(params_.k_min) + ")");
    if (params_.k_max < params_.k_min)
        throw Error("elbow sweep needs k_max ≥ k_min (k_min = " + std::to_string(params_.k_min) + ", k_max = " +
                    std::to_string(params_.k_max) + ")");
    if (params_.k_max > X_.rows())
        throw Error("elbow sweep needs k_max ≤ the number of rows (k_max = " + std::to_string(params_.k_max) +
                    ", rows = " + with_thousands(X_.rows()) + ")");
    if (params_.silhouette_rows < 0) throw Error("elbow sweep needs silhouette_rows ≥ 0 (0 = no silhouette)");
    detail::check_finite(X_, "elbow sweep");
    result_.method = params_.method;
    result_.n_features = static_cast<int>(X_.cols());
    k_ = params_.k_min;
    start_k();
}

ElbowFitter::~ElbowFitter() = default;

void ElbowFitter::start_k() {
    fitting_ = true;
    switch (params_.method) {
        case ElbowMethod::KMeans: {
            KMeansParams p = params_.kmeans;
            p.n_clusters = k_;
            kmeans_ = std::make_unique<KMeansFitter>(p, X_);
            break;
        }
        case ElbowMethod::MiniBatch: {
            MiniBatchKMeansParams p = params_.minibatch;
            p.n_clusters = k_;
            minibatch_ = std::make_unique<MiniBatchKMeansFitter>(p, X_);
            break;
        }
        case ElbowMethod::Gmm: {
            GmmParams p = params_.gmm;
            p.n_components = k_;
            gmm_ = std::make_unique<GmmFitter>(p, X_);
            break;
        }
    }
}

void ElbowFitter::diagnose() {
    const double n = static_cast<double>(X_.rows());
    const int d = static_cast<int>(X_.cols());
    ElbowPoint pt;
    pt.k = k_;
    Labels labels;
    if (params_.method == ElbowMethod::Gmm) {
        const GmmModel m = gmm_->result();
        labels = predict(m, X_);
        pt.inertia = inertia_of(X_, m.means, labels);
        pt.log_likelihood = score(m, X_);
        const int p = n_parameters(m);
        pt.bic = -2 * pt.log_likelihood * n + p * portable::log(n);
        pt.aic = -2 * pt.log_likelihood * n + 2.0 * p;
        pt.n_iter = m.n_iter;
        pt.converged = m.converged;
        gmm_.reset();
    } else {
        KMeansModel m;
        int max_iter = 0;
        if (params_.method == ElbowMethod::KMeans) {
            m = kmeans_->result();
            labels = kmeans_->labels();
            max_iter = params_.kmeans.max_iter;
            kmeans_.reset();
        } else {
            m = minibatch_->result();
            labels = minibatch_->labels();
            max_iter = params_.minibatch.max_iter;
            minibatch_.reset();
        }
        pt.inertia = m.inertia;
        pt.log_likelihood = metrics::kmeans_log_likelihood(X_, m.centers, labels);
        const int p = metrics::kmeans_n_parameters(k_, d);
        pt.bic = -2 * pt.log_likelihood * n + p * portable::log(n);
        pt.aic = -2 * pt.log_likelihood * n + 2.0 * p;
        pt.n_iter = m.n_iter;
        pt.converged = m.n_iter < max_iter;
    }
    pt.silhouette = k_ >= 2 ? sampled_silhouette(X_, labels, params_.silhouette_rows, params_.silhouette_seed) : nan_value();
    result_.points.push_back(pt);
}

bool ElbowFitter::step() {
    if (k_ > params_.k_max) return true;
    if (fitting_) {
        Stepper* inner = kmeans_ ? static_cast<Stepper*>(kmeans_.get())
                                 : minibatch_ ? static_cast<Stepper*>(minibatch_.get()) : static_cast<Stepper*>(gmm_.get());
        if (inner->step()) fitting_ = false;
        return false;
    }
    diagnose();
    ++k_;
    if (k_ > params_.k_max) return true;
    start_k();
    return false;
}

double ElbowFitter::fraction() const {
    const int total = params_.k_max - params_.k_min + 1;
    if (k_ > params_.k_max) return 1.0;
    double within = 0.95;
    if (fitting_) {
        const Stepper* inner = kmeans_ ? static_cast<const Stepper*>(kmeans_.get())
                                       : minibatch_ ? static_cast<const Stepper*>(minibatch_.get())
                                                    : static_cast<const Stepper*>(gmm_.get());
        within = 0.95 * inner->fraction();
    }
    return (k_ - params_.k_min + within) / total;
}

std::string ElbowFitter::stage() const {
    if (k_ > params_.k_max) return "elbow sweep done";
    std::string s = "elbow sweep k = " + std::to_string(k_) + " (" + std::to_string(params_.k_min) + "…" +
                    std::to_string(params_.k_max) + ")";
    if (!fitting_) return s + ": silhouette and criteria";
    const Stepper* inner = kmeans_ ? static_cast<const Stepper*>(kmeans_.get())
                                   : minibatch_ ? static_cast<const Stepper*>(minibatch_.get())
                                                : static_cast<const Stepper*>(gmm_.get());
    return s + ": " + inner->stage();
}

ElbowResult elbow(const ElbowParams& params, const Matrix& X, Progress& progress) {
    ElbowFitter f(params, X);
    f.run(progress);
    return f.result();
}

}  // namespace genrelab::cluster
