#include "classify/svm.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "classify/svm_platt.hpp"
#include "classify/svm_smo.hpp"
#include "core/error.hpp"
#include "core/json_eigen.hpp"
#include "core/rng.hpp"

namespace genrelab::classify {

namespace {

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

std::string num(double v) {
    std::string s = std::to_string(v);
    if (s.find('.') != std::string::npos) {
        while (!s.empty() && s.back() == '0') s.pop_back();
        if (!s.empty() && s.back() == '.') s.pop_back();
    }
    return s;
}

void check_finite(const Matrix& X, const char* what) {
    for (Index c = 0; c < X.cols(); ++c)
        for (Index r = 0; r < X.rows(); ++r)
            if (!std::isfinite(X(r, c)))
                throw Error(std::string(what) + " has a value that is not a finite number (row " + std::to_string(r + 1) +
                            ", column " + std::to_string(c + 1) + "); impute or drop missing values first");
}

int n_pairs(int k) { return k * (k - 1) / 2; }

// Sum of kernel expansions: out (nq × n_out, row-major) += Σ_{s ∈ [s0, s1)} K(q, ref_s) · coef(s, :)
// ref is given transposed (d × n_ref, row-major, row stride ld_ref) with squared norms; coef is row-major
// with n_out columns. Fixed summation order (reference rows in order, in chunks).
void add_kernel_expansion(const Kernel& kernel, const double* q, const double* sq_q, Index nq, Index d,
                          const double* refT, Index ld_ref, const double* sq_ref, Index s0, Index s1,
                          const double* coef, Index n_out, double* out, std::vector<double>& scratch) {
    constexpr Index kChunk = 256;
    scratch.resize(static_cast<size_t>(nq * kChunk));
    for (Index c0 = s0; c0 < s1; c0 += kChunk) {
        const Index cn = std::min(kChunk, s1 - c0);
        std::fill(scratch.begin(), scratch.begin() + nq * cn, 0.0);
        kernel_detail::gemm_acc(nq, cn, d, q, d, refT + c0, ld_ref, scratch.data(), cn);
        kernel_detail::dots_to_kernel(kernel, nq, cn, sq_q, sq_ref + c0, scratch.data(), cn);
        kernel_detail::gemm_acc(nq, n_out, cn, scratch.data(), cn, coef + c0 * n_out, n_out, out, n_out);
    }
}

double sum_sq(const double* v, Index n) {
    double s = 0;
    for (Index i = 0; i < n; ++i) s += v[i] * v[i];
    return s;
}

// Rows `rows` of X as a row-major block, with squared norms.
void gather_rows(const Matrix& X, const int* rows, Index n, RowMatrix& out, std::vector<double>& sq) {
    out.resize(n, X.cols());
    sq.resize(static_cast<size_t>(n));
    for (Index i = 0; i < n; ++i) {
        for (Index f = 0; f < X.cols(); ++f) out(i, f) = X(rows[i], f);
        sq[static_cast<size_t>(i)] = sum_sq(&out(i, 0), X.cols());
    }
}

// Decision values f(x) = Σ coef_s K(x_s, x) − rho of one binary solution, for the query rows.
Vector binary_decision(const Kernel& kernel, const Matrix& X, const std::vector<int>& ref_rows,
                       const std::vector<double>& coef, double rho, const std::vector<int>& query_rows) {
    std::vector<int> sv;
    std::vector<double> sv_coef;
    for (size_t s = 0; s < ref_rows.size(); ++s)
        if (std::fabs(coef[s]) > 0) {
            sv.push_back(ref_rows[s]);
            sv_coef.push_back(coef[s]);
        }
    const Index d = X.cols(), nsv = static_cast<Index>(sv.size());
    RowMatrix svm_rows;
    std::vector<double> sq_sv;
    gather_rows(X, sv.data(), nsv, svm_rows, sq_sv);
    const RowMatrix svT = svm_rows.transpose();
    Vector out(static_cast<Index>(query_rows.size()));
    RowMatrix qb;
    std::vector<double> sq_q, scratch, acc;
    constexpr Index kBlock = 64;
    for (Index b0 = 0; b0 < out.size(); b0 += kBlock) {
        const Index bn = std::min(kBlock, out.size() - b0);
        gather_rows(X, query_rows.data() + b0, bn, qb, sq_q);
        acc.assign(static_cast<size_t>(bn), 0.0);
        if (nsv > 0)
            add_kernel_expansion(kernel, qb.data(), sq_q.data(), bn, d, svT.data(), nsv, sq_sv.data(), 0, nsv,
                                 sv_coef.data(), 1, acc.data(), scratch);
        for (Index i = 0; i < bn; ++i) out[b0 + i] = acc[static_cast<size_t>(i)] - rho;
    }
    return out;
}

void check_predict_input(const SvmModel& model, const Matrix& X) {
    if (X.cols() != model.n_features)
        throw Error("X has " + std::to_string(X.cols()) + " columns but the SVM was fitted on " +
                    std::to_string(model.n_features));
    check_finite(X, "X");
}

}  // namespace

double resolve_gamma(const SvmParams& params, const Matrix& X) {
    switch (params.gamma_mode) {
        case SvmGamma::Value: return params.gamma;
        case SvmGamma::Auto: return X.cols() > 0 ? 1.0 / static_cast<double>(X.cols()) : 1.0;
        case SvmGamma::Scale: {
            // Population variance of all entries, two passes in a fixed order (not Eigen's reductions,
            // whose order differs between SIMD widths).
            const double count = static_cast<double>(X.size());
            if (count == 0) return 1.0;
            double sum = 0;
            for (Index c = 0; c < X.cols(); ++c)
                for (Index r = 0; r < X.rows(); ++r) sum += X(r, c);
            const double mean = sum / count;
            double ss = 0;
            for (Index c = 0; c < X.cols(); ++c)
                for (Index r = 0; r < X.rows(); ++r) ss += (X(r, c) - mean) * (X(r, c) - mean);
            const double var = ss / count;
            return var != 0 ? 1.0 / (static_cast<double>(X.cols()) * var) : 1.0;
        }
    }
    throw Error("unknown gamma mode");
}

// ---------------------------------------------------------------------------------------------------
// Fitter

struct SvmFitter::Impl {
    const Matrix& X;
    SvmParams params;
    int K = 0;
    Kernel kernel;
    SmoSettings smo;
    std::vector<int> start, count, perm;  // rows grouped by class, training order within a class
    std::vector<double> weighted_C;

    struct Pair {
        int i, j;
    };
    std::vector<Pair> pairs;
    std::vector<std::vector<double>> coef;  // per pair, ci + cj entries (class i's rows first)
    std::vector<double> rho;
    std::vector<long long> n_iter;
    std::vector<double> prob_a, prob_b;

    struct Task {
        int pair;
        int fold;  // −1: the pair's final fit; 0…4: a Platt cross-validation fold
        double work;
    };
    std::vector<Task> tasks;
    size_t next_task = 0;
    std::unique_ptr<SmoSolver> solver;
    std::vector<int> task_rows;      // rows of X of the running problem
    std::vector<int> task_positions; // their positions in the pair's problem (CV folds)
    std::vector<int> cv_perm;        // the running pair's fold permutation (positions in the pair problem)
    Vector cv_dec;                   // out-of-fold decision values of the running pair
    Rng rng;
    double total_work = 0, finished_work = 0;
    double extra_work = 0;  // work done outside the solver (held-out decision values), in solver units
    bool finished = false;
    SvmModel model;

    Impl(const SvmParams& p, const Matrix& X_, const Labels& y, int n_classes) : X(X_), params(p), rng(p.seed) {
        K = n_classes;
        const Index n = X.rows();
        if (n_classes < 2) throw Error("an SVM needs at least 2 classes (got " + std::to_string(n_classes) + ")");
        if (n_classes > 1000) throw Error("an SVM trains one model per pair of classes; " + std::to_string(n_classes) + " classes are too many (at most 1,000)");
        if (static_cast<Index>(y.size()) != n)
            throw Error("X has " + std::to_string(n) + " rows but y has " + std::to_string(y.size()) + " labels");
        if (X.cols() < 1) throw Error("X has no columns");
        if (!(params.C > 0) || !std::isfinite(params.C)) throw Error("the SVM's C must be a positive number (C = " + num(params.C) + ")");
        if (!(params.tol > 0) || !std::isfinite(params.tol)) throw Error("the SVM's tol must be a positive number");
        if (!(params.cache_size_mb > 0) || !std::isfinite(params.cache_size_mb))
            throw Error("the SVM's cache_size_mb must be a positive number");
        if (params.max_iter < -1 || params.max_iter == 0) throw Error("the SVM's max_iter must be -1 (no limit) or positive");
        check_finite(X, "X");
        count.assign(static_cast<size_t>(K), 0);
        for (Index r = 0; r < n; ++r) {
            const int c = y[static_cast<size_t>(r)];
            if (c < 0 || c >= K)
                throw Error("label " + std::to_string(c) + " on row " + std::to_string(r + 1) + " is outside 0…" +
                            std::to_string(K - 1));
            ++count[static_cast<size_t>(c)];
        }
        for (int c = 0; c < K; ++c)
            if (count[static_cast<size_t>(c)] == 0)
                throw Error("class " + std::to_string(c) + " has no training rows; the SVM needs rows of every class");
        start.assign(static_cast<size_t>(K), 0);
        for (int c = 1; c < K; ++c) start[static_cast<size_t>(c)] = start[static_cast<size_t>(c - 1)] + count[static_cast<size_t>(c - 1)];
        perm.resize(static_cast<size_t>(n));
        {
            std::vector<int> next = start;
            for (Index r = 0; r < n; ++r) perm[static_cast<size_t>(next[static_cast<size_t>(y[static_cast<size_t>(r)])]++)] = static_cast<int>(r);
        }

        kernel.type = params.kernel;
        kernel.gamma = params.kernel == KernelType::Linear ? 0.0 : resolve_gamma(params, X);
        kernel.degree = params.degree;
        kernel.coef0 = params.coef0;
        if (kernel.type != KernelType::Linear) validate(kernel);
        if (kernel.type == KernelType::Linear) kernel.gamma = 1.0;  // unused; keeps the model valid

        weighted_C.assign(static_cast<size_t>(K), params.C);
        if (params.class_weight_balanced) {
            for (int c = 0; c < K; ++c)
                weighted_C[static_cast<size_t>(c)] *= static_cast<double>(n) / (K * static_cast<double>(count[static_cast<size_t>(c)]));
        } else if (!params.class_weight.empty()) {
            if (static_cast<int>(params.class_weight.size()) != K)
                throw Error("class_weight has " + std::to_string(params.class_weight.size()) + " entries but there are " +
                            std::to_string(K) + " classes");
            for (int c = 0; c < K; ++c) {
                const double w = params.class_weight[static_cast<size_t>(c)];
                if (!(w > 0) || !std::isfinite(w)) throw Error("class_weight entries must be positive numbers");
                weighted_C[static_cast<size_t>(c)] *= w;
            }
        }

        smo.tol = params.tol;
        smo.shrinking = params.shrinking;
        smo.cache_mb = params.cache_size_mb;
        smo.max_iter = params.max_iter;

        for (int i = 0; i < K; ++i)
            for (int j = i + 1; j < K; ++j) pairs.push_back({i, j});
        const int P = static_cast<int>(pairs.size());
        coef.resize(static_cast<size_t>(P));
        rho.assign(static_cast<size_t>(P), 0.0);
        n_iter.assign(static_cast<size_t>(P), 0);
        if (params.probability) {
            prob_a.assign(static_cast<size_t>(P), 0.0);
            prob_b.assign(static_cast<size_t>(P), 0.0);
        }
        for (int p = 0; p < P; ++p) {
            const double l = count[static_cast<size_t>(pairs[static_cast<size_t>(p)].i)] + count[static_cast<size_t>(pairs[static_cast<size_t>(p)].j)];
            if (params.probability)
                for (int f = 0; f < 5; ++f) tasks.push_back({p, f, 0.8 * l});
            tasks.push_back({p, -1, l});
        }
        for (const Task& t : tasks) total_work += t.work;
    }

    int pair_size(int p) const {
        return count[static_cast<size_t>(pairs[static_cast<size_t>(p)].i)] + count[static_cast<size_t>(pairs[static_cast<size_t>(p)].j)];
    }
    // Row of X and label of position k in pair p's problem (class i's rows first, then class j's).
    int pair_row(int p, int k) const {
        const Pair& pr = pairs[static_cast<size_t>(p)];
        const int ci = count[static_cast<size_t>(pr.i)];
        return k < ci ? perm[static_cast<size_t>(start[static_cast<size_t>(pr.i)] + k)]
                      : perm[static_cast<size_t>(start[static_cast<size_t>(pr.j)] + k - ci)];
    }
    signed char pair_label(int p, int k) const { return k < count[static_cast<size_t>(pairs[static_cast<size_t>(p)].i)] ? 1 : -1; }

    // Creates the solver of the next task; returns false when the task needed no solver (done already).
    bool start_task() {
        const Task& t = tasks[next_task];
        const int p = t.pair;
        const Pair& pr = pairs[static_cast<size_t>(p)];
        const double c_pos = weighted_C[static_cast<size_t>(pr.i)], c_neg = weighted_C[static_cast<size_t>(pr.j)];
        const int l = pair_size(p);
        std::vector<signed char> ylab;
        task_rows.clear();
        task_positions.clear();
        if (t.fold < 0) {
            for (int k = 0; k < l; ++k) {
                task_rows.push_back(pair_row(p, k));
                ylab.push_back(pair_label(p, k));
            }
        } else {
            if (t.fold == 0) {  // a new pair: draw its fold permutation (libsvm's shuffle)
                cv_perm.resize(static_cast<size_t>(l));
                for (int k = 0; k < l; ++k) cv_perm[static_cast<size_t>(k)] = k;
                for (int k = 0; k < l; ++k)
                    std::swap(cv_perm[static_cast<size_t>(k)], cv_perm[static_cast<size_t>(k + static_cast<int>(rng.below(static_cast<uint64_t>(l - k))))]);
                cv_dec = Vector::Zero(l);
            }
            const int begin = t.fold * l / 5, end = (t.fold + 1) * l / 5;
            int n_pos = 0, n_neg = 0;
            for (int k = 0; k < l; ++k) {
                if (k >= begin && k < end) continue;
                const int pos = cv_perm[static_cast<size_t>(k)];
                task_positions.push_back(pos);
                task_rows.push_back(pair_row(p, pos));
                ylab.push_back(pair_label(p, pos));
                (ylab.back() > 0 ? n_pos : n_neg)++;
            }
            if (n_pos == 0 || n_neg == 0) {  // a one-class training fold: constant decision values, as libsvm
                const double v = n_pos > 0 ? 1.0 : n_neg > 0 ? -1.0 : 0.0;
                for (int k = begin; k < end; ++k) cv_dec[cv_perm[static_cast<size_t>(k)]] = v;
                complete_fold(t, nullptr);
                return false;
            }
        }
        solver = std::make_unique<SmoSolver>(X, task_rows, ylab, c_pos, c_neg, kernel, smo);
        return true;
    }

    void complete_fold(const Task& t, const SmoResult* r) {
        const int p = t.pair;
        const int l = pair_size(p);
        if (r) {
            const int begin = t.fold * l / 5, end = (t.fold + 1) * l / 5;
            std::vector<int> held_rows;
            for (int k = begin; k < end; ++k) held_rows.push_back(pair_row(p, cv_perm[static_cast<size_t>(k)]));
            const Vector dec = binary_decision(kernel, X, task_rows, r->coef, r->rho, held_rows);
            extra_work += 5.0 * static_cast<double>(held_rows.size()) * static_cast<double>(task_rows.size());
            for (int k = begin; k < end; ++k) cv_dec[cv_perm[static_cast<size_t>(k)]] = dec[k - begin];
        }
        if (t.fold == 4) {
            std::vector<bool> positive(static_cast<size_t>(l));
            for (int k = 0; k < l; ++k) positive[static_cast<size_t>(k)] = pair_label(p, k) > 0;
            const PlattSigmoid s = platt_sigmoid_fit(cv_dec, positive);
            prob_a[static_cast<size_t>(p)] = s.a;
            prob_b[static_cast<size_t>(p)] = s.b;
        }
    }

    void complete_task() {
        const Task& t = tasks[next_task];
        const SmoResult r = solver->result();
        if (t.fold < 0) {
            coef[static_cast<size_t>(t.pair)] = r.coef;
            rho[static_cast<size_t>(t.pair)] = r.rho;
            n_iter[static_cast<size_t>(t.pair)] = r.iterations;
        } else {
            complete_fold(t, &r);
        }
    }

    bool step() {
        if (finished) return true;
        constexpr double kStepWork = 1e7;  // ≈ 15–30 ms natively (units ≈ scanned gradient entries)
        double budget = kStepWork;
        while (budget > 0 && next_task < tasks.size()) {
            if (!solver) {
                if (!start_task()) {
                    finished_work += tasks[next_task].work;
                    ++next_task;
                    continue;
                }
                budget -= static_cast<double>(task_rows.size()) * 2;  // copying the rows, building state
            }
            const double before = solver->work_done();
            const bool done = solver->advance(budget);
            budget -= solver->work_done() - before;
            if (done) {
                extra_work = 0;
                complete_task();
                budget -= extra_work;
                solver.reset();
                finished_work += tasks[next_task].work;
                ++next_task;
            }
        }
        if (next_task < tasks.size()) return false;
        build_model();
        finished = true;
        return true;
    }

    void build_model() {
        const Index n = X.rows();
        const int P = static_cast<int>(pairs.size());
        std::vector<char> nonzero(static_cast<size_t>(n), 0);
        for (int p = 0; p < P; ++p) {
            const Pair& pr = pairs[static_cast<size_t>(p)];
            const int ci = count[static_cast<size_t>(pr.i)], cj = count[static_cast<size_t>(pr.j)];
            const auto& a = coef[static_cast<size_t>(p)];
            for (int k = 0; k < ci; ++k)
                if (std::fabs(a[static_cast<size_t>(k)]) > 0) nonzero[static_cast<size_t>(start[static_cast<size_t>(pr.i)] + k)] = 1;
            for (int k = 0; k < cj; ++k)
                if (std::fabs(a[static_cast<size_t>(ci + k)]) > 0) nonzero[static_cast<size_t>(start[static_cast<size_t>(pr.j)] + k)] = 1;
        }
        SvmModel m;
        m.kernel = kernel;
        m.n_features = static_cast<int>(X.cols());
        m.n_classes = K;
        m.n_support.assign(static_cast<size_t>(K), 0);
        for (int c = 0; c < K; ++c)
            for (int k = 0; k < count[static_cast<size_t>(c)]; ++k)
                if (nonzero[static_cast<size_t>(start[static_cast<size_t>(c)] + k)]) ++m.n_support[static_cast<size_t>(c)];
        for (Index pos = 0; pos < n; ++pos)
            if (nonzero[static_cast<size_t>(pos)]) m.support.push_back(perm[static_cast<size_t>(pos)]);
        const Index nsv = static_cast<Index>(m.support.size());
        m.support_vectors.resize(nsv, X.cols());
        for (Index s = 0; s < nsv; ++s) m.support_vectors.row(s) = X.row(m.support[static_cast<size_t>(s)]);
        std::vector<int> nz_start(static_cast<size_t>(K), 0);
        for (int c = 1; c < K; ++c) nz_start[static_cast<size_t>(c)] = nz_start[static_cast<size_t>(c - 1)] + m.n_support[static_cast<size_t>(c - 1)];
        m.dual_coef = Matrix::Zero(K - 1, nsv);
        m.intercept.resize(P);
        for (int p = 0; p < P; ++p) {
            const Pair& pr = pairs[static_cast<size_t>(p)];
            const int ci = count[static_cast<size_t>(pr.i)], cj = count[static_cast<size_t>(pr.j)];
            const auto& a = coef[static_cast<size_t>(p)];
            int q = nz_start[static_cast<size_t>(pr.i)];
            for (int k = 0; k < ci; ++k)
                if (nonzero[static_cast<size_t>(start[static_cast<size_t>(pr.i)] + k)]) m.dual_coef(pr.j - 1, q++) = a[static_cast<size_t>(k)];
            q = nz_start[static_cast<size_t>(pr.j)];
            for (int k = 0; k < cj; ++k)
                if (nonzero[static_cast<size_t>(start[static_cast<size_t>(pr.j)] + k)]) m.dual_coef(pr.i, q++) = a[static_cast<size_t>(ci + k)];
            const double t = -rho[static_cast<size_t>(p)];
            m.intercept[p] = t != 0 ? t : 0.0;  // no −0 in model files
        }
        if (params.probability) {
            m.prob_a = Eigen::Map<const Vector>(prob_a.data(), P);
            m.prob_b = Eigen::Map<const Vector>(prob_b.data(), P);
        }
        m.n_iter = n_iter;
        model = std::move(m);
    }

    double fraction() const {
        if (finished) return 1.0;
        double f = finished_work;
        if (solver && next_task < tasks.size()) {
            const double it = static_cast<double>(solver->iterations());
            const double l = static_cast<double>(solver->size());
            f += tasks[next_task].work * 0.95 * it / (it + l);  // a guess: SMO needs about l iterations
        }
        return total_work > 0 ? std::min(0.999, f / total_work) : 0.0;
    }

    std::string stage() const {
        if (finished || next_task >= tasks.size()) return "SVM: done";
        const Task& t = tasks[next_task];
        const Pair& pr = pairs[static_cast<size_t>(t.pair)];
        std::string s = "SVM: classes " + std::to_string(pr.i) + " vs " + std::to_string(pr.j) + " (pair " +
                        std::to_string(t.pair + 1) + " of " + std::to_string(pairs.size()) + ")";
        if (t.fold >= 0) s += ", Platt cross-validation fold " + std::to_string(t.fold + 1) + " of 5";
        return s;
    }
};

SvmFitter::SvmFitter(const SvmParams& params, const Matrix& X, const Labels& y, int n_classes)
    : impl_(std::make_unique<Impl>(params, X, y, n_classes)) {}
SvmFitter::~SvmFitter() = default;
bool SvmFitter::step() { return impl_->step(); }
double SvmFitter::fraction() const { return impl_->fraction(); }
std::string SvmFitter::stage() const { return impl_->stage(); }
SvmModel SvmFitter::result() const {
    if (!impl_->finished) throw Error("SvmFitter::result called before the fit finished");
    return impl_->model;
}

SvmModel fit(const SvmParams& params, const Matrix& X, const Labels& y, int n_classes, Progress& progress) {
    SvmFitter fitter(params, X, y, n_classes);
    fitter.run(progress);
    return fitter.result();
}

// ---------------------------------------------------------------------------------------------------
// Prediction

// Everything prediction needs, prepared once per model: support vectors transposed with their norms.
struct SvmDecisionStepper::Impl {
    const SvmModel& model;
    const Matrix& X;
    int K = 0, P = 0;
    Index d = 0, nsv = 0, next_row = 0, rows_per_step = 0;
    RowMatrix svT;
    std::vector<double> sq_sv;
    std::vector<int> sv_start, pair_of;
    Matrix out;
    RowMatrix qb;
    std::vector<double> sq_q, part, scratch, dec;

    Impl(const SvmModel& m, const Matrix& X_) : model(m), X(X_) {
        validate(model);
        check_predict_input(model, X);
        K = model.n_classes;
        P = n_pairs(K);
        d = X.cols();
        nsv = model.support_vectors.rows();
        svT = model.support_vectors.transpose();  // d × n_SV
        sq_sv.resize(static_cast<size_t>(nsv));
        for (Index s = 0; s < nsv; ++s) {
            double v = 0;
            for (Index f = 0; f < d; ++f) v += model.support_vectors(s, f) * model.support_vectors(s, f);
            sq_sv[static_cast<size_t>(s)] = v;
        }
        sv_start.assign(static_cast<size_t>(K) + 1, 0);
        for (int c = 0; c < K; ++c) sv_start[static_cast<size_t>(c) + 1] = sv_start[static_cast<size_t>(c)] + model.n_support[static_cast<size_t>(c)];
        pair_of.assign(static_cast<size_t>(K * K), -1);
        for (int i = 0, p = 0; i < K; ++i)
            for (int j = i + 1; j < K; ++j, ++p) pair_of[static_cast<size_t>(i * K + j)] = p;
        out.resize(X.rows(), P);
        // About 4M kernel values per step (tens of milliseconds natively), in whole blocks of 64 rows.
        rows_per_step = std::max<Index>(64, (4000000 / std::max<Index>(nsv, 1)) / 64 * 64);
        qb.resize(64, d);
        sq_q.resize(64);
    }

    void compute(Index r0, Index r1) {
        // dual_coef is (K−1)×n_SV column-major, i.e. n_SV×(K−1) row-major: the layout add_kernel_expansion wants.
        const double* coefT = model.dual_coef.data();
        constexpr Index kBlock = 64;
        for (Index b0 = r0; b0 < r1; b0 += kBlock) {
            const Index bn = std::min(kBlock, r1 - b0);
            for (Index i = 0; i < bn; ++i) {
                for (Index f = 0; f < d; ++f) qb(i, f) = X(b0 + i, f);
                sq_q[static_cast<size_t>(i)] = sum_sq(&qb(i, 0), d);
            }
            dec.assign(static_cast<size_t>(bn * P), 0.0);
            for (int c = 0; c < K; ++c) {
                part.assign(static_cast<size_t>(bn * (K - 1)), 0.0);
                add_kernel_expansion(model.kernel, qb.data(), sq_q.data(), bn, d, svT.data(), nsv, sq_sv.data(),
                                     sv_start[static_cast<size_t>(c)], sv_start[static_cast<size_t>(c) + 1], coefT, K - 1,
                                     part.data(), scratch);
                // Row r of class c's coefficients belongs to the pair (r, c) when r < c, else (c, r+1).
                for (int r = 0; r < K - 1; ++r) {
                    const int p = r < c ? pair_of[static_cast<size_t>(r * K + c)] : pair_of[static_cast<size_t>(c * K + r + 1)];
                    for (Index i = 0; i < bn; ++i) dec[static_cast<size_t>(i * P + p)] += part[static_cast<size_t>(i * (K - 1) + r)];
                }
            }
            for (Index i = 0; i < bn; ++i)
                for (int p = 0; p < P; ++p) out(b0 + i, p) = dec[static_cast<size_t>(i * P + p)] + model.intercept[p];
        }
    }
};

SvmDecisionStepper::SvmDecisionStepper(const SvmModel& model, const Matrix& X) : impl_(std::make_unique<Impl>(model, X)) {}
SvmDecisionStepper::~SvmDecisionStepper() = default;
bool SvmDecisionStepper::step() {
    Impl& s = *impl_;
    const Index r1 = std::min(s.X.rows(), s.next_row + s.rows_per_step);
    s.compute(s.next_row, r1);
    s.next_row = r1;
    return s.next_row >= s.X.rows();
}
double SvmDecisionStepper::fraction() const {
    return impl_->X.rows() > 0 ? static_cast<double>(impl_->next_row) / static_cast<double>(impl_->X.rows()) : 1.0;
}
std::string SvmDecisionStepper::stage() const {
    return "SVM: decision values for rows " + with_thousands(impl_->next_row) + " of " + with_thousands(impl_->X.rows());
}
const Matrix& SvmDecisionStepper::result() const {
    if (impl_->next_row < impl_->X.rows()) throw Error("SvmDecisionStepper::result called before the last step");
    return impl_->out;
}

Matrix decision_values_ovo(const SvmModel& model, const Matrix& X) {
    SvmDecisionStepper stepper(model, X);
    stepper.run();
    return stepper.result();
}

namespace {
void check_ovo(const SvmModel& model, const Matrix& dec) {
    if (dec.cols() != n_pairs(model.n_classes))
        throw Error("expected " + std::to_string(n_pairs(model.n_classes)) + " pairwise decision values per row, got " +
                    std::to_string(dec.cols()));
}
}  // namespace

Labels predict(const SvmModel& model, const Matrix& X) { return predict_from_ovo(model, decision_values_ovo(model, X)); }
Matrix decision_function(const SvmModel& model, const Matrix& X) {
    return decision_function_from_ovo(model, decision_values_ovo(model, X));
}
Matrix predict_proba(const SvmModel& model, const Matrix& X) {
    if (model.prob_a.size() == 0)
        throw Error("this SVM was fitted without probability = true, so it has no probabilities; refit with probability on");
    return predict_proba_from_ovo(model, decision_values_ovo(model, X));
}

Labels predict_from_ovo(const SvmModel& model, const Matrix& dec) {
    check_ovo(model, dec);
    const int K = model.n_classes;
    Labels out(static_cast<size_t>(dec.rows()));
    std::vector<int> votes(static_cast<size_t>(K));
    for (Index r = 0; r < dec.rows(); ++r) {
        std::fill(votes.begin(), votes.end(), 0);
        for (int i = 0, p = 0; i < K; ++i)
            for (int j = i + 1; j < K; ++j, ++p) ++votes[static_cast<size_t>(dec(r, p) > 0 ? i : j)];
        int best = 0;
        for (int c = 1; c < K; ++c)
            if (votes[static_cast<size_t>(c)] > votes[static_cast<size_t>(best)]) best = c;
        out[static_cast<size_t>(r)] = best;
    }
    return out;
}

Matrix decision_function_from_ovo(const SvmModel& model, const Matrix& dec) {
    check_ovo(model, dec);
    const int K = model.n_classes;
    const Index n = dec.rows();
    Matrix out(n, K);
    if (K == 2) {
        // sklearn's binary decision_function is −(libsvm's value): positive means class 1.
        out.col(1) = -dec.col(0);
        out.col(0) = dec.col(0);
        return out;
    }
    // sklearn's _ovr_decision_function(dec < 0, −dec, K): votes + Σconf / (3 (|Σconf| + 1)).
    for (Index r = 0; r < n; ++r) {
        std::vector<double> votes(static_cast<size_t>(K), 0.0), conf(static_cast<size_t>(K), 0.0);
        for (int i = 0, p = 0; i < K; ++i)
            for (int j = i + 1; j < K; ++j, ++p) {
                const double v = dec(r, p);
                conf[static_cast<size_t>(i)] += v;
                conf[static_cast<size_t>(j)] -= v;
                ++votes[static_cast<size_t>(v < 0 ? j : i)];
            }
        for (int c = 0; c < K; ++c) {
            const double s = conf[static_cast<size_t>(c)];
            out(r, c) = votes[static_cast<size_t>(c)] + s / (3 * (std::fabs(s) + 1));
        }
    }
    return out;
}

Matrix predict_proba_from_ovo(const SvmModel& model, const Matrix& dec) {
    if (model.prob_a.size() == 0)
        throw Error("this SVM was fitted without probability = true, so it has no probabilities; refit with probability on");
    check_ovo(model, dec);
    const int K = model.n_classes;
    const double min_prob = 1e-7;
    Matrix out(dec.rows(), K);
    Matrix r(K, K);
    for (Index row = 0; row < dec.rows(); ++row) {
        r.setZero();
        for (int i = 0, p = 0; i < K; ++i)
            for (int j = i + 1; j < K; ++j, ++p) {
                const double v = platt_sigmoid_predict(dec(row, p), {model.prob_a[p], model.prob_b[p]});
                r(i, j) = std::min(std::max(v, min_prob), 1 - min_prob);
                r(j, i) = 1 - r(i, j);
            }
        out.row(row) = couple_pairwise_probabilities(r).transpose();
    }
    return out;
}

// ---------------------------------------------------------------------------------------------------
// Validation and JSON

void validate(const SvmModel& m) {
    if (m.n_classes < 2) throw Error("SVM model: needs at least 2 classes");
    if (m.n_classes > 1000) throw Error("SVM model: more than 1,000 classes");
    if (m.n_features < 1) throw Error("SVM model: needs at least one feature");
    validate(m.kernel);
    const int K = m.n_classes;
    const Index P = n_pairs(K);
    if (static_cast<int>(m.n_support.size()) != K)
        throw Error("SVM model: n_support has " + std::to_string(m.n_support.size()) + " entries for " + std::to_string(K) + " classes");
    long long total = 0;
    for (int c : m.n_support) {
        if (c < 0) throw Error("SVM model: negative support-vector count");
        total += c;
    }
    if (m.support_vectors.rows() != total || m.support_vectors.cols() != m.n_features)
        throw Error("SVM model: support_vectors is " + std::to_string(m.support_vectors.rows()) + "×" +
                    std::to_string(m.support_vectors.cols()) + " but n_support sums to " + std::to_string(total) +
                    " and n_features is " + std::to_string(m.n_features));
    if (!m.support.empty() && static_cast<long long>(m.support.size()) != total)
        throw Error("SVM model: support has " + std::to_string(m.support.size()) + " indices for " + std::to_string(total) + " support vectors");
    for (int s : m.support)
        if (s < 0) throw Error("SVM model: negative support index");
    if (m.dual_coef.rows() != K - 1 || m.dual_coef.cols() != total)
        throw Error("SVM model: dual_coef is " + std::to_string(m.dual_coef.rows()) + "×" + std::to_string(m.dual_coef.cols()) +
                    " but should be " + std::to_string(K - 1) + "×" + std::to_string(total));
    if (m.intercept.size() != P)
        throw Error("SVM model: intercept has " + std::to_string(m.intercept.size()) + " values for " + std::to_string(P) + " class pairs");
    if (m.prob_a.size() != m.prob_b.size() || (m.prob_a.size() != 0 && m.prob_a.size() != P))
        throw Error("SVM model: prob_a/prob_b must both be empty or hold one value per class pair");
    if (!m.n_iter.empty() && static_cast<Index>(m.n_iter.size()) != P) throw Error("SVM model: n_iter must hold one count per class pair");
    if (!m.support_vectors.allFinite() || !m.dual_coef.allFinite() || !m.intercept.allFinite() || !m.prob_a.allFinite() ||
        !m.prob_b.allFinite())
        throw Error("SVM model: contains values that are not finite numbers");
}

void to_json(nlohmann::json& j, const SvmModel& m) {
    j = nlohmann::json{{"kernel", m.kernel},
                       {"n_features", m.n_features},
                       {"n_classes", m.n_classes},
                       {"support_vectors", m.support_vectors},
                       {"support", m.support},
                       {"n_support", m.n_support},
                       {"dual_coef", m.dual_coef},
                       {"intercept", m.intercept},
                       {"prob_a", m.prob_a},
                       {"prob_b", m.prob_b},
                       {"n_iter", m.n_iter}};
}

void from_json(const nlohmann::json& j, SvmModel& m) {
    if (!j.is_object()) throw Error("model file: an SVM model must be a JSON object");
    for (const char* key : {"kernel", "n_features", "n_classes", "support_vectors", "n_support", "dual_coef", "intercept"})
        if (!j.contains(key)) throw Error(std::string("model file: the SVM model has no '") + key + "'");
    SvmModel out;
    try {
        out.kernel = j.at("kernel").get<Kernel>();
        out.n_features = j.at("n_features").get<int>();
        out.n_classes = j.at("n_classes").get<int>();
        out.support_vectors = j.at("support_vectors").get<Matrix>();
        if (j.contains("support")) out.support = j.at("support").get<std::vector<int>>();
        out.n_support = j.at("n_support").get<std::vector<int>>();
        out.dual_coef = j.at("dual_coef").get<Matrix>();
        out.intercept = j.at("intercept").get<Vector>();
        if (j.contains("prob_a")) out.prob_a = j.at("prob_a").get<Vector>();
        if (j.contains("prob_b")) out.prob_b = j.at("prob_b").get<Vector>();
        if (j.contains("n_iter")) out.n_iter = j.at("n_iter").get<std::vector<long long>>();
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("model file: the SVM model is malformed (") + e.what() + ")");
    }
    validate(out);
    m = std::move(out);
}

}  // namespace genrelab::classify
