#include "classify/svm_smo.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <utility>

#include "core/error.hpp"

namespace genrelab::classify {

namespace {

constexpr double kTau = 1e-12;
constexpr double kInf = std::numeric_limits<double>::infinity();
enum : uint8_t { kLowerBound = 0, kUpperBound = 1, kFree = 2 };

// libsvm's kernel cache: one entry per column holding its first `len` values, least recently used
// entries freed first when a new column does not fit. Columns are partial while shrinking is active.
class ColumnCache {
public:
    ColumnCache(int l, double cache_mb) : heads_(static_cast<size_t>(l) + 1), sentinel_(l) {
        // Same budget arithmetic as libsvm (a 32-byte head per column counted against the limit).
        long long size = static_cast<long long>(cache_mb * 1048576.0) / static_cast<long long>(sizeof(float));
        size -= static_cast<long long>(l) * 32 / static_cast<long long>(sizeof(float));
        size_ = std::max(size, 2LL * l);  // two full columns always fit
        heads_[sentinel_].prev = heads_[sentinel_].next = sentinel_;
    }

    // Column `index` with at least `len` values; `start` receives the first position that must be filled.
    float* get(int index, int len, int& start) {
        Head& h = heads_[static_cast<size_t>(index)];
        if (h.len) lru_delete(index);
        const int more = len - h.len;
        start = len;
        if (more > 0) {
            while (size_ < more) {
                const int old = heads_[sentinel_].next;
                lru_delete(old);
                Head& o = heads_[static_cast<size_t>(old)];
                size_ += o.len;
                o.data.reset();
                o.len = 0;
            }
            std::unique_ptr<float[]> grown(new float[static_cast<size_t>(len)]);
            if (h.len) std::memcpy(grown.get(), h.data.get(), sizeof(float) * static_cast<size_t>(h.len));
            h.data = std::move(grown);
            size_ -= more;
            start = h.len;
            h.len = len;
        }
        lru_insert(index);
        return h.data.get();
    }

    // Returns the number of cached columns visited (the cost of the call).
    long long swap_index(int i, int j) {
        if (i == j) return 0;
        long long visited = 0;
        Head& hi = heads_[static_cast<size_t>(i)];
        Head& hj = heads_[static_cast<size_t>(j)];
        if (hi.len) lru_delete(i);
        if (hj.len) lru_delete(j);
        std::swap(hi.data, hj.data);
        std::swap(hi.len, hj.len);
        if (hi.len) lru_insert(i);
        if (hj.len) lru_insert(j);
        if (i > j) std::swap(i, j);
        for (int h = heads_[sentinel_].next; h != sentinel_;) {
            ++visited;
            Head& e = heads_[static_cast<size_t>(h)];
            const int next = e.next;
            if (e.len > i) {
                if (e.len > j) {
                    std::swap(e.data[static_cast<size_t>(i)], e.data[static_cast<size_t>(j)]);
                } else {  // the column covers i but not j: give it up, as libsvm does
                    lru_delete(h);
                    size_ += e.len;
                    e.data.reset();
                    e.len = 0;
                }
            }
            h = next;
        }
        return visited;
    }

private:
    struct Head {
        int prev = -1, next = -1;
        int len = 0;
        std::unique_ptr<float[]> data;
    };
    void lru_delete(int h) {
        Head& e = heads_[static_cast<size_t>(h)];
        heads_[static_cast<size_t>(e.prev)].next = e.next;
        heads_[static_cast<size_t>(e.next)].prev = e.prev;
    }
    void lru_insert(int h) {
        Head& e = heads_[static_cast<size_t>(h)];
        Head& s = heads_[static_cast<size_t>(sentinel_)];
        e.next = sentinel_;
        e.prev = s.prev;
        heads_[static_cast<size_t>(e.prev)].next = h;
        s.prev = h;
    }

    std::vector<Head> heads_;
    int sentinel_;
    long long size_;  // free space, in floats
};

}  // namespace

struct SmoSolver::State {
    int l = 0, d = 0;
    Kernel kernel;
    SmoSettings settings;
    // The problem's rows in the solver's current order (shrinking swaps them): feature f of row j is
    // x[f·l + j], so the loop computing a kernel column runs over contiguous memory.
    std::vector<double> x, xsq, xi, buf;
    std::vector<signed char> y;
    std::vector<double> QD, C, p, alpha, G, G_bar;
    std::vector<uint8_t> status;
    std::vector<int> active_set;
    int active_size = 0;
    bool unshrink = false;
    long long iter = 0;
    int counter = 0;
    bool finished = false, reached_max_iter = false;
    double rho = 0, obj = 0;
    double work_done = 0;
    ColumnCache cache;

    State(int l_, double cache_mb) : l(l_), cache(l_, cache_mb) {}

    bool is_upper(int i) const { return status[static_cast<size_t>(i)] == kUpperBound; }
    bool is_lower(int i) const { return status[static_cast<size_t>(i)] == kLowerBound; }
    bool is_free(int i) const { return status[static_cast<size_t>(i)] == kFree; }
    void update_status(int i) {
        const size_t u = static_cast<size_t>(i);
        status[u] = alpha[u] >= C[u] ? kUpperBound : alpha[u] <= 0 ? kLowerBound : kFree;
    }

    // Q column i, rows [0, len), computed only where the cache does not hold it yet.
    const float* get_Q(int i, int len) {
        int start;
        float* data = cache.get(i, len, start);
        if (start < len) fill_column(i, start, len, data);
        return data;
    }

    // Kernel values K(x_i, x_j) for j in [start, len), in blocks small enough to stay in L1: the dot
    // products feature by feature (libsvm's summation order), then libsvm's RBF/poly expression.
    void fill_column(int i, int start, int len, float* out) {
        constexpr int kBlock = 256;
        double* b = buf.data();
        const size_t L = static_cast<size_t>(l);
        for (int f = 0; f < d; ++f) xi[static_cast<size_t>(f)] = x[static_cast<size_t>(f) * L + static_cast<size_t>(i)];
        const double sqi = xsq[static_cast<size_t>(i)];
        const signed char yi = y[static_cast<size_t>(i)];
        for (int b0 = start; b0 < len; b0 += kBlock) {
            const int bn = std::min(kBlock, len - b0);
            {
                const double* col = x.data() + b0;
                const double a = xi[0];
                for (int j = 0; j < bn; ++j) b[j] = col[j] * a;
            }
            for (int f = 1; f < d; ++f) {
                const double* col = x.data() + static_cast<size_t>(f) * L + static_cast<size_t>(b0);
                const double a = xi[static_cast<size_t>(f)];
                for (int j = 0; j < bn; ++j) b[j] += col[j] * a;
            }
            kernel_detail::dots_to_kernel(kernel, 1, bn, &sqi, xsq.data() + b0, b, bn);
            const signed char* yy = y.data() + b0;
            float* o = out + b0;
            for (int j = 0; j < bn; ++j) o[j] = static_cast<float>((yi * yy[j]) * b[j]);
        }
        work_done += 4.0 * (len - start);  // a kernel value costs about four scanned elements
    }

    void swap_index(int i, int j) {
        work_done += 4.0 * static_cast<double>(cache.swap_index(i, j)) + d;
        const size_t a = static_cast<size_t>(i), c = static_cast<size_t>(j), L = static_cast<size_t>(l);
        for (int f = 0; f < d; ++f) std::swap(x[static_cast<size_t>(f) * L + a], x[static_cast<size_t>(f) * L + c]);
        std::swap(xsq[a], xsq[c]);
        std::swap(y[a], y[c]);
        std::swap(QD[a], QD[c]);
        std::swap(G[a], G[c]);
        std::swap(status[a], status[c]);
        std::swap(alpha[a], alpha[c]);
        std::swap(p[a], p[c]);
        std::swap(active_set[a], active_set[c]);
        std::swap(G_bar[a], G_bar[c]);
        std::swap(C[a], C[c]);
    }

    void reconstruct_gradient() {
        if (active_size == l) return;
        for (int j = active_size; j < l; ++j) G[static_cast<size_t>(j)] = G_bar[static_cast<size_t>(j)] + p[static_cast<size_t>(j)];
        long long nr_free = 0;
        for (int j = 0; j < active_size; ++j)
            if (is_free(j)) ++nr_free;
        work_done += 2.0 * l;
        if (nr_free * l > 2LL * active_size * (l - active_size)) {
            work_done += static_cast<double>(l - active_size) * active_size;
            for (int i = active_size; i < l; ++i) {
                const float* Q_i = get_Q(i, active_size);
                double g = G[static_cast<size_t>(i)];
                for (int j = 0; j < active_size; ++j)
                    if (is_free(j)) g += alpha[static_cast<size_t>(j)] * Q_i[j];
                G[static_cast<size_t>(i)] = g;
            }
        } else {
            work_done += static_cast<double>(nr_free) * (l - active_size);
            for (int i = 0; i < active_size; ++i)
                if (is_free(i)) {
                    const float* Q_i = get_Q(i, l);
                    const double alpha_i = alpha[static_cast<size_t>(i)];
                    for (int j = active_size; j < l; ++j) G[static_cast<size_t>(j)] += alpha_i * Q_i[j];
                }
        }
    }

    // WSS3: returns false when optimal (the caller then stops or reconstructs the gradient).
    bool select_working_set(int& out_i, int& out_j) {
        double Gmax = -kInf, Gmax2 = -kInf;
        int Gmax_idx = -1, Gmin_idx = -1;
        double obj_diff_min = kInf;
        const double* g = G.data();
        const uint8_t* st = status.data();
        const signed char* yy = y.data();
        for (int t = 0; t < active_size; ++t) {
            if (yy[t] == +1) {
                if (st[t] != kUpperBound && -g[t] >= Gmax) {
                    Gmax = -g[t];
                    Gmax_idx = t;
                }
            } else {
                if (st[t] != kLowerBound && g[t] >= Gmax) {
                    Gmax = g[t];
                    Gmax_idx = t;
                }
            }
        }
        const int i = Gmax_idx;
        const float* Q_i = nullptr;
        if (i != -1) Q_i = get_Q(i, active_size);  // not read when i = −1: then Gmax = −∞
        const double QDi = i != -1 ? QD[static_cast<size_t>(i)] : 0.0;
        const double yi = i != -1 ? yy[i] : 0.0;
        const double* qd = QD.data();
        for (int j = 0; j < active_size; ++j) {
            if (yy[j] == +1) {
                if (st[j] != kLowerBound) {
                    const double grad_diff = Gmax + g[j];
                    if (g[j] >= Gmax2) Gmax2 = g[j];
                    if (grad_diff > 0) {
                        const double quad_coef = QDi + qd[j] - 2.0 * yi * Q_i[j];
                        const double obj_diff = quad_coef > 0 ? -(grad_diff * grad_diff) / quad_coef
                                                              : -(grad_diff * grad_diff) / kTau;
                        if (obj_diff <= obj_diff_min) {
                            Gmin_idx = j;
                            obj_diff_min = obj_diff;
                        }
                    }
                }
            } else {
                if (st[j] != kUpperBound) {
                    const double grad_diff = Gmax - g[j];
                    if (-g[j] >= Gmax2) Gmax2 = -g[j];
                    if (grad_diff > 0) {
                        const double quad_coef = QDi + qd[j] + 2.0 * yi * Q_i[j];
                        const double obj_diff = quad_coef > 0 ? -(grad_diff * grad_diff) / quad_coef
                                                              : -(grad_diff * grad_diff) / kTau;
                        if (obj_diff <= obj_diff_min) {
                            Gmin_idx = j;
                            obj_diff_min = obj_diff;
                        }
                    }
                }
            }
        }
        if (Gmax + Gmax2 < settings.tol || Gmin_idx == -1) return false;
        out_i = Gmax_idx;
        out_j = Gmin_idx;
        return true;
    }

    bool be_shrunk(int i, double Gmax1, double Gmax2) const {
        const double g = G[static_cast<size_t>(i)];
        if (is_upper(i)) return y[static_cast<size_t>(i)] == +1 ? -g > Gmax1 : -g > Gmax2;
        if (is_lower(i)) return y[static_cast<size_t>(i)] == +1 ? g > Gmax2 : g > Gmax1;
        return false;
    }

    void do_shrinking() {
        work_done += active_size;
        double Gmax1 = -kInf;  // max { −y_i ∇f(α)_i | i ∈ I_up(α) }
        double Gmax2 = -kInf;  // max { y_i ∇f(α)_i | i ∈ I_low(α) }
        for (int i = 0; i < active_size; ++i) {
            const double g = G[static_cast<size_t>(i)];
            if (y[static_cast<size_t>(i)] == +1) {
                if (!is_upper(i) && -g >= Gmax1) Gmax1 = -g;
                if (!is_lower(i) && g >= Gmax2) Gmax2 = g;
            } else {
                if (!is_upper(i) && -g >= Gmax2) Gmax2 = -g;
                if (!is_lower(i) && g >= Gmax1) Gmax1 = g;
            }
        }
        if (!unshrink && Gmax1 + Gmax2 <= settings.tol * 10) {
            unshrink = true;
            reconstruct_gradient();
            active_size = l;
        }
        for (int i = 0; i < active_size; ++i)
            if (be_shrunk(i, Gmax1, Gmax2)) {
                --active_size;
                while (active_size > i) {
                    if (!be_shrunk(active_size, Gmax1, Gmax2)) {
                        swap_index(i, active_size);
                        break;
                    }
                    --active_size;
                }
            }
    }

    double calculate_rho() const {
        int nr_free = 0;
        double ub = kInf, lb = -kInf, sum_free = 0;
        for (int i = 0; i < active_size; ++i) {
            const double yG = y[static_cast<size_t>(i)] * G[static_cast<size_t>(i)];
            if (is_upper(i)) {
                if (y[static_cast<size_t>(i)] == -1) ub = std::min(ub, yG);
                else lb = std::max(lb, yG);
            } else if (is_lower(i)) {
                if (y[static_cast<size_t>(i)] == +1) ub = std::min(ub, yG);
                else lb = std::max(lb, yG);
            } else {
                ++nr_free;
                sum_free += yG;
            }
        }
        return nr_free > 0 ? sum_free / nr_free : (ub + lb) / 2;
    }

    void update_pair(int i, int j) {
        const size_t ui = static_cast<size_t>(i), uj = static_cast<size_t>(j);
        const float* Q_i = get_Q(i, active_size);
        const float* Q_j = get_Q(j, active_size);
        const double C_i = C[ui], C_j = C[uj];
        const double old_alpha_i = alpha[ui], old_alpha_j = alpha[uj];
        double& ai = alpha[ui];
        double& aj = alpha[uj];
        if (y[ui] != y[uj]) {
            double quad_coef = QD[ui] + QD[uj] + 2 * Q_i[j];
            if (quad_coef <= 0) quad_coef = kTau;
            const double delta = (-G[ui] - G[uj]) / quad_coef;
            const double diff = ai - aj;
            ai += delta;
            aj += delta;
            if (diff > 0) {
                if (aj < 0) {
                    aj = 0;
                    ai = diff;
                }
            } else {
                if (ai < 0) {
                    ai = 0;
                    aj = -diff;
                }
            }
            if (diff > C_i - C_j) {
                if (ai > C_i) {
                    ai = C_i;
                    aj = C_i - diff;
                }
            } else {
                if (aj > C_j) {
                    aj = C_j;
                    ai = C_j + diff;
                }
            }
        } else {
            double quad_coef = QD[ui] + QD[uj] - 2 * Q_i[j];
            if (quad_coef <= 0) quad_coef = kTau;
            const double delta = (G[ui] - G[uj]) / quad_coef;
            const double sum = ai + aj;
            ai -= delta;
            aj += delta;
            if (sum > C_i) {
                if (ai > C_i) {
                    ai = C_i;
                    aj = sum - C_i;
                }
            } else {
                if (aj < 0) {
                    aj = 0;
                    ai = sum;
                }
            }
            if (sum > C_j) {
                if (aj > C_j) {
                    aj = C_j;
                    ai = sum - C_j;
                }
            } else {
                if (ai < 0) {
                    ai = 0;
                    aj = sum;
                }
            }
        }
        const double delta_alpha_i = ai - old_alpha_i;
        const double delta_alpha_j = aj - old_alpha_j;
        double* g = G.data();
        for (int k = 0; k < active_size; ++k) g[k] += Q_i[k] * delta_alpha_i + Q_j[k] * delta_alpha_j;

        const bool was_upper_i = is_upper(i), was_upper_j = is_upper(j);
        update_status(i);
        update_status(j);
        double* gb = G_bar.data();
        if (was_upper_i != is_upper(i) || was_upper_j != is_upper(j)) work_done += l;
        if (was_upper_i != is_upper(i)) {
            const float* Qi = get_Q(i, l);
            if (was_upper_i)
                for (int k = 0; k < l; ++k) gb[k] -= C_i * Qi[k];
            else
                for (int k = 0; k < l; ++k) gb[k] += C_i * Qi[k];
        }
        if (was_upper_j != is_upper(j)) {
            const float* Qj = get_Q(j, l);
            if (was_upper_j)
                for (int k = 0; k < l; ++k) gb[k] -= C_j * Qj[k];
            else
                for (int k = 0; k < l; ++k) gb[k] += C_j * Qj[k];
        }
    }

    void finish() {
        if (active_size < l) {  // only after max_iter; a converged run has just reconstructed everything
            reconstruct_gradient();
            active_size = l;
        }
        rho = calculate_rho();
        double v = 0;
        for (int i = 0; i < l; ++i) v += alpha[static_cast<size_t>(i)] * (G[static_cast<size_t>(i)] + p[static_cast<size_t>(i)]);
        obj = v / 2;
        finished = true;
    }
};

SmoSolver::SmoSolver(const Matrix& X, const std::vector<int>& rows, const std::vector<signed char>& y, double c_pos,
                     double c_neg, const Kernel& kernel, const SmoSettings& settings) {
    const int l = static_cast<int>(rows.size());
    if (l < 2) throw Error("an SVM sub-problem needs at least two rows");
    if (y.size() != rows.size()) throw Error("SmoSolver: rows and y differ in length");
    if (!(c_pos > 0) || !(c_neg > 0)) throw Error("the SVM's C must be positive");
    s_ = std::make_unique<State>(l, settings.cache_mb);
    State& s = *s_;
    s.d = static_cast<int>(X.cols());
    s.kernel = kernel;
    s.settings = settings;
    const size_t L = static_cast<size_t>(l);
    s.x.resize(static_cast<size_t>(s.d) * L);
    s.xsq.resize(L);
    s.xi.resize(static_cast<size_t>(std::max(s.d, 1)));
    s.buf.resize(256);
    for (int j = 0; j < l; ++j) {
        const Index r = rows[static_cast<size_t>(j)];
        if (r < 0 || r >= X.rows()) throw Error("SmoSolver: row index out of range");
        double sq = 0;
        for (int f = 0; f < s.d; ++f) {
            const double v = X(r, f);
            s.x[static_cast<size_t>(f) * L + static_cast<size_t>(j)] = v;
            sq += v * v;
        }
        s.xsq[static_cast<size_t>(j)] = sq;
    }
    s.y = y;
    for (signed char v : s.y)
        if (v != 1 && v != -1) throw Error("SmoSolver: labels must be +1 or -1");
    s.QD.resize(L);
    for (int j = 0; j < l; ++j) {
        // K(x_j, x_j), from the same fixed-order dot product as the columns.
        double dot = 0;
        for (int f = 0; f < s.d; ++f) {
            const double v = s.x[static_cast<size_t>(f) * L + static_cast<size_t>(j)];
            dot += v * v;
        }
        const double sq = s.xsq[static_cast<size_t>(j)];
        kernel_detail::dots_to_kernel(kernel, 1, 1, &sq, &sq, &dot, 1);
        s.QD[static_cast<size_t>(j)] = dot;
    }
    s.C.resize(L);
    for (int j = 0; j < l; ++j) s.C[static_cast<size_t>(j)] = s.y[static_cast<size_t>(j)] > 0 ? c_pos : c_neg;
    s.p.assign(L, -1.0);
    s.alpha.assign(L, 0.0);
    s.status.assign(L, kLowerBound);  // α = 0 < C
    s.active_set.resize(L);
    for (int j = 0; j < l; ++j) s.active_set[static_cast<size_t>(j)] = j;
    s.active_size = l;
    s.G = s.p;  // α = 0: ∇f = p, and no variable at its upper bound
    s.G_bar.assign(L, 0.0);
    s.counter = std::min(l, 1000) + 1;
}

SmoSolver::~SmoSolver() = default;

bool SmoSolver::advance(double work) {
    State& s = *s_;
    const double until = s.work_done + work;
    while (!s.finished) {
        if (s.work_done >= until) return false;
        if (s.settings.max_iter >= 0 && s.iter >= s.settings.max_iter) {
            s.reached_max_iter = true;
            s.finish();
            break;
        }
        if (--s.counter == 0) {
            s.counter = std::min(s.l, 1000);
            if (s.settings.shrinking) s.do_shrinking();
        }
        int i = -1, j = -1;
        if (!s.select_working_set(i, j)) {
            s.reconstruct_gradient();
            s.active_size = s.l;
            if (!s.select_working_set(i, j)) {
                s.finish();
                break;
            }
            s.counter = 1;  // shrink at the next iteration
        }
        ++s.iter;
        s.update_pair(i, j);
        s.work_done += s.active_size + 64.0;
    }
    return true;
}

bool SmoSolver::done() const { return s_->finished; }
long long SmoSolver::iterations() const { return s_->iter; }
double SmoSolver::work_done() const { return s_->work_done; }
int SmoSolver::size() const { return s_->l; }

SmoResult SmoSolver::result() const {
    const State& s = *s_;
    if (!s.finished) throw Error("SmoSolver::result called before the solver finished");
    SmoResult r;
    r.coef.assign(static_cast<size_t>(s.l), 0.0);
    for (int i = 0; i < s.l; ++i)
        r.coef[static_cast<size_t>(s.active_set[static_cast<size_t>(i)])] = s.alpha[static_cast<size_t>(i)] * s.y[static_cast<size_t>(i)];
    r.rho = s.rho;
    r.objective = s.obj;
    r.iterations = s.iter;
    r.reached_max_iter = s.reached_max_iter;
    return r;
}

SmoResult smo_solve(const Matrix& X, const std::vector<int>& rows, const std::vector<signed char>& y, double c_pos,
                    double c_neg, const Kernel& kernel, const SmoSettings& settings) {
    SmoSolver solver(X, rows, y, c_pos, c_neg, kernel, settings);
    while (!solver.advance(1e18)) {
    }
    return solver.result();
}

}  // namespace genrelab::classify
