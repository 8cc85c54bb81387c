#include "classify/knn.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

#include "core/argmax.hpp"
#include "core/error.hpp"

namespace genrelab::classify {

namespace detail {
// Eigen has no wasm SIMD kernels, so there its float GEMM runs scalar; a row-at-a-time kernel over 8
// queries, which clang vectorises, is ~2× faster in wasm and ~4× slower natively. Results are identical.
#ifdef __wasm__
bool knn_row_kernel = true;
#else
bool knn_row_kernel = false;
#endif
}  // namespace detail

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

void require_finite(const Matrix& X, const char* what) {
    for (Index j = 0; j < X.cols(); ++j)
        for (Index i = 0; i < X.rows(); ++i)
            if (!std::isfinite(X(i, j)))
                throw Error(std::string(what) + " has " + (std::isnan(X(i, j)) ? "a missing value (NaN)" : "an infinite value") +
                            " in row " + std::to_string(i) + ", column " + std::to_string(j) +
                            "; kNN needs complete numeric rows (impute first)");
}

void require_queries(const KnnModel& m, const Matrix& Q) {
    if (Q.cols() != m.X.cols())
        throw Error("X has " + std::to_string(Q.cols()) + " columns but the kNN model was fitted on " +
                    std::to_string(m.X.cols()));
    require_finite(Q, "the query matrix");
}

void require_k(int k, Index n) {
    if (k < 1) throw Error("kNN needs k ≥ 1 (k = " + std::to_string(k) + ")");
    if (static_cast<Index>(k) > n)
        throw Error("kNN needs k ≤ the number of training rows (k = " + std::to_string(k) +
                    ", rows = " + std::to_string(n) + ")");
}

// Fixed-order sums: the same bits natively and in wasm, unlike a vectorised reduction.
double squared_distance(const Matrix& X, Index i, const double* q) {
    double s = 0;
    for (Index j = 0; j < X.cols(); ++j) {
        const double t = X(i, j) - q[j];
        s += t * t;
    }
    return s;
}

// The search. A fast float pass scores every training row approximately (Eigen float GEMM, or the row
// kernel in wasm, for Euclidean and cosine; a vectorised loop for Manhattan), on centred rows scaled by
// 1/max|x−c| so nothing overflows float; every row whose score is within a proven rounding margin of the
// running k-th best becomes a candidate; candidates are re-measured exactly in double with fixed-order
// loops and the k best by (distance, index) are kept. The margin bounds the float pass's error (inputs
// rounded to float, sums of d+1 terms: (d+4)·ε_f relative to the magnitudes involved) twice over plus the
// exact pass's, so no true neighbour is ever dropped, whatever the kernel's summation order. A query more
// than 1e15 (scaled) away skips the float pass and has every row re-measured.
struct Searcher {
    static constexpr Index kTile = 2048;       // training rows per tile: the float scores stay in L2
    static constexpr Index kQueryBlock = 128;  // queries per GEMM
    const Matrix& X;
    KnnMetric metric;
    Index n, d;
    RowVector center;       // Euclidean, Manhattan: the training mean (distances are translation invariant)
    double scale = 1;       // … and 1/max|x−c|, so the float pass cannot overflow (rankings are scale invariant)
    Eigen::MatrixXf Xf;     // Euclidean: n×(d+1) [x−c, ‖x−c‖²]; Manhattan: n×d x−c; cosine: n×d unit rows
    Matrix X_unit;          // cosine: unit rows in double for the exact pass
    bool row_kernel = false;
    Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> Xr;  // Xf row-major, for the row kernel
    double max_size = 0;    // Euclidean: max ‖x−c‖²; Manhattan: max ‖x−c‖₁
    double margin_factor;

    struct QueryState {
        std::vector<double> best;  // the k smallest approximate scores so far, ascending
        double limit = kInf;       // best[k−1] + margin
        double margin = 0;
        bool exact_only = false;  // a query too far out for float scores: every row is re-measured
        std::vector<std::pair<float, Index>> cand;
    };
    std::vector<QueryState> state;
    Eigen::MatrixXf Qf, G;
    std::vector<float> acc;
    std::vector<float> qt;
    std::vector<std::pair<double, Index>> exact;

    Searcher(const Matrix& X_, KnnMetric metric_) : X(X_), metric(metric_), n(X_.rows()), d(X_.cols()) {
        prepare_training();
        row_kernel = detail::knn_row_kernel && metric != KnnMetric::Manhattan;
        if (row_kernel) {
            Xr = Xf;
            Xf.resize(0, Xr.cols());
        }
    }

    void prepare_training() {
        const double eps_f = std::numeric_limits<float>::epsilon();
        margin_factor = (8.0 * static_cast<double>(d) + 40.0) * eps_f;
        if (metric == KnnMetric::Cosine) {
            X_unit = X;
            for (Index i = 0; i < n; ++i) {
                double s = 0;
                for (Index j = 0; j < d; ++j) s += X(i, j) * X(i, j);
                const double norm = std::sqrt(s);
                if (norm > 0)
                    for (Index j = 0; j < d; ++j) X_unit(i, j) = X(i, j) / norm;
            }
            Xf = X_unit.cast<float>();
            return;
        }
        center = RowVector::Zero(d);
        for (Index j = 0; j < d; ++j) {
            double s = 0;
            for (Index i = 0; i < n; ++i) s += X(i, j);
            center[j] = n ? s / static_cast<double>(n) : 0.0;
        }
        double max_abs = 0;
        for (Index j = 0; j < d; ++j)
            for (Index i = 0; i < n; ++i) max_abs = std::max(max_abs, std::abs(X(i, j) - center[j]));
        scale = max_abs > 0 && std::isfinite(1.0 / max_abs) ? 1.0 / max_abs : 1.0;
        const Index cols = metric == KnnMetric::Euclidean ? d + 1 : d;
        Xf.resize(n, cols);
        for (Index i = 0; i < n; ++i) {
            double size = 0;
            for (Index j = 0; j < d; ++j) {
                const double v = (X(i, j) - center[j]) * scale;
                Xf(i, j) = static_cast<float>(v);
                size += metric == KnnMetric::Euclidean ? v * v : std::abs(v);
            }
            if (metric == KnnMetric::Euclidean) Xf(i, d) = static_cast<float>(size);
            max_size = std::max(max_size, size);
        }
    }

    // Neighbours of Q rows [q0, q1) into rows [q0, q1) of dist/idx (k columns).
    void search(const Matrix& Q, Index q0, Index q1, int k, Matrix& dist, Eigen::MatrixXi& idx) {
        const size_t K = static_cast<size_t>(k);
        for (Index b0 = q0; b0 < q1; b0 += kQueryBlock) {
            const Index b = std::min(kQueryBlock, q1 - b0);
            prepare_queries(Q, b0, b, K);
            for (Index t0 = 0; !row_kernel && t0 < n; t0 += kTile) {
                const Index T = std::min(kTile, n - t0);
                if (metric == KnnMetric::Manhattan) {
                    acc.resize(static_cast<size_t>(T));
                    for (Index t = 0; t < b; ++t) {
                        std::fill(acc.begin(), acc.end(), 0.0f);
                        for (Index j = 0; j < d; ++j) {
                            const float* xc = Xf.col(j).data() + t0;
                            const float qj = Qf(t, j);
                            float* a = acc.data();
                            for (Index i = 0; i < T; ++i) a[i] += std::fabs(xc[i] - qj);
                        }
                        scan(state[static_cast<size_t>(t)], acc.data(), t0, T, K);
                    }
                } else if (!row_kernel) {
                    G.noalias() = Xf.middleRows(t0, T) * Qf.transpose();  // T×b: a query's scores are contiguous
                    for (Index t = 0; t < b; ++t) scan(state[static_cast<size_t>(t)], G.col(t).data(), t0, T, K);
                }
            }
            if (row_kernel)
                for (Index g0 = 0; g0 < b; g0 += kRowGroup) row_pass(g0, std::min(kRowGroup, b - g0), K);
            for (Index t = 0; t < b; ++t) {
                finish(state[static_cast<size_t>(t)], Q, b0 + t, K);
                for (size_t c = 0; c < K; ++c) {
                    dist(b0 + t, static_cast<Index>(c)) = exact[c].first;
                    idx(b0 + t, static_cast<Index>(c)) = static_cast<int>(exact[c].second);
                }
            }
        }
    }

    void prepare_queries(const Matrix& Q, Index b0, Index b, size_t K) {
        const Index cols = row_kernel ? Xr.cols() : Xf.cols();
        Qf.resize(b, cols);
        state.resize(static_cast<size_t>(b));
        for (Index t = 0; t < b; ++t) {
            QueryState& s = state[static_cast<size_t>(t)];
            s.best.assign(K, kInf);
            s.limit = kInf;
            s.exact_only = false;
            s.cand.clear();
            if (metric == KnnMetric::Cosine) {
                double sq = 0;
                for (Index j = 0; j < d; ++j) sq += Q(b0 + t, j) * Q(b0 + t, j);
                const double norm = std::sqrt(sq);
                for (Index j = 0; j < d; ++j) Qf(t, j) = static_cast<float>(norm > 0 ? -Q(b0 + t, j) / norm : 0.0);
                s.margin = margin_factor * 2.0;  // scores −x̂·q̂ of unit vectors
            } else {
                double size = 0;
                for (Index j = 0; j < d; ++j) {
                    const double v = (Q(b0 + t, j) - center[j]) * scale;
                    s.exact_only = s.exact_only || !(std::abs(v) <= 1e15);
                    size += metric == KnnMetric::Euclidean ? v * v : std::abs(v);
                    Qf(t, j) = static_cast<float>(metric == KnnMetric::Euclidean ? -2.0 * v : v);
                }
                if (metric == KnnMetric::Euclidean) Qf(t, d) = 1.0f;  // score = ‖x−c‖² − 2(q−c)·(x−c), scaled
                s.margin = margin_factor * (max_size + size);
                if (s.exact_only) {
                    Qf.row(t).setZero();
                    s.limit = -kInf;  // the float pass skips it
                }
            }
        }
    }

    static float float_at_least(double limit) {
        float f = static_cast<float>(limit);
        if (static_cast<double>(f) < limit) f = std::nextafter(f, std::numeric_limits<float>::infinity());
        return f;
    }

    // The row kernel: every training row in order, scored for up to 8 queries at once (no GEMM).
    static constexpr Index kRowGroup = 8;
    void row_pass(Index g0, Index gb, size_t K) {
        constexpr int QB = static_cast<int>(kRowGroup);
        const Index D = Xr.cols();
        qt.assign(static_cast<size_t>(D * QB), 0.0f);
        for (Index j = 0; j < D; ++j)
            for (Index t = 0; t < gb; ++t) qt[static_cast<size_t>(j * QB + t)] = Qf(g0 + t, j);
        float limit_f[QB];
        for (int t = 0; t < QB; ++t)
            limit_f[t] = t < gb ? float_at_least(state[static_cast<size_t>(g0 + t)].limit)
                                : -std::numeric_limits<float>::infinity();  // padding never hits
        const float* q = qt.data();
        for (Index i = 0; i < n; ++i) {
            const float* x = Xr.data() + i * D;
            float a[QB] = {};
            for (Index j = 0; j < D; ++j) {
                const float xv = x[j];
                for (int t = 0; t < QB; ++t) a[t] += xv * q[j * QB + t];
            }
            int hit = 0;
            for (int t = 0; t < QB; ++t) hit |= a[t] <= limit_f[t];
            if (!hit) continue;
            for (int t = 0; t < static_cast<int>(gb); ++t)
                if (a[t] <= limit_f[t]) {
                    QueryState& s = state[static_cast<size_t>(g0 + t)];
                    consider(s, a[t], i, K);
                    limit_f[t] = float_at_least(s.limit);
                }
        }
    }

    // Scores of training rows t0.. t0+T−1 for one query, in index order.
    static void scan(QueryState& s, const float* g, Index t0, Index T, size_t K) {
        constexpr Index kChunk = 16;
        Index i = 0;
        for (; i + kChunk <= T; i += kChunk) {
            // Most chunks hold no candidate: an OR of comparisons vectorises (natively and in wasm) where
            // a float min reduction does not without fast-math. limit_f ≥ limit, so nothing is missed.
            const float limit_f = float_at_least(s.limit);
            int hit = 0;
            for (Index j = 0; j < kChunk; ++j) hit |= g[i + j] <= limit_f;
            if (!hit) continue;
            for (Index j = 0; j < kChunk; ++j) consider(s, g[i + j], t0 + i + j, K);
        }
        for (; i < T; ++i) consider(s, g[i], t0 + i, K);
    }

    static void consider(QueryState& s, float a, Index i, size_t K) {
        const double v = a;
        if (!(v <= s.limit)) return;
        s.cand.emplace_back(a, i);
        if (v < s.best[K - 1]) {
            size_t p = K - 1;
            while (p > 0 && s.best[p - 1] > v) {
                s.best[p] = s.best[p - 1];
                --p;
            }
            s.best[p] = v;
            s.limit = s.best[K - 1] + s.margin;
        }
        if (s.cand.size() >= 8 * K + 512) {
            size_t w = 0;
            for (const auto& c : s.cand)
                if (static_cast<double>(c.first) <= s.limit) s.cand[w++] = c;
            s.cand.resize(w);
        }
    }

    // Exact distances of the surviving candidates; leaves the k nearest in exact[0..k) by (distance, index).
    void finish(QueryState& s, const Matrix& Q, Index r, size_t K) {
        exact.clear();
        std::vector<double>& q = s.best;  // reuse as the query's row (best is no longer needed)
        q.assign(static_cast<size_t>(d), 0.0);
        for (Index j = 0; j < d; ++j) q[static_cast<size_t>(j)] = Q(r, j);
        double q_norm = 0;
        if (metric == KnnMetric::Cosine) {
            for (Index j = 0; j < d; ++j) q_norm += q[static_cast<size_t>(j)] * q[static_cast<size_t>(j)];
            q_norm = std::sqrt(q_norm);
            if (q_norm > 0)
                for (auto& v : q) v /= q_norm;
        }
        if (s.exact_only) {
            s.cand.clear();
            for (Index i = 0; i < n; ++i) s.cand.emplace_back(0.0f, i);
            s.limit = kInf;
        }
        for (const auto& [a, i] : s.cand) {
            if (static_cast<double>(a) > s.limit) continue;
            double dv = 0;
            if (metric == KnnMetric::Euclidean) {
                dv = std::sqrt(squared_distance(X, i, q.data()));
            } else if (metric == KnnMetric::Manhattan) {
                for (Index j = 0; j < d; ++j) dv += std::abs(X(i, j) - q[static_cast<size_t>(j)]);
            } else {
                double sim = 0;
                for (Index j = 0; j < d; ++j) sim += X_unit(i, j) * q[static_cast<size_t>(j)];
                dv = std::min(2.0, std::max(0.0, 1.0 - sim));
            }
            exact.emplace_back(dv, i);
        }
        std::partial_sort(exact.begin(), exact.begin() + static_cast<std::ptrdiff_t>(K), exact.end());
    }
};

Index default_rows_per_step(const Matrix& X) {
    const double work = 2.0 * static_cast<double>(std::max<Index>(1, X.rows())) * static_cast<double>(std::max<Index>(1, X.cols()));
    return std::max<Index>(16, std::min<Index>(8192, static_cast<Index>((1u << 28) / work)));
}

// scikit-learn's KNeighborsClassifier.predict_proba from the neighbours of one block of rows.
void vote(const KnnModel& m, const Matrix& dist, const Eigen::MatrixXi& idx, Index r0, Index r1, Matrix& proba) {
    const int k = static_cast<int>(idx.cols());
    std::vector<double> w(static_cast<size_t>(k));
    for (Index r = r0; r < r1; ++r) {
        if (m.params.weights == KnnWeights::Uniform) {
            std::fill(w.begin(), w.end(), 1.0);
        } else {
            bool any_inf = false;
            for (int c = 0; c < k; ++c) {
                w[static_cast<size_t>(c)] = 1.0 / dist(r, c);  // 1/0 = inf: an exact match
                any_inf = any_inf || std::isinf(w[static_cast<size_t>(c)]);
            }
            if (any_inf)
                for (int c = 0; c < k; ++c) w[static_cast<size_t>(c)] = std::isinf(w[static_cast<size_t>(c)]) ? 1.0 : 0.0;
        }
        for (Index c = 0; c < proba.cols(); ++c) proba(r, c) = 0;
        for (int c = 0; c < k; ++c) proba(r, m.y[static_cast<size_t>(idx(r, c))]) += w[static_cast<size_t>(c)];
        double total = 0;
        for (Index c = 0; c < proba.cols(); ++c) total += proba(r, c);
        if (total == 0) total = 1;
        for (Index c = 0; c < proba.cols(); ++c) proba(r, c) /= total;
    }
}

}  // namespace

void validate(const KnnModel& m) {
    if (m.n_classes < 1) throw Error("kNN model: n_classes must be at least 1 (got " + std::to_string(m.n_classes) + ")");
    if (m.X.rows() < 1 || m.X.cols() < 1)
        throw Error("kNN model: the training matrix is empty (" + std::to_string(m.X.rows()) + "×" +
                    std::to_string(m.X.cols()) + ")");
    if (static_cast<size_t>(m.X.rows()) != m.y.size())
        throw Error("kNN model: X has " + std::to_string(m.X.rows()) + " rows but y has " + std::to_string(m.y.size()) +
                    " labels");
    if (m.X.rows() > std::numeric_limits<int>::max()) throw Error("kNN model: too many training rows");
    require_k(m.params.k, m.X.rows());
    for (size_t i = 0; i < m.y.size(); ++i)
        if (m.y[i] < 0 || m.y[i] >= m.n_classes)
            throw Error("kNN model: label " + std::to_string(m.y[i]) + " of row " + std::to_string(i) + " is outside 0.." +
                        std::to_string(m.n_classes - 1));
    require_finite(m.X, "the training matrix");
}

KnnModel fit(const KnnParams& params, const Matrix& X, const Labels& y, int n_classes, Progress&) {
    KnnModel m{X, y, n_classes, params};
    validate(m);
    return m;
}

KnnNeighbors kneighbors(const KnnModel& m, const Matrix& Q, int k) {
    validate(m);
    require_k(k, m.X.rows());
    require_queries(m, Q);
    KnnNeighbors out{Matrix(Q.rows(), k), Eigen::MatrixXi(Q.rows(), k)};
    Searcher s(m.X, m.params.metric);
    s.search(Q, 0, Q.rows(), k, out.distances, out.indices);
    return out;
}

Matrix predict_proba(const KnnModel& m, const Matrix& Q, Progress& progress) {
    KnnPredictor p(m, Q);
    p.run(progress);
    return p.result();
}

Labels predict(const KnnModel& m, const Matrix& Q, Progress& progress) {
    return argmax_rows(predict_proba(m, Q, progress));
}

struct KnnPredictor::Impl {
    const KnnModel& model;
    const Matrix& Q;
    Searcher searcher;
    Index rows_per_step;
    Index done = 0;
    Matrix dist;
    Eigen::MatrixXi idx;
    Matrix proba;
    Impl(const KnnModel& m, const Matrix& q, Index rps)
        : model(m), Q(q), searcher(m.X, m.params.metric), rows_per_step(rps > 0 ? rps : default_rows_per_step(m.X)),
          dist(q.rows(), m.params.k), idx(q.rows(), m.params.k), proba(q.rows(), m.n_classes) {}
};

KnnPredictor::KnnPredictor(const KnnModel& model, const Matrix& Q, Index rows_per_step) {
    validate(model);
    require_queries(model, Q);
    impl_ = std::make_unique<Impl>(model, Q, rows_per_step);
}

KnnPredictor::~KnnPredictor() = default;

bool KnnPredictor::step() {
    Impl& s = *impl_;
    const Index end = std::min(s.Q.rows(), s.done + s.rows_per_step);
    if (s.done < end) {
        s.searcher.search(s.Q, s.done, end, s.model.params.k, s.dist, s.idx);
        vote(s.model, s.dist, s.idx, s.done, end, s.proba);
        s.done = end;
    }
    return s.done >= s.Q.rows();
}

double KnnPredictor::fraction() const {
    return impl_->Q.rows() ? static_cast<double>(impl_->done) / static_cast<double>(impl_->Q.rows()) : 1.0;
}

std::string KnnPredictor::stage() const {
    return "kNN: " + with_thousands(impl_->done) + " of " + with_thousands(impl_->Q.rows()) + " rows";
}

Matrix KnnPredictor::result() {
    if (impl_->done < impl_->Q.rows()) throw Error("kNN prediction is not finished yet");
    return impl_->proba;
}

Labels KnnPredictor::predictions() { return argmax_rows(result()); }

void to_json(nlohmann::json& j, const KnnModel& m) {
    j = nlohmann::json{{"params", m.params}, {"n_classes", m.n_classes}, {"X", m.X}, {"y", m.y}};
}

void from_json(const nlohmann::json& j, KnnModel& m) {
    for (const char* key : {"params", "n_classes", "X", "y"})
        if (!j.is_object() || !j.contains(key)) throw Error(std::string("kNN model: '") + key + "' is missing");
    m.params = j.at("params").get<KnnParams>();
    if (!j.at("n_classes").is_number_integer()) throw Error("kNN model: 'n_classes' must be an integer");
    m.n_classes = j.at("n_classes").get<int>();
    j.at("X").get_to(m.X);
    const auto& yj = j.at("y");
    if (!yj.is_array() || yj.size() > kMaxJsonArray) throw Error("kNN model: 'y' must be an array of labels");
    m.y.resize(yj.size());
    for (size_t i = 0; i < yj.size(); ++i) {
        if (!yj[i].is_number_integer()) throw Error("kNN model: label " + std::to_string(i) + " is not an integer");
        m.y[i] = yj[i].get<int>();
    }
    validate(m);
}

}  // namespace genrelab::classify
