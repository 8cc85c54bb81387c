// No FMA contraction: training must give the same bits natively and in wasm (see activation.hpp).
#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

#include "classify/mlp.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <sstream>

#include "classify/mlp_kernels.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"
#include "preprocess/class_weight.hpp"

namespace genrelab::classify {

namespace {

// Work per step of MlpFitter (multiply-adds of forward + backward), and rows per prediction chunk.
constexpr double kStepBudgetMacs = 1e9;
constexpr Index kChunkRows = 1024;
constexpr Index kMaxWidth = 100000;

std::string num(double v) {
    std::ostringstream s;
    s << v;
    return s.str();
}

std::string list(const std::vector<int>& v) {
    std::string s = "[";
    for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + std::to_string(v[i]);
    return s + "]";
}

void require(bool ok, const std::string& message) {
    if (!ok) throw Error(message);
}

void check_range(const char* name, double v, double lo, double hi, bool lo_open, bool hi_open) {
    const bool ok = std::isfinite(v) && (lo_open ? v > lo : v >= lo) && (hi_open ? v < hi : v <= hi);
    if (!ok)
        throw Error(std::string("MLP setting '") + name + "' must be in " + (lo_open ? "(" : "[") + num(lo) + ", " +
                    num(hi) + (hi_open ? ")" : "]") + " (got " + num(v) + ")");
}

void check_hidden(const std::vector<int>& hidden) {
    for (size_t i = 0; i < hidden.size(); ++i) {
        if (hidden[i] < 1)
            throw Error("MLP hidden layer " + std::to_string(i + 1) + " has width " + std::to_string(hidden[i]) +
                        "; every hidden layer needs at least 1 unit (hidden = " + list(hidden) + ")");
        if (hidden[i] > kMaxWidth)
            throw Error("MLP hidden layer " + std::to_string(i + 1) + " has width " + with_thousands(hidden[i]) +
                        "; the limit is " + with_thousands(kMaxWidth) + " units");
    }
}

void check_params(const MlpParams& p) {
    check_hidden(p.hidden);
    check_range("leaky_slope", p.leaky_slope, 0, 1, false, true);
    check_range("learning_rate", p.learning_rate, 0, 1e6, true, false);
    check_range("momentum", p.momentum, 0, 1, false, true);
    check_range("beta1", p.beta1, 0, 1, false, true);
    check_range("beta2", p.beta2, 0, 1, false, true);
    check_range("epsilon", p.epsilon, 0, 1, true, false);
    check_range("weight_decay", p.weight_decay, 0, 1e12, false, false);
    check_range("dropout", p.dropout, 0, 1, false, true);
    check_range("step_factor", p.step_factor, 0, 1, true, false);
    check_range("validation_fraction", p.validation_fraction, 0, 1, false, true);
    require(p.batch_size >= 1, "MLP setting 'batch_size' must be at least 1 (got " + std::to_string(p.batch_size) + ")");
    require(p.epochs >= 1 && p.epochs <= 1000000,
            "MLP setting 'epochs' must be between 1 and 1,000,000 (got " + std::to_string(p.epochs) + ")");
    require(p.step_every >= 1, "MLP setting 'step_every' must be at least 1 (got " + std::to_string(p.step_every) + ")");
    require(p.plateau_patience >= 1,
            "MLP setting 'plateau_patience' must be at least 1 (got " + std::to_string(p.plateau_patience) + ")");
    require(p.early_stopping_patience >= 0, "MLP setting 'early_stopping_patience' must be 0 (off) or more (got " +
                                                std::to_string(p.early_stopping_patience) + ")");
}

void check_finite(const Matrix& X, const char* what) {
    for (Index j = 0; j < X.cols(); ++j)
        for (Index i = 0; i < X.rows(); ++i)
            if (!std::isfinite(X(i, j)))
                throw Error(std::string(what) + " has a " + (std::isnan(X(i, j)) ? "missing (NaN)" : "infinite") +
                            " value at row " + with_thousands(i + 1) + ", column " + std::to_string(j + 1) +
                            "; impute or drop missing values before the MLP");
}

void check_X(const Matrix& X, const char* what) {
    require(X.rows() > 0, std::string(what) + " has no rows");
    require(X.cols() > 0, std::string(what) + " has no columns");
    check_finite(X, what);
}

void check_labels(const Labels& y, Index n_rows, int n_classes) {
    require(static_cast<Index>(y.size()) == n_rows, "the MLP got " + with_thousands(n_rows) + " rows of X but " +
                                                        with_thousands(static_cast<long long>(y.size())) + " labels");
    require(n_classes >= 2, "an MLP classifier needs at least 2 classes (n_classes = " + std::to_string(n_classes) + ")");
    for (size_t i = 0; i < y.size(); ++i)
        if (y[i] < 0 || y[i] >= n_classes)
            throw Error("label " + std::to_string(y[i]) + " at row " + with_thousands(static_cast<long long>(i) + 1) +
                        " is outside 0.." + std::to_string(n_classes - 1) + " (n_classes = " +
                        std::to_string(n_classes) + ")");
}

// The per-class loss weights; `y` (the rows being fitted or scored) is needed only for "balanced".
std::vector<double> class_weights(const MlpParams& p, const Labels& y, int n_classes) {
    if (p.class_weight_balanced) {
        const Vector w = preprocess::balanced_class_weight(y, n_classes);
        return std::vector<double>(w.data(), w.data() + w.size());
    }
    if (p.class_weight.empty()) return std::vector<double>(static_cast<size_t>(n_classes), 1.0);
    require(static_cast<int>(p.class_weight.size()) == n_classes,
            "MLP 'class_weight' has " + std::to_string(p.class_weight.size()) + " weights but there are " +
                std::to_string(n_classes) + " classes");
    for (size_t c = 0; c < p.class_weight.size(); ++c)
        require(std::isfinite(p.class_weight[c]) && p.class_weight[c] >= 0,
                "MLP class weight " + std::to_string(c) + " must be a number ≥ 0 (got " + num(p.class_weight[c]) + ")");
    return p.class_weight;
}

std::vector<Index> layer_widths(int n_inputs, const std::vector<int>& hidden, int n_outputs) {
    std::vector<Index> w{n_inputs};
    for (int h : hidden) w.push_back(h);
    w.push_back(n_outputs);
    return w;
}

// ---- the network in precision S ---------------------------------------------------------------

// All weights and biases in one flat vector θ (layer by layer: W_l row-major fan_in×fan_out, then
// b_l), so the optimizer updates everything in one loop and the gradient has the same layout.
template <class S>
struct Net {
    std::vector<Index> width;  // L+1: inputs, hidden…, outputs
    std::vector<Index> w_off, b_off;
    std::vector<S> theta;
    Activation activation = Activation::Relu;
    S slope = 0;

    int L() const { return static_cast<int>(width.size()) - 1; }
    Index n_params() const { return static_cast<Index>(theta.size()); }
    const S* W(int l) const { return theta.data() + w_off[l]; }  // layer l = 0..L−1
    const S* b(int l) const { return theta.data() + b_off[l]; }

    Net(const std::vector<Index>& widths, Activation a, double leaky_slope)
        : width(widths), activation(a), slope(static_cast<S>(leaky_slope)) {
        Index off = 0;
        for (int l = 0; l < L(); ++l) {
            w_off.push_back(off);
            off += width[l] * width[l + 1];
            b_off.push_back(off);
            off += width[l + 1];
        }
        require(off <= static_cast<Index>(kMaxJsonArray),
                "the MLP would have " + with_thousands(off) + " weights; the limit is " +
                    with_thousands(static_cast<long long>(kMaxJsonArray)));
        theta.assign(static_cast<size_t>(off), S(0));
    }

    // Glorot-uniform, scikit-learn's bounds; weights then biases of each layer, input side first.
    void glorot(Rng& rng) {
        for (int l = 0; l < L(); ++l) {
            const double factor = activation == Activation::Sigmoid ? 2.0 : 6.0;
            const double bound = std::sqrt(factor / static_cast<double>(width[l] + width[l + 1]));
            S* w = theta.data() + w_off[l];
            for (Index i = 0; i < width[l] * width[l + 1]; ++i) w[i] = static_cast<S>(rng.uniform(-bound, bound));
            S* bb = theta.data() + b_off[l];
            for (Index i = 0; i < width[l + 1]; ++i) bb[i] = static_cast<S>(rng.uniform(-bound, bound));
        }
    }

    void load(const std::vector<MlpLayer>& layers) {
        for (int l = 0; l < L(); ++l) {
            S* w = theta.data() + w_off[l];
            const Matrix& M = layers[static_cast<size_t>(l)].weights;
            for (Index r = 0; r < width[l]; ++r)
                for (Index c = 0; c < width[l + 1]; ++c) w[r * width[l + 1] + c] = static_cast<S>(M(r, c));
            S* bb = theta.data() + b_off[l];
            for (Index c = 0; c < width[l + 1]; ++c) bb[c] = static_cast<S>(layers[static_cast<size_t>(l)].biases[c]);
        }
    }

    std::vector<MlpLayer> layers(const std::vector<S>& from) const {
        std::vector<MlpLayer> out(static_cast<size_t>(L()));
        for (int l = 0; l < L(); ++l) {
            const S* w = from.data() + w_off[l];
            Matrix& M = out[static_cast<size_t>(l)].weights;
            M.resize(width[l], width[l + 1]);
            for (Index r = 0; r < width[l]; ++r)
                for (Index c = 0; c < width[l + 1]; ++c) M(r, c) = static_cast<double>(w[r * width[l + 1] + c]);
            Vector& bv = out[static_cast<size_t>(l)].biases;
            bv.resize(width[l + 1]);
            for (Index c = 0; c < width[l + 1]; ++c) bv[c] = static_cast<double>(from[static_cast<size_t>(b_off[l] + c)]);
        }
        return out;
    }

    // Σ‖W_l‖² (biases excluded), in double.
    double weight_sq_norm() const {
        double s = 0;
        for (int l = 0; l < L(); ++l) {
            const S* w = W(l);
            for (Index i = 0; i < width[l] * width[l + 1]; ++i) s += static_cast<double>(w[i]) * static_cast<double>(w[i]);
        }
        return s;
    }
};

// Buffers for up to `cap` rows, allocated once per fit (or per prediction call).
template <class S>
struct Work {
    Index cap = 0;
    std::vector<std::vector<S>> act;   // act[l]: rows × width[l]; act[0] is the input batch
    std::vector<std::vector<S>> pre;   // hidden outputs before dropout (only with dropout)
    std::vector<std::vector<S>> mask;  // dropout masks: 0 or 1/(1−p)
    std::vector<S> d0, d1;             // δ, ping-pong between layers
    std::vector<std::vector<S>> wt;    // W_lᵀ for the backward pass
    std::vector<double> zy, lse;       // per row: the label's score, log Σ exp(z)

    Work(const Net<S>& net, Index rows, bool training, bool dropout) : cap(rows) {
        const int L = net.L();
        zy.assign(static_cast<size_t>(rows), 0.0);
        lse.assign(static_cast<size_t>(rows), 0.0);
        act.resize(static_cast<size_t>(L + 1));
        for (int l = 0; l <= L; ++l) act[static_cast<size_t>(l)].assign(static_cast<size_t>(rows * net.width[l]), S(0));
        if (!training) return;
        Index widest = *std::max_element(net.width.begin(), net.width.end());
        d0.assign(static_cast<size_t>(rows * widest), S(0));
        d1.assign(static_cast<size_t>(rows * widest), S(0));
        wt.resize(static_cast<size_t>(L));
        for (int l = 1; l < L; ++l) wt[static_cast<size_t>(l)].assign(static_cast<size_t>(net.width[l] * net.width[l + 1]), S(0));
        if (dropout) {
            pre.resize(static_cast<size_t>(L));
            mask.resize(static_cast<size_t>(L));
            for (int l = 1; l < L; ++l) {
                pre[static_cast<size_t>(l)].assign(static_cast<size_t>(rows * net.width[l]), S(0));
                mask[static_cast<size_t>(l)].assign(static_cast<size_t>(rows * net.width[l]), S(0));
            }
        }
    }
};

// Forward pass of `rows` rows already in w.act[0]; the output layer's z is left in w.act[L]
// (softmax/identity is the caller's business). With a dropout rng the hidden outputs are masked.
template <class S>
void forward(const Net<S>& net, Work<S>& w, Index rows, Rng* dropout_rng, double dropout) {
    const int L = net.L();
    for (int l = 1; l <= L; ++l) {
        const Index in = net.width[l - 1], out = net.width[l];
        S* a = w.act[static_cast<size_t>(l)].data();
        kernels::gemm<S>(rows, out, in, w.act[static_cast<size_t>(l - 1)].data(), in, 1, net.W(l - 1), out, a, out,
                         net.b(l - 1));
        if (l == L) break;
        const Index n = rows * out;
        activate<S>(net.activation, net.slope, a, n);
        if (dropout_rng && dropout > 0) {
            S* pre = w.pre[static_cast<size_t>(l)].data();
            S* mask = w.mask[static_cast<size_t>(l)].data();
            std::memcpy(pre, a, sizeof(S) * static_cast<size_t>(n));
            // Two 32-bit draws per Rng call; a unit is dropped when its draw < p·2³².
            const uint64_t threshold = static_cast<uint64_t>(std::floor(dropout * 4294967296.0));
            const S keep = static_cast<S>(1.0 / (1.0 - dropout));
            for (Index i = 0; i < n; i += 2) {
                const uint64_t u = dropout_rng->next_u64();
                mask[i] = (u & 0xffffffffu) >= threshold ? keep : S(0);
                if (i + 1 < n) mask[i + 1] = (u >> 32) >= threshold ? keep : S(0);
            }
            for (Index i = 0; i < n; ++i) a[i] = a[i] * mask[i];
        }
    }
}

struct Tally {
    double loss = 0;     // Σ class_weight·CE (classification) or Σ (ŷ−y)² (regression)
    double correct = 0;  // classification: rows whose most probable class is the label
};

// Softmax over the output rows in place, cross-entropy into the tally, and (if delta) the output δ =
// (p − onehot(y))·class_weight[y]·delta_scale.
template <class S>
void classification_output(const Net<S>& net, Work<S>& w, Index rows, const int* labels, const std::vector<double>& cw,
                           double delta_scale, S* delta, Tally& t) {
    const Index K = net.width.back();
    S* z = w.act.back().data();
    for (Index r = 0; r < rows; ++r) w.zy[static_cast<size_t>(r)] = static_cast<double>(z[r * K + labels[r]]);
    softmax_rows<S>(z, rows, K, w.lse.data());
    for (Index r = 0; r < rows; ++r) {
        S* zr = z + r * K;
        const int y = labels[r];
        t.loss += cw[static_cast<size_t>(y)] * (w.lse[static_cast<size_t>(r)] - w.zy[static_cast<size_t>(r)]);
        Index best = 0;
        for (Index j = 1; j < K; ++j)
            if (zr[j] > zr[best]) best = j;
        t.correct += best == y ? 1 : 0;
        if (delta) {
            const S c = static_cast<S>(cw[static_cast<size_t>(y)] * delta_scale);
            S* dr = delta + r * K;
            for (Index j = 0; j < K; ++j) dr[j] = (zr[j] - (j == y ? S(1) : S(0))) * c;
        }
    }
}

// Identity output: squared error into the tally, δ = (ŷ − y)·delta_scale.
template <class S>
void regression_output(const Net<S>& net, Work<S>& w, Index rows, const S* Y, double delta_scale, S* delta, Tally& t) {
    const Index n = rows * net.width.back();
    const S* z = w.act.back().data();
    const S c = static_cast<S>(delta_scale);
    for (Index i = 0; i < n; ++i) {
        const S diff = z[i] - Y[i];
        t.loss += static_cast<double>(diff) * static_cast<double>(diff);
        if (delta) delta[i] = diff * c;
    }
}

// Backpropagation from the output δ in w.d0 to the gradient (same layout as θ); decay_coef is
// weight_decay / rows (the L2 term's gradient coefficient).
template <class S>
void backward(const Net<S>& net, Work<S>& w, Index rows, S* grad, double decay_coef, bool dropout) {
    S* delta = w.d0.data();
    S* other = w.d1.data();
    for (int l = net.L(); l >= 1; --l) {
        const Index in = net.width[l - 1], out = net.width[l];
        const S* a_in = w.act[static_cast<size_t>(l - 1)].data();
        S* gW = grad + net.w_off[l - 1];
        kernels::gemm<S>(in, out, rows, a_in, 1, in, delta, out, gW, out, nullptr);
        if (decay_coef > 0) {
            const S c = static_cast<S>(decay_coef);
            const S* Wl = net.W(l - 1);
            for (Index i = 0; i < in * out; ++i) gW[i] = gW[i] + c * Wl[i];
        }
        kernels::column_sums<S>(rows, out, delta, out, grad + net.b_off[l - 1]);
        if (l == 1) break;
        S* wt = w.wt[static_cast<size_t>(l - 1)].data();
        kernels::transpose<S>(in, out, net.W(l - 1), out, wt, in);
        kernels::gemm<S>(rows, in, out, delta, out, 1, wt, in, other, in, nullptr);
        const Index n = rows * in;
        if (dropout) {
            const S* mask = w.mask[static_cast<size_t>(l - 1)].data();
            for (Index i = 0; i < n; ++i) other[i] = other[i] * mask[i];
            activation_backward<S>(net.activation, net.slope, w.pre[static_cast<size_t>(l - 1)].data(), other, n);
        } else {
            activation_backward<S>(net.activation, net.slope, a_in, other, n);
        }
        std::swap(delta, other);
    }
}

// X (n×d, column-major double) rows [r0, r0+rows) → row-major S buffer.
template <class S>
void copy_rows(const Matrix& X, Index r0, Index rows, S* out) {
    const Index d = X.cols();
    for (Index j = 0; j < d; ++j) {
        const double* col = X.data() + j * X.rows() + r0;
        for (Index r = 0; r < rows; ++r) out[r * d + j] = static_cast<S>(col[r]);
    }
}

template <class S>
std::vector<S> gather_rows(const Matrix& X, const std::vector<Index>& rows) {
    const Index d = X.cols();
    std::vector<S> out(rows.size() * static_cast<size_t>(d));
    for (Index j = 0; j < d; ++j)
        for (size_t r = 0; r < rows.size(); ++r) out[r * static_cast<size_t>(d) + static_cast<size_t>(j)] = static_cast<S>(X(rows[r], j));
    return out;
}

bool is_classifier(const MlpModel& m) { return m.params.task == MlpTask::Classification; }

void check_initial(const MlpModel& init, int n_inputs, const std::vector<int>& hidden, int n_outputs, MlpTask task) {
    validate(init);
    require(init.params.task == task, std::string("the initial MLP is a ") +
                                          (init.params.task == MlpTask::Regression ? "regressor" : "classifier") +
                                          " but a " + (task == MlpTask::Regression ? "regressor" : "classifier") +
                                          " is being trained");
    require(init.n_inputs == n_inputs, "the initial MLP takes " + std::to_string(init.n_inputs) +
                                           " inputs but X has " + std::to_string(n_inputs) + " columns");
    require(init.params.hidden == hidden, "the initial MLP has hidden layers " + list(init.params.hidden) +
                                              " but the settings ask for " + list(hidden));
    require(init.n_outputs == n_outputs, "the initial MLP has " + std::to_string(init.n_outputs) +
                                             " outputs but " + std::to_string(n_outputs) + " are needed");
}

}  // namespace

// ---- the fitter ---------------------------------------------------------------------------------

struct MlpFitter::Impl {
    MlpParams p;
    MlpHistory history;
    std::vector<Index> val_rows;
    int n_inputs = 0, n_outputs = 0, n_classes = 0;
    Index n_train = 0, n_val = 0, batch = 1, pos = 0, batches_per_step = 1;
    int epoch = 0;
    bool in_epoch = false, done = false;

    virtual ~Impl() = default;
    virtual void step() = 0;
    virtual MlpModel result() const = 0;
};

namespace {

template <class S>
struct Trainer final : MlpFitter::Impl {
    Net<S> net;
    OptimizerState<S> opt;
    Work<S> work;
    std::vector<S> grad, best_theta;
    std::vector<S> Xtr, Xval, Ytr, Yval;  // row-major
    std::vector<int> ytr, yval, batch_labels;
    std::vector<S> batch_Y;
    std::vector<Index> order;
    std::vector<double> cw;
    Rng shuffle_rng, dropout_rng;
    Tally tally;
    double lr = 0, monitored_best = 0, plateau_best = 0;
    int wait = 0, plateau_wait = 0;

    static Index work_rows(const MlpParams& p, Index n_train, Index n_val) {
        return std::max(std::min<Index>(p.batch_size, n_train), std::min(n_val, kChunkRows));
    }

    // Buffers and optimizer; make_trainer then fills in the split, the copied rows and the weights.
    Trainer(const MlpParams& params, const std::vector<Index>& widths, Index n_tr, Index n_v, Rng& master)
        : net(widths, params.activation, params.leaky_slope),
          opt(OptimizerSettings{params.optimizer, params.momentum, params.beta1, params.beta2, params.epsilon},
              net.n_params()),
          work(net, work_rows(params, n_tr, n_v), true, params.dropout > 0),
          shuffle_rng(master.split()),
          dropout_rng(master.split()) {
        p = params;
        n_train = n_tr;
        n_val = n_v;
        batch = std::min<Index>(p.batch_size, n_train);
        grad.assign(static_cast<size_t>(net.n_params()), S(0));
        order.resize(static_cast<size_t>(n_train));
        std::iota(order.begin(), order.end(), Index{0});
        double macs_per_row = 0;
        for (int l = 0; l < net.L(); ++l) macs_per_row += 3.0 * static_cast<double>(net.width[l] * net.width[l + 1]);
        batches_per_step = std::max<Index>(1, static_cast<Index>(kStepBudgetMacs / (macs_per_row * static_cast<double>(batch))));
        lr = p.learning_rate;
    }

    void start_epoch() {
        if (p.shuffle) shuffle_rng.shuffle(order);
        if (p.schedule == MlpSchedule::StepDecay && epoch > 0 && epoch % p.step_every == 0) lr *= p.step_factor;
        tally = Tally{};
        pos = 0;
        in_epoch = true;
    }

    void train_batch(Index start, Index rows) {
        const Index d = n_inputs;
        S* x = work.act[0].data();
        for (Index r = 0; r < rows; ++r) {
            const Index i = order[static_cast<size_t>(start + r)];
            std::memcpy(x + r * d, Xtr.data() + i * d, sizeof(S) * static_cast<size_t>(d));
        }
        forward<S>(net, work, rows, p.dropout > 0 ? &dropout_rng : nullptr, p.dropout);
        const double scale = 1.0 / static_cast<double>(rows);
        if (n_classes > 0) {
            for (Index r = 0; r < rows; ++r) batch_labels[static_cast<size_t>(r)] = ytr[static_cast<size_t>(order[static_cast<size_t>(start + r)])];
            classification_output<S>(net, work, rows, batch_labels.data(), cw, scale, work.d0.data(), tally);
        } else {
            const Index o = n_outputs;
            for (Index r = 0; r < rows; ++r)
                std::memcpy(batch_Y.data() + r * o, Ytr.data() + order[static_cast<size_t>(start + r)] * o, sizeof(S) * static_cast<size_t>(o));
            regression_output<S>(net, work, rows, batch_Y.data(), scale, work.d0.data(), tally);
        }
        backward<S>(net, work, rows, grad.data(), p.weight_decay * scale, p.dropout > 0);
        opt.update(net.theta.data(), grad.data(), lr);
    }

    // Loss and accuracy on the validation rows, computed exactly as predict does.
    Tally evaluate() {
        Tally t;
        const Index d = n_inputs, o = n_outputs;
        for (Index r0 = 0; r0 < n_val; r0 += work.cap) {
            const Index rows = std::min(work.cap, n_val - r0);
            std::memcpy(work.act[0].data(), Xval.data() + r0 * d, sizeof(S) * static_cast<size_t>(rows * d));
            forward<S>(net, work, rows, nullptr, 0);
            if (n_classes > 0)
                classification_output<S>(net, work, rows, yval.data() + r0, cw, 0, nullptr, t);
            else
                regression_output<S>(net, work, rows, Yval.data() + r0 * o, 0, nullptr, t);
        }
        return t;
    }

    void end_epoch() {
        in_epoch = false;
        const double per = n_classes > 0 ? 1.0 : static_cast<double>(n_outputs);
        const double train_loss = tally.loss / (static_cast<double>(n_train) * per);
        if (!std::isfinite(train_loss))
            throw Error("MLP training diverged: the training loss became " + std::string(std::isnan(train_loss) ? "NaN" : "infinite") +
                        " in epoch " + std::to_string(epoch + 1) +
                        "; lower the learning rate or standardize the features");
        history.train_loss.push_back(train_loss);
        if (n_classes > 0) history.train_accuracy.push_back(tally.correct / static_cast<double>(n_train));
        history.learning_rate.push_back(lr);
        double monitored = train_loss;
        if (n_val > 0) {
            const Tally v = evaluate();
            const double val_loss = v.loss / (static_cast<double>(n_val) * per);
            if (!std::isfinite(val_loss))
                throw Error("MLP training diverged: the validation loss became infinite or NaN in epoch " +
                            std::to_string(epoch + 1) + "; lower the learning rate or standardize the features");
            history.val_loss.push_back(val_loss);
            if (n_classes > 0) history.val_accuracy.push_back(v.correct / static_cast<double>(n_val));
            monitored = val_loss;
        }
        const bool early = p.early_stopping_patience > 0;
        if (epoch == 0 || monitored < monitored_best) {
            monitored_best = monitored;
            history.best_epoch = epoch;
            history.best_loss = monitored;
            wait = 0;
            if (early) best_theta = net.theta;
        } else {
            ++wait;
        }
        if (p.schedule == MlpSchedule::ReduceOnPlateau) {
            if (epoch == 0 || monitored < plateau_best) {
                plateau_best = monitored;
                plateau_wait = 0;
            } else if (++plateau_wait >= p.plateau_patience) {
                lr *= p.step_factor;
                plateau_wait = 0;
            }
        }
        ++epoch;
        if (early && wait >= p.early_stopping_patience && epoch < p.epochs) {
            history.stopped_early = true;
            done = true;
        }
        if (epoch >= p.epochs) done = true;
        if (done && early) net.theta = best_theta;
    }

    void step() override {
        if (done) return;
        if (!in_epoch) start_epoch();
        for (Index b = 0; b < batches_per_step && pos < n_train; ++b) {
            const Index rows = std::min(batch, n_train - pos);
            train_batch(pos, rows);
            pos += rows;
        }
        if (pos >= n_train) end_epoch();
    }

    MlpModel result() const override {
        MlpModel m;
        m.params = p;
        m.n_inputs = n_inputs;
        m.n_outputs = n_outputs;
        m.n_classes = n_classes;
        m.layers = net.layers(net.theta);
        m.history = history;
        return m;
    }
};

// Seeded, stratified hold-out: per class (in class order) a shuffled validation_fraction of its rows,
// rounded, keeping at least one row of each class for training.
std::vector<Index> validation_split(const MlpParams& p, Index n, const Labels* y, int n_classes, Rng& rng) {
    std::vector<Index> val;
    if (p.validation_fraction <= 0) return val;
    auto take = [&](std::vector<Index>& rows) {
        const Index m = static_cast<Index>(rows.size());
        if (m == 0) return;
        rng.shuffle(rows);
        const Index k = std::min(m - 1, static_cast<Index>(std::floor(p.validation_fraction * static_cast<double>(m) + 0.5)));
        val.insert(val.end(), rows.begin(), rows.begin() + k);
    };
    if (y) {
        std::vector<std::vector<Index>> by_class(static_cast<size_t>(n_classes));
        for (Index i = 0; i < n; ++i) by_class[static_cast<size_t>((*y)[static_cast<size_t>(i)])].push_back(i);
        for (auto& rows : by_class) take(rows);
    } else {
        std::vector<Index> rows(static_cast<size_t>(n));
        std::iota(rows.begin(), rows.end(), Index{0});
        take(rows);
    }
    std::sort(val.begin(), val.end());
    require(!val.empty(), "validation_fraction = " + num(p.validation_fraction) + " of " + with_thousands(n) +
                              " rows leaves no validation rows; raise it or set it to 0");
    return val;
}

std::vector<Index> complement(Index n, const std::vector<Index>& sorted_subset) {
    std::vector<Index> out;
    out.reserve(static_cast<size_t>(n) - sorted_subset.size());
    size_t k = 0;
    for (Index i = 0; i < n; ++i) {
        if (k < sorted_subset.size() && sorted_subset[k] == i) {
            ++k;
            continue;
        }
        out.push_back(i);
    }
    return out;
}

template <class S>
std::unique_ptr<MlpFitter::Impl> make_trainer(const MlpParams& params, const Matrix& X, const Labels* y, const Matrix* Y,
                                              int n_classes, const MlpModel* initial) {
    const Index n = X.rows();
    const int n_outputs = y ? n_classes : static_cast<int>(Y->cols());
    Rng master(params.seed);
    Rng init_rng = master.split();
    Rng split_rng = master.split();
    std::vector<Index> val = validation_split(params, n, y, n_classes, split_rng);
    std::vector<Index> train = complement(n, val);
    auto t = std::make_unique<Trainer<S>>(params, layer_widths(static_cast<int>(X.cols()), params.hidden, n_outputs),
                                          static_cast<Index>(train.size()), static_cast<Index>(val.size()), master);
    t->val_rows = val;
    t->n_inputs = static_cast<int>(X.cols());
    t->n_outputs = n_outputs;
    t->n_classes = y ? n_classes : 0;
    t->Xtr = gather_rows<S>(X, train);
    t->Xval = gather_rows<S>(X, val);
    if (y) {
        t->cw = class_weights(params, *y, n_classes);
        for (Index i : train) t->ytr.push_back((*y)[static_cast<size_t>(i)]);
        for (Index i : val) t->yval.push_back((*y)[static_cast<size_t>(i)]);
        t->batch_labels.resize(static_cast<size_t>(t->batch));
    } else {
        t->Ytr = gather_rows<S>(*Y, train);
        t->Yval = gather_rows<S>(*Y, val);
        t->batch_Y.resize(static_cast<size_t>(t->batch * n_outputs));
    }
    if (initial)
        t->net.load(initial->layers);
    else
        t->net.glorot(init_rng);
    return t;
}

std::unique_ptr<MlpFitter::Impl> make_fitter(MlpParams params, const Matrix& X, const Labels* y, const Matrix* Y,
                                             int n_classes, const MlpModel* initial) {
    params.task = y ? MlpTask::Classification : MlpTask::Regression;
    check_params(params);
    check_X(X, "X");
    if (y) {
        check_labels(*y, X.rows(), n_classes);
        class_weights(params, *y, n_classes);
    } else {
        require(Y->rows() == X.rows(), "the MLP regressor got " + with_thousands(X.rows()) + " rows of X but " +
                                           with_thousands(Y->rows()) + " rows of targets");
        require(Y->cols() >= 1, "the MLP regressor needs at least one target column");
        require(params.class_weight.empty() && !params.class_weight_balanced, "class_weight applies to classification only, not to the MLP regressor");
        check_finite(*Y, "the target matrix Y");
    }
    const int n_outputs = y ? n_classes : static_cast<int>(Y->cols());
    if (initial) check_initial(*initial, static_cast<int>(X.cols()), params.hidden, n_outputs, params.task);
    if (params.float32) return make_trainer<float>(params, X, y, Y, n_classes, initial);
    return make_trainer<double>(params, X, y, Y, n_classes, initial);
}

}  // namespace

MlpFitter::MlpFitter(const MlpParams& params, const Matrix& X, const Labels& y, int n_classes, const MlpModel* initial)
    : impl_(make_fitter(params, X, &y, nullptr, n_classes, initial)) {}

MlpFitter::MlpFitter(const MlpParams& params, const Matrix& X, const Matrix& Y, const MlpModel* initial)
    : impl_(make_fitter(params, X, nullptr, &Y, 0, initial)) {}

MlpFitter::~MlpFitter() = default;

bool MlpFitter::step() {
    impl_->step();
    return impl_->done;
}

double MlpFitter::fraction() const {
    if (impl_->done) return 1.0;
    const double within = impl_->in_epoch ? static_cast<double>(impl_->pos) / static_cast<double>(impl_->n_train) : 0.0;
    return (impl_->epoch + within) / impl_->p.epochs;
}

std::string MlpFitter::stage() const {
    const int shown = std::min(impl_->epoch + (impl_->in_epoch ? 1 : 0), impl_->p.epochs);
    return "MLP epoch " + std::to_string(std::max(shown, 1)) + "/" + std::to_string(impl_->p.epochs);
}

const MlpHistory& MlpFitter::history() const { return impl_->history; }
int MlpFitter::epochs_done() const { return impl_->epoch; }
const std::vector<Index>& MlpFitter::validation_rows() const { return impl_->val_rows; }
MlpModel MlpFitter::result() const { return impl_->result(); }

MlpModel fit(const MlpParams& params, const Matrix& X, const Labels& y, int n_classes, Progress& progress) {
    MlpFitter f(params, X, y, n_classes);
    f.run(progress);
    return f.result();
}

MlpModel fit(const MlpParams& params, const Matrix& X, const Labels& y, int n_classes, const MlpModel& initial,
             Progress& progress) {
    MlpFitter f(params, X, y, n_classes, &initial);
    f.run(progress);
    return f.result();
}

MlpModel fit_regressor(const MlpParams& params, const Matrix& X, const Matrix& Y, Progress& progress) {
    MlpFitter f(params, X, Y);
    f.run(progress);
    return f.result();
}

MlpModel fit_regressor(const MlpParams& params, const Matrix& X, const Matrix& Y, const MlpModel& initial,
                       Progress& progress) {
    MlpFitter f(params, X, Y, &initial);
    f.run(progress);
    return f.result();
}

// ---- prediction -----------------------------------------------------------------------------------

namespace {

// Runs the network over X in chunks; `emit(r0, rows, z)` receives the raw output layer z (rows×K).
template <class S, class Emit>
void forward_chunks(const MlpModel& model, const Matrix& X, Emit emit) {
    Net<S> net(layer_widths(model.n_inputs, model.params.hidden, model.n_outputs), model.params.activation,
               model.params.leaky_slope);
    net.load(model.layers);
    const Index n = X.rows();
    Work<S> work(net, std::min(n, kChunkRows), false, false);
    for (Index r0 = 0; r0 < n; r0 += work.cap) {
        const Index rows = std::min(work.cap, n - r0);
        copy_rows<S>(X, r0, rows, work.act[0].data());
        forward<S>(net, work, rows, nullptr, 0);
        emit(r0, rows, work.act.back().data());
    }
}

void check_predict_input(const MlpModel& model, const Matrix& X) {
    validate(model);
    require(X.cols() == model.n_inputs, "X has " + std::to_string(X.cols()) + " columns but the MLP was fitted on " +
                                            std::to_string(model.n_inputs));
    check_finite(X, "X");
}

template <class S>
Matrix proba_impl(const MlpModel& model, const Matrix& X) {
    const Index K = model.n_outputs;
    Matrix P(X.rows(), K);
    forward_chunks<S>(model, X, [&](Index r0, Index rows, S* z) {
        softmax_rows<S>(z, rows, K, nullptr);
        for (Index r = 0; r < rows; ++r)
            for (Index j = 0; j < K; ++j) P(r0 + r, j) = static_cast<double>(z[r * K + j]);
    });
    return P;
}

template <class S>
Matrix values_impl(const MlpModel& model, const Matrix& X) {
    const Index K = model.n_outputs;
    Matrix V(X.rows(), K);
    forward_chunks<S>(model, X, [&](Index r0, Index rows, S* z) {
        for (Index r = 0; r < rows; ++r)
            for (Index j = 0; j < K; ++j) V(r0 + r, j) = static_cast<double>(z[r * K + j]);
    });
    return V;
}

}  // namespace

Matrix predict_proba(const MlpModel& model, const Matrix& X) {
    check_predict_input(model, X);
    require(is_classifier(model), "this MLP is a regressor: use predict_values, not predict_proba");
    return model.params.float32 ? proba_impl<float>(model, X) : proba_impl<double>(model, X);
}

Labels predict(const MlpModel& model, const Matrix& X) {
    const Matrix P = predict_proba(model, X);
    Labels out(static_cast<size_t>(P.rows()));
    for (Index i = 0; i < P.rows(); ++i) {
        Index best = 0;
        for (Index j = 1; j < P.cols(); ++j)
            if (P(i, j) > P(i, best)) best = j;
        out[static_cast<size_t>(i)] = static_cast<int>(best);
    }
    return out;
}

Matrix predict_values(const MlpModel& model, const Matrix& X) {
    check_predict_input(model, X);
    require(!is_classifier(model), "this MLP is a classifier: use predict_proba or predict, not predict_values");
    return model.params.float32 ? values_impl<float>(model, X) : values_impl<double>(model, X);
}

// ---- gradient -----------------------------------------------------------------------------------

namespace {

template <class S>
MlpGradient gradient_impl(const MlpModel& model, const Matrix& X, const Labels* y, const Matrix* Y) {
    Net<S> net(layer_widths(model.n_inputs, model.params.hidden, model.n_outputs), model.params.activation,
               model.params.leaky_slope);
    net.load(model.layers);
    const Index n = X.rows();
    Work<S> work(net, n, true, false);
    copy_rows<S>(X, 0, n, work.act[0].data());
    forward<S>(net, work, n, nullptr, 0);
    const double scale = 1.0 / static_cast<double>(n);
    Tally t;
    double data_loss;
    if (y) {
        const std::vector<double> cw = class_weights(model.params, *y, model.n_classes);
        classification_output<S>(net, work, n, y->data(), cw, scale, work.d0.data(), t);
        data_loss = t.loss * scale;
    } else {
        std::vector<S> ys(static_cast<size_t>(n * model.n_outputs));
        copy_rows<S>(*Y, 0, n, ys.data());
        regression_output<S>(net, work, n, ys.data(), scale, work.d0.data(), t);
        data_loss = 0.5 * t.loss * scale;
    }
    std::vector<S> grad(static_cast<size_t>(net.n_params()));
    backward<S>(net, work, n, grad.data(), model.params.weight_decay * scale, false);
    MlpGradient g;
    g.loss = data_loss + 0.5 * model.params.weight_decay * scale * net.weight_sq_norm();
    for (auto& layer : net.layers(grad)) {
        g.weights.push_back(std::move(layer.weights));
        g.biases.push_back(std::move(layer.biases));
    }
    return g;
}

}  // namespace

MlpGradient mlp_loss_and_gradient(const MlpModel& model, const Matrix& X, const Labels& y) {
    check_predict_input(model, X);
    require(is_classifier(model), "mlp_loss_and_gradient needs a classifier; use mlp_regression_loss_and_gradient");
    check_labels(y, X.rows(), model.n_classes);
    return model.params.float32 ? gradient_impl<float>(model, X, &y, nullptr) : gradient_impl<double>(model, X, &y, nullptr);
}

MlpGradient mlp_regression_loss_and_gradient(const MlpModel& model, const Matrix& X, const Matrix& Y) {
    check_predict_input(model, X);
    require(!is_classifier(model), "mlp_regression_loss_and_gradient needs a regressor");
    require(Y.rows() == X.rows() && Y.cols() == model.n_outputs,
            "Y must be " + with_thousands(X.rows()) + "×" + std::to_string(model.n_outputs) + " (got " +
                with_thousands(Y.rows()) + "×" + std::to_string(Y.cols()) + ")");
    check_finite(Y, "the target matrix Y");
    return model.params.float32 ? gradient_impl<float>(model, X, nullptr, &Y) : gradient_impl<double>(model, X, nullptr, &Y);
}

// ---- model checks and JSON ------------------------------------------------------------------------

void validate(const MlpModel& m) {
    const std::string where = "MLP model: ";
    require(m.n_inputs >= 1, where + "n_inputs must be at least 1 (got " + std::to_string(m.n_inputs) + ")");
    require(m.n_outputs >= 1, where + "n_outputs must be at least 1 (got " + std::to_string(m.n_outputs) + ")");
    if (m.params.task == MlpTask::Classification)
        require(m.n_classes >= 2 && m.n_classes == m.n_outputs,
                where + "a classifier needs n_classes = n_outputs ≥ 2 (got n_classes = " + std::to_string(m.n_classes) +
                    ", n_outputs = " + std::to_string(m.n_outputs) + ")");
    else
        require(m.n_classes == 0, where + "a regressor has n_classes = 0 (got " + std::to_string(m.n_classes) + ")");
    check_hidden(m.params.hidden);
    require(std::isfinite(m.params.leaky_slope), where + "leaky_slope is not a finite number");
    const std::vector<Index> w = layer_widths(m.n_inputs, m.params.hidden, m.n_outputs);
    require(m.layers.size() + 1 == w.size(), where + "expected " + std::to_string(w.size() - 1) + " layers (hidden " +
                                                 list(m.params.hidden) + " plus the output layer) but found " +
                                                 std::to_string(m.layers.size()));
    for (size_t l = 0; l < m.layers.size(); ++l) {
        const MlpLayer& L = m.layers[l];
        require(L.weights.rows() == w[l] && L.weights.cols() == w[l + 1],
                where + "layer " + std::to_string(l + 1) + " weights are " + std::to_string(L.weights.rows()) + "×" +
                    std::to_string(L.weights.cols()) + " but should be " + std::to_string(w[l]) + "×" +
                    std::to_string(w[l + 1]));
        require(L.biases.size() == w[l + 1], where + "layer " + std::to_string(l + 1) + " has " +
                                                 std::to_string(L.biases.size()) + " biases but should have " +
                                                 std::to_string(w[l + 1]));
        require(L.weights.allFinite() && L.biases.allFinite(),
                where + "layer " + std::to_string(l + 1) + " has a weight that is not a finite number");
    }
}

void to_json(nlohmann::json& j, const MlpModel& m) {
    j = nlohmann::json{{"params", m.params},       {"n_inputs", m.n_inputs}, {"n_outputs", m.n_outputs},
                       {"n_classes", m.n_classes}, {"layers", m.layers},     {"history", m.history}};
}

void from_json(const nlohmann::json& j, MlpModel& m) {
    try {
        if (!j.is_object()) throw Error("MLP model: expected a JSON object");
        MlpModel out;
        out.params = j.at("params").get<MlpParams>();
        out.n_inputs = j.at("n_inputs").get<int>();
        out.n_outputs = j.at("n_outputs").get<int>();
        out.n_classes = j.at("n_classes").get<int>();
        const auto& layers = j.at("layers");
        if (!layers.is_array() || layers.size() > 10000) throw Error("MLP model: 'layers' must be a list of layers");
        out.layers = layers.get<std::vector<MlpLayer>>();
        if (j.contains("history")) out.history = j.at("history").get<MlpHistory>();
        validate(out);
        m = std::move(out);
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("MLP model: the file is malformed (") + e.what() + ")");
    }
}

}  // namespace genrelab::classify
