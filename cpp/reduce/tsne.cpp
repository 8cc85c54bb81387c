#include "reduce/tsne.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cmath>
#include <limits>
#include <numeric>

#include "core/error.hpp"
#include "core/rng.hpp"
#include "reduce/input_checks.hpp"
#include "reduce/portable_math.hpp"
#include "reduce/tsne_affinities.hpp"
#include "reduce/tsne_gradient.hpp"

namespace genrelab::reduce {

namespace {

constexpr Index kAutoExactMaxRows = 1000;  // Auto: exact up to here (a few seconds), Barnes-Hut above
constexpr Index kExactMaxRows = 3000;      // Exact keeps n×n doubles: 72 MB at 3,000 rows
constexpr int kCheckEvery = 50;            // sklearn's _N_ITER_CHECK

// Cyclic Jacobi eigen-decomposition of a symmetric d×d matrix (row-major, overwritten): eigenvalues in
// the diagonal, eigenvectors in the columns of V. Plain loops in a fixed order, so the PCA feeding t-SNE
// is bit-identical natively and in wasm (Eigen's vectorised reductions sum in a different order there).
void jacobi_eigen(std::vector<double>& A, Index d, std::vector<double>& V) {
    V.assign(static_cast<size_t>(d * d), 0.0);
    for (Index i = 0; i < d; ++i) V[static_cast<size_t>(i * d + i)] = 1.0;
    auto a = [&](Index r, Index c) -> double& { return A[static_cast<size_t>(r * d + c)]; };
    auto v = [&](Index r, Index c) -> double& { return V[static_cast<size_t>(r * d + c)]; };
    for (int sweep = 0; sweep < 100; ++sweep) {
        double off = 0.0, total = 0.0;
        for (Index p = 0; p < d; ++p)
            for (Index q = 0; q < d; ++q) {
                total += a(p, q) * a(p, q);
                if (p != q) off += a(p, q) * a(p, q);
            }
        if (off <= 1e-30 * total) break;
        for (Index p = 0; p < d; ++p)
            for (Index q = p + 1; q < d; ++q) {
                const double apq = a(p, q);
                if (apq == 0.0) continue;
                const double theta = (a(q, q) - a(p, p)) / (2.0 * apq);
                const double t = std::fabs(theta) > 1e150
                                     ? 0.5 / theta
                                     : (theta >= 0 ? 1.0 : -1.0) / (std::fabs(theta) + std::sqrt(theta * theta + 1.0));
                const double c = 1.0 / std::sqrt(t * t + 1.0), s = t * c;
                for (Index k = 0; k < d; ++k) {  // columns p, q
                    const double akp = a(k, p), akq = a(k, q);
                    a(k, p) = c * akp - s * akq;
                    a(k, q) = s * akp + c * akq;
                }
                for (Index k = 0; k < d; ++k) {  // rows p, q
                    const double apk = a(p, k), aqk = a(q, k);
                    a(p, k) = c * apk - s * aqk;
                    a(q, k) = s * apk + c * aqk;
                }
                for (Index k = 0; k < d; ++k) {
                    const double vkp = v(k, p), vkq = v(k, q);
                    v(k, p) = c * vkp - s * vkq;
                    v(k, q) = s * vkp + c * vkq;
                }
            }
    }
}

// Scores of X on its first k principal axes (n×k), signs as sklearn's svd_flip (largest |score| positive).
Matrix pca_scores(const Matrix& X, Index k) {
    const Index n = X.rows(), d = X.cols();
    std::vector<double> mean(static_cast<size_t>(d), 0.0);
    for (Index c = 0; c < d; ++c) {
        double s = 0.0;
        for (Index i = 0; i < n; ++i) s += X(i, c);
        mean[static_cast<size_t>(c)] = s / static_cast<double>(n);
    }
    Matrix Xc(n, d);
    for (Index c = 0; c < d; ++c)
        for (Index i = 0; i < n; ++i) Xc(i, c) = X(i, c) - mean[static_cast<size_t>(c)];
    std::vector<double> C(static_cast<size_t>(d * d));
    for (Index a = 0; a < d; ++a)
        for (Index b = a; b < d; ++b) {
            const double* xa = Xc.col(a).data();
            const double* xb = Xc.col(b).data();
            double s = 0.0;
            for (Index i = 0; i < n; ++i) s += xa[i] * xb[i];
            C[static_cast<size_t>(a * d + b)] = C[static_cast<size_t>(b * d + a)] = s / static_cast<double>(n - 1);
        }
    std::vector<double> V;
    jacobi_eigen(C, d, V);
    std::vector<Index> order(static_cast<size_t>(d));
    std::iota(order.begin(), order.end(), Index{0});
    std::sort(order.begin(), order.end(), [&](Index x, Index y) {
        const double ex = C[static_cast<size_t>(x * d + x)], ey = C[static_cast<size_t>(y * d + y)];
        return ex != ey ? ex > ey : x < y;
    });
    Matrix Z = Matrix::Zero(n, k);
    for (Index c = 0; c < k; ++c) {
        const Index e = order[static_cast<size_t>(c)];
        for (Index a = 0; a < d; ++a) {
            const double w = V[static_cast<size_t>(a * d + e)];
            const double* xa = Xc.col(a).data();
            double* z = Z.col(c).data();
            for (Index i = 0; i < n; ++i) z[i] += xa[i] * w;
        }
        Index best = 0;
        for (Index i = 1; i < n; ++i)
            if (std::fabs(Z(i, c)) > std::fabs(Z(best, c))) best = i;
        if (Z(best, c) < 0) Z.col(c) = -Z.col(c);
    }
    return Z;
}

double elapsed_ms(std::chrono::steady_clock::time_point since) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

struct TsneFitter::State {
    enum class Phase { Prepare, Neighbours, Affinities, Symmetrize, Optimize, Done };
    TsneParams p;
    Matrix X;  // the rows to embed (after the optional PCA), column-major
    Index n = 0;
    int dims = 2;
    TsneMethod method = TsneMethod::Exact;
    double learning_rate = 0.0;
    Index n_neighbours = 0;
    Phase phase = Phase::Prepare;
    Index row = 0;
    double budget_ms = 100.0;

    tsne::RowMatrix P_dense;
    tsne::Neighbours nb;
    std::vector<double> cond, scratch;
    tsne::SparseP P_sparse;
    tsne::BarnesHut bh;

    std::vector<double> Y, update, gains, grad;
    int it = 0;
    bool exaggerating = true;
    int phase_end = 0;  // exclusive end of the current descent phase
    double best_error = std::numeric_limits<double>::max();
    int best_iter = 0;
    double last_kl = std::numeric_limits<double>::quiet_NaN();
    TsneResult result;

    double objective(double exaggeration, bool compute_error, double* g) {
        if (method == TsneMethod::Exact)
            return tsne::exact_gradient(P_dense, Y.data(), n, dims, exaggeration, compute_error, g);
        return bh.gradient(P_sparse, Y.data(), n, dims, p.angle, exaggeration, compute_error, g);
    }

    void prepare() {
        if (p.pca_components > 0 && p.pca_components < X.cols()) X = pca_scores(X, p.pca_components);
        Y.assign(static_cast<size_t>(n * dims), 0.0);
        if (p.init == TsneInit::Pca) {
            const Matrix Z = pca_scores(X, dims);
            double mean = 0.0, var = 0.0;
            for (Index i = 0; i < n; ++i) mean += Z(i, 0);
            mean /= static_cast<double>(n);
            for (Index i = 0; i < n; ++i) var += (Z(i, 0) - mean) * (Z(i, 0) - mean);
            const double sd = std::sqrt(var / static_cast<double>(n));
            for (Index i = 0; i < n; ++i)
                for (int a = 0; a < dims; ++a) Y[static_cast<size_t>(i * dims + a)] = Z(i, a) / sd * 1e-4;
        } else {
            Rng rng(p.seed);
            for (size_t t = 0; t < Y.size(); t += 2) {
                double z0, z1;
                portable::normal_pair(rng, z0, z1);
                Y[t] = 1e-4 * z0;
                if (t + 1 < Y.size()) Y[t + 1] = 1e-4 * z1;
            }
        }
        update.assign(Y.size(), 0.0);
        gains.assign(Y.size(), 1.0);
        grad.assign(Y.size(), 0.0);
        if (method == TsneMethod::Exact) {
            P_dense.resize(n, n);
            scratch.resize(static_cast<size_t>(n));
            phase = Phase::Affinities;
        } else {
            nb = tsne::make_neighbours(n, n_neighbours);
            cond.assign(static_cast<size_t>(n * n_neighbours), 0.0);
            phase = Phase::Neighbours;
        }
        row = 0;
    }

    void affinity_row() {
        if (method == TsneMethod::Exact) {
            tsne::squared_distances_from(X, row, scratch.data());
            tsne::conditional_row(scratch.data(), n, row, p.perplexity, P_dense.row(row).data());
        } else {
            const size_t off = static_cast<size_t>(row * n_neighbours);
            tsne::conditional_row(nb.sqdist.data() + off, n_neighbours, -1, p.perplexity, cond.data() + off);
        }
        if (++row == n) phase = Phase::Symmetrize;
    }

    void symmetrize() {
        if (method == TsneMethod::Exact) {
            tsne::symmetrize_dense(P_dense);
        } else {
            P_sparse = tsne::symmetrize_sparse(nb, cond);
            nb = tsne::Neighbours{};
            cond = std::vector<double>{};
        }
        X = Matrix();  // no longer needed
        scratch = std::vector<double>{};
        start_descent_phase(std::min(p.exaggeration_iter, p.max_iter) > 0);
        phase = Phase::Optimize;
    }

    void start_descent_phase(bool exaggerate) {
        exaggerating = exaggerate;
        phase_end = exaggerate ? std::min(p.exaggeration_iter, p.max_iter) : p.max_iter;
        std::fill(update.begin(), update.end(), 0.0);
        std::fill(gains.begin(), gains.end(), 1.0);
        best_error = std::numeric_limits<double>::max();
        best_iter = it;
    }

    // One iteration of sklearn's _gradient_descent.
    void iterate() {
        const bool check = (it + 1) % kCheckEvery == 0;
        const double momentum = exaggerating ? 0.5 : 0.8;
        const double error = objective(exaggerating ? p.early_exaggeration : 1.0, check || it == phase_end - 1, grad.data());
        double norm2 = 0.0;
        for (size_t t = 0; t < Y.size(); ++t) {
            const bool same_direction = update[t] * grad[t] < 0.0;
            gains[t] = same_direction ? gains[t] + 0.2 : gains[t] * 0.8;
            if (gains[t] < 0.01) gains[t] = 0.01;
            const double g = grad[t] * gains[t];
            norm2 += g * g;
            update[t] = momentum * update[t] - learning_rate * g;
            Y[t] += update[t];
        }
        bool stop = false;
        if (check || it == phase_end - 1) last_kl = error;
        if (check) {
            const int without_progress = exaggerating ? p.exaggeration_iter : p.n_iter_without_progress;
            if (error < best_error) {
                best_error = error;
                best_iter = it;
            } else if (it - best_iter > without_progress) {
                stop = true;
            }
            if (std::sqrt(norm2) <= p.min_grad_norm) stop = true;
        }
        ++it;
        if (stop || it >= phase_end) {
            if (exaggerating && p.max_iter > it) start_descent_phase(false);
            else finish();
        }
    }

    void finish() {
        std::vector<double> g(Y.size());
        result.kl_divergence = objective(1.0, true, g.data());
        last_kl = result.kl_divergence;
        result.embedding.resize(n, dims);
        for (Index i = 0; i < n; ++i)
            for (int a = 0; a < dims; ++a) result.embedding(i, a) = Y[static_cast<size_t>(i * dims + a)];
        result.n_iter = it;
        result.learning_rate = learning_rate;
        result.method = method;
        P_dense = tsne::RowMatrix();
        P_sparse = tsne::SparseP{};
        phase = Phase::Done;
    }
};

TsneFitter::TsneFitter(const TsneParams& params, const Matrix& X) : s_(std::make_unique<State>()) {
    const Index n = X.rows(), d = X.cols();
    const TsneParams& p = params;
    if (p.n_components != 2 && p.n_components != 3)
        throw Error("t-SNE draws maps in 2 or 3 dimensions: n_components must be 2 or 3 (got " +
                    std::to_string(p.n_components) + ")");
    if (n < 2) throw Error("t-SNE needs at least 2 rows (X has " + with_thousands(n) + ")");
    if (d < 1) throw Error("t-SNE needs at least one column");
    if (!(p.perplexity >= 1.0) || !std::isfinite(p.perplexity))
        throw Error("t-SNE perplexity must be a number ≥ 1 (got " + std::to_string(p.perplexity) + ")");
    if (p.perplexity >= static_cast<double>(n))
        throw Error("t-SNE perplexity must be less than the number of rows (perplexity = " +
                    std::to_string(p.perplexity) + ", rows = " + with_thousands(n) + ")");
    if (!(p.early_exaggeration >= 1.0) || !std::isfinite(p.early_exaggeration))
        throw Error("t-SNE early_exaggeration must be ≥ 1");
    if (!(p.learning_rate >= 0.0) || !std::isfinite(p.learning_rate))
        throw Error("t-SNE learning_rate must be positive, or 0 for 'auto'");
    if (p.max_iter < 1) throw Error("t-SNE max_iter must be at least 1");
    if (p.exaggeration_iter < 0) throw Error("t-SNE exaggeration_iter must be ≥ 0");
    if (p.n_iter_without_progress < 1) throw Error("t-SNE n_iter_without_progress must be at least 1");
    if (!(p.min_grad_norm >= 0.0)) throw Error("t-SNE min_grad_norm must be ≥ 0");
    if (!(p.angle >= 0.0 && p.angle <= 1.0)) throw Error("t-SNE angle (θ) must be between 0 and 1");
    if (p.pca_components < 0) throw Error("t-SNE pca_components must be ≥ 0 (0 = no PCA)");
    detail::require_finite(X, "X", "t-SNE");
    bool all_same = true;
    for (Index c = 0; c < d && all_same; ++c) all_same = X.col(c).maxCoeff() == X.col(c).minCoeff();
    if (all_same) throw Error("t-SNE needs at least 2 different rows: every row of X is the same point");
    const Index d_used = p.pca_components > 0 ? std::min<Index>(p.pca_components, d) : d;
    if (p.init == TsneInit::Pca && d_used < p.n_components)
        throw Error("t-SNE init 'pca' needs at least n_components = " + std::to_string(p.n_components) +
                    " columns (X has " + with_thousands(d_used) + "); use init 'random'");
    TsneMethod method = p.method;
    if (method == TsneMethod::Auto) method = n <= kAutoExactMaxRows ? TsneMethod::Exact : TsneMethod::BarnesHut;
    if (method == TsneMethod::Exact && n > kExactMaxRows)
        throw Error("exact t-SNE keeps all " + with_thousands(n) + "² pairs in memory and is limited to " +
                    with_thousands(kExactMaxRows) + " rows; use method 'barnes_hut'");

    State& s = *s_;
    s.p = p;
    s.X = X;
    s.n = n;
    s.dims = p.n_components;
    s.method = method;
    s.learning_rate = p.learning_rate > 0 ? p.learning_rate
                                          : std::max(static_cast<double>(n) / p.early_exaggeration / 4.0, 50.0);
    s.n_neighbours = std::min<Index>(n - 1, static_cast<Index>(3.0 * p.perplexity + 1.0));
    s.Y.assign(static_cast<size_t>(n * s.dims), 0.0);
}

TsneFitter::~TsneFitter() = default;

void TsneFitter::set_step_budget_ms(double ms) { s_->budget_ms = ms; }

bool TsneFitter::step() {
    State& s = *s_;
    using Phase = State::Phase;
    const auto start = std::chrono::steady_clock::now();
    do {
        switch (s.phase) {
            case Phase::Prepare: s.prepare(); break;
            case Phase::Neighbours: {
                // A block of rows between clock reads: a row costs n·d operations.
                const Index block = std::max<Index>(1, 2'000'000 / std::max<Index>(1, s.n * s.X.cols()));
                const Index end = std::min(s.n, s.row + block);
                tsne::find_neighbours(s.X, s.row, end, s.nb, s.scratch);
                s.row = end;
                if (s.row == s.n) {
                    s.row = 0;
                    s.phase = Phase::Affinities;
                }
                break;
            }
            case Phase::Affinities: s.affinity_row(); break;
            case Phase::Symmetrize: s.symmetrize(); break;
            case Phase::Optimize: s.iterate(); break;
            case Phase::Done: return true;
        }
    } while (s.phase != Phase::Done && s.budget_ms > 0 && elapsed_ms(start) < s.budget_ms);
    return s.phase == Phase::Done;
}

double TsneFitter::fraction() const {
    const State& s = *s_;
    using Phase = State::Phase;
    const bool bh = s.method == TsneMethod::BarnesHut;
    const double w_nb = bh ? 0.10 : 0.0, w_aff = bh ? 0.03 : 0.05, rest = 1.0 - w_nb - w_aff;
    const double rows = static_cast<double>(s.row) / static_cast<double>(s.n);
    switch (s.phase) {
        case Phase::Prepare: return 0.0;
        case Phase::Neighbours: return w_nb * rows;
        case Phase::Affinities: return w_nb + w_aff * rows;
        case Phase::Symmetrize: return w_nb + w_aff;
        case Phase::Optimize: return w_nb + w_aff + rest * static_cast<double>(s.it) / static_cast<double>(s.p.max_iter);
        case Phase::Done: return 1.0;
    }
    return 0.0;
}

std::string TsneFitter::stage() const {
    const State& s = *s_;
    using Phase = State::Phase;
    switch (s.phase) {
        case Phase::Prepare: return "t-SNE: preparing";
        case Phase::Neighbours: return "t-SNE: finding " + std::to_string(s.n_neighbours) + " nearest neighbours of each row";
        case Phase::Affinities: return "t-SNE: fitting each row's perplexity";
        case Phase::Symmetrize: return "t-SNE: joint probabilities";
        case Phase::Optimize: {
            std::string out = std::string("t-SNE: ") + (s.exaggerating ? "early exaggeration" : "optimising") +
                              ", iteration " + std::to_string(s.it) + " of " + std::to_string(s.p.max_iter);
            if (std::isfinite(s.last_kl)) {
                char buf[32];
                std::snprintf(buf, sizeof buf, "%.4f", s.last_kl);
                out += std::string(", KL ") + buf;
            }
            return out;
        }
        case Phase::Done: return "t-SNE: done";
    }
    return "t-SNE";
}

Matrix TsneFitter::current_embedding() const {
    const State& s = *s_;
    Matrix Y(s.n, s.dims);
    for (Index i = 0; i < s.n; ++i)
        for (int a = 0; a < s.dims; ++a) Y(i, a) = s.Y[static_cast<size_t>(i * s.dims + a)];
    return Y;
}

int TsneFitter::iteration() const { return s_->it; }
double TsneFitter::last_kl_divergence() const { return s_->last_kl; }
bool TsneFitter::done() const { return s_->phase == State::Phase::Done; }

TsneResult TsneFitter::result() const {
    if (!done()) throw Error("t-SNE has not finished: keep calling step() until it returns true");
    return s_->result;
}

TsneResult fit(const TsneParams& params, const Matrix& X, Progress& progress) {
    TsneFitter f(params, X);
    f.run(progress);
    return f.result();
}

}  // namespace genrelab::reduce
