#include "reduce/tsne_gradient.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "reduce/portable_math.hpp"

namespace genrelab::reduce::tsne {

namespace {

constexpr int kBits = 21;          // Morton bits per dimension: at most 21 levels below the root
constexpr int32_t kLeafSize = 8;   // points a leaf visits one by one when it cannot be summarised

// The Student-t kernel for D embedding dimensions (α = D − 1, at least 1).
template <int D>
struct Kernel {
    static constexpr double inv_alpha = D <= 2 ? 1.0 : 1.0 / (D - 1);
    static constexpr double gradient_factor = D <= 2 ? 4.0 : 2.0 * D / (D - 1);  // 2(α+1)/α
    // k = (1 + d²/α)^−1 and w = k^((α+1)/2), for α ∈ {1, 2}.
    static double k(double d2) { return 1.0 / (1.0 + d2 * inv_alpha); }
    static double w(double k) { return D <= 2 ? k : k * std::sqrt(k); }
};

int clz64(uint64_t x) { return __builtin_clzll(x); }  // x ≠ 0; GCC and clang (em++) both provide it

template <int D>
double exact_impl(const RowMatrix& P, const double* Y, Index n, double e, bool compute_error, double* grad) {
    using K = Kernel<D>;
    double z = 0.0;
    for (Index i = 0; i < n; ++i)
        for (Index j = i + 1; j < n; ++j) {
            double d2 = 0.0;
            for (int a = 0; a < D; ++a) {
                const double diff = Y[i * D + a] - Y[j * D + a];
                d2 += diff * diff;
            }
            z += K::w(K::k(d2));
        }
    z *= 2.0;
    std::fill(grad, grad + n * D, 0.0);
    double kl = 0.0;
    const double eps = std::numeric_limits<double>::epsilon();
    for (Index i = 0; i < n; ++i) {
        const double* pi = P.row(i).data();
        for (Index j = i + 1; j < n; ++j) {
            double diff[D];
            double d2 = 0.0;
            for (int a = 0; a < D; ++a) {
                diff[a] = Y[i * D + a] - Y[j * D + a];
                d2 += diff[a] * diff[a];
            }
            const double k = K::k(d2);
            const double q = K::w(k) / z;
            const double pe = e * pi[j];
            const double f = (pe - q) * k;
            for (int a = 0; a < D; ++a) {
                grad[i * D + a] += f * diff[a];
                grad[j * D + a] -= f * diff[a];
            }
            if (compute_error) kl += 2.0 * pe * portable::log(std::max(pe, eps) / std::max(q, eps));
        }
    }
    for (Index t = 0; t < n * D; ++t) grad[t] *= K::gradient_factor;
    return compute_error ? kl : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace

int degrees_of_freedom(int dims) { return std::max(dims - 1, 1); }

double exact_gradient(const RowMatrix& P, const double* Y, Index n, int dims, double exaggeration, bool compute_error,
                      double* grad) {
    if (dims == 2) return exact_impl<2>(P, Y, n, exaggeration, compute_error, grad);
    if (dims == 3) return exact_impl<3>(P, Y, n, exaggeration, compute_error, grad);
    throw Error("t-SNE embeds into 2 or 3 dimensions (got " + std::to_string(dims) + ")");
}

template <int D>
int32_t BarnesHut::build_node(int32_t b, int32_t e, double side) {
    const int32_t me = static_cast<int32_t>(nodes_.size());
    nodes_.emplace_back();
    const uint64_t x = order_[static_cast<size_t>(b)].first ^ order_[static_cast<size_t>(e - 1)].first;
    // The node is the smallest cell holding all its points: their codes share the digits above the
    // highest differing bit. Chains of one-child cells are skipped this way.
    const int digit = x == 0 ? -1 : (63 - clz64(x)) / D;
    const int level = x == 0 ? kBits : kBits - 1 - digit;
    Node nd{};
    nd.begin = b;
    nd.end = e;
    const double width = std::ldexp(side, -level);
    nd.width2 = width * width;
    if (e - b <= kLeafSize || x == 0) {
        nd.leaf = 1;
        for (int32_t s = b; s < e; ++s)
            for (int a = 0; a < D; ++a) nd.com[a] += sorted_[static_cast<size_t>(s) * D + a];
        for (int a = 0; a < D; ++a) nd.com[a] /= static_cast<double>(e - b);
    } else {
        nd.leaf = 0;
        const int shift = digit * D;
        const uint64_t mask = (uint64_t{1} << D) - 1;
        double acc[D] = {};
        int32_t s = b;
        while (s < e) {
            const uint64_t child_digit = (order_[static_cast<size_t>(s)].first >> shift) & mask;
            int32_t t = s + 1;
            while (t < e && ((order_[static_cast<size_t>(t)].first >> shift) & mask) == child_digit) ++t;
            const int32_t child = build_node<D>(s, t, side);
            for (int a = 0; a < D; ++a) acc[a] += nodes_[static_cast<size_t>(child)].com[a] * static_cast<double>(t - s);
            s = t;
        }
        for (int a = 0; a < D; ++a) nd.com[a] = acc[a] / static_cast<double>(e - b);
    }
    nd.skip = static_cast<int32_t>(nodes_.size());
    nodes_[static_cast<size_t>(me)] = nd;
    return me;
}

template <int D>
void BarnesHut::build(const double* Y, Index n) {
    double lo[D], hi[D];
    for (int a = 0; a < D; ++a) lo[a] = hi[a] = Y[a];
    for (Index i = 1; i < n; ++i)
        for (int a = 0; a < D; ++a) {
            lo[a] = std::min(lo[a], Y[i * D + a]);
            hi[a] = std::max(hi[a], Y[i * D + a]);
        }
    double side = 0.0;
    for (int a = 0; a < D; ++a) side = std::max(side, hi[a] - lo[a]);
    if (!(side > 0)) side = 1.0;  // all points coincide
    const double cells = static_cast<double>(uint64_t{1} << kBits);
    const double to_grid = cells / side;
    order_.resize(static_cast<size_t>(n));
    for (Index i = 0; i < n; ++i) {
        uint32_t q[D];
        for (int a = 0; a < D; ++a)
            q[a] = static_cast<uint32_t>(std::min((Y[i * D + a] - lo[a]) * to_grid, cells - 1.0));
        uint64_t code = 0;
        for (int bit = kBits - 1; bit >= 0; --bit)
            for (int a = 0; a < D; ++a) code = (code << 1) | ((q[a] >> bit) & 1u);
        order_[static_cast<size_t>(i)] = {code, static_cast<int32_t>(i)};
    }
    // (code, index) pairs are all distinct, so any correct sort gives this one order.
    std::sort(order_.begin(), order_.end());
    sorted_.resize(static_cast<size_t>(n) * D);
    for (Index s = 0; s < n; ++s)
        for (int a = 0; a < D; ++a)
            sorted_[static_cast<size_t>(s) * D + a] = Y[static_cast<Index>(order_[static_cast<size_t>(s)].second) * D + a];
    nodes_.clear();
    nodes_.reserve(static_cast<size_t>(n));
    build_node<D>(0, static_cast<int32_t>(n), side);
}

template <int D>
double BarnesHut::gradient_impl(const SparseP& P, const double* Y, Index n, double theta, double e,
                                bool compute_error, double* grad) {
    using K = Kernel<D>;
    build<D>(Y, n);
    const double theta2 = theta * theta;
    neg_.assign(static_cast<size_t>(n) * D, 0.0);
    z_part_.assign(static_cast<size_t>(n), 0.0);
    const int32_t n_nodes = static_cast<int32_t>(nodes_.size());
    const Node* nodes = nodes_.data();
    const double* ys = sorted_.data();

    // Repulsion: Σ_j w_ij·k_ij·(y_i − y_j) and Σ_j w_ij, summarising far cells by their centre of mass.
    for (int32_t s = 0; s < static_cast<int32_t>(n); ++s) {
        const double* y = ys + static_cast<size_t>(s) * D;
        double f[D] = {};
        double z = 0.0;
        int32_t idx = 0;
        while (idx < n_nodes) {
            const Node& nd = nodes[idx];
            const bool holds_self = s >= nd.begin && s < nd.end;
            if (!holds_self) {
                double diff[D];
                double d2 = 0.0;
                for (int a = 0; a < D; ++a) {
                    diff[a] = y[a] - nd.com[a];
                    d2 += diff[a] * diff[a];
                }
                if (nd.width2 < theta2 * d2) {
                    const double k = K::k(d2);
                    const double wn = K::w(k) * static_cast<double>(nd.end - nd.begin);
                    z += wn;
                    const double m = wn * k;
                    for (int a = 0; a < D; ++a) f[a] += m * diff[a];
                    idx = nd.skip;
                    continue;
                }
            }
            if (!nd.leaf) {
                ++idx;
                continue;
            }
            for (int32_t t = nd.begin; t < nd.end; ++t) {
                if (t == s) continue;
                const double* yt = ys + static_cast<size_t>(t) * D;
                double diff[D];
                double d2 = 0.0;
                for (int a = 0; a < D; ++a) {
                    diff[a] = y[a] - yt[a];
                    d2 += diff[a] * diff[a];
                }
                const double k = K::k(d2);
                const double w = K::w(k);
                z += w;
                for (int a = 0; a < D; ++a) f[a] += w * k * diff[a];
            }
            idx = nd.skip;
        }
        for (int a = 0; a < D; ++a) neg_[static_cast<size_t>(s) * D + a] = f[a];
        z_part_[static_cast<size_t>(s)] = z;
    }
    double z = 0.0;
    for (Index s = 0; s < n; ++s) z += z_part_[static_cast<size_t>(s)];

    // Attraction over the sparse P: each symmetric pair once (columns are sorted: start after i), with KL
    // on the same pass; then the gradient.
    pos_.assign(static_cast<size_t>(n) * D, 0.0);
    double kl = 0.0;
    const double tiny = std::numeric_limits<double>::min();
    for (Index i = 0; i < n; ++i) {
        const int32_t* cols = P.col.data();
        const int64_t row_end = P.row_start[static_cast<size_t>(i) + 1];
        const int64_t first = std::upper_bound(cols + P.row_start[static_cast<size_t>(i)], cols + row_end,
                                               static_cast<int32_t>(i)) - cols;
        double* pi = pos_.data() + i * D;
        for (int64_t t = first; t < row_end; ++t) {
            const Index j = cols[t];
            double diff[D];
            double d2 = 0.0;
            for (int a = 0; a < D; ++a) {
                diff[a] = Y[i * D + a] - Y[j * D + a];
                d2 += diff[a] * diff[a];
            }
            const double k = K::k(d2);
            const double pe = e * P.val[static_cast<size_t>(t)];
            const double f = pe * k;
            double* pj = pos_.data() + j * D;
            for (int a = 0; a < D; ++a) {
                pi[a] += f * diff[a];
                pj[a] -= f * diff[a];
            }
            if (compute_error) {
                const double q = K::w(k) / z;
                kl += 2.0 * pe * portable::log(std::max(pe, tiny) / std::max(q, tiny));
            }
        }
    }
    for (Index s = 0; s < n; ++s) {
        const Index i = order_[static_cast<size_t>(s)].second;
        for (int a = 0; a < D; ++a)
            grad[i * D + a] = K::gradient_factor * (pos_[static_cast<size_t>(i) * D + a] - neg_[static_cast<size_t>(s) * D + a] / z);
    }
    return compute_error ? kl : std::numeric_limits<double>::quiet_NaN();
}

double BarnesHut::gradient(const SparseP& P, const double* Y, Index n, int dims, double theta, double exaggeration,
                           bool compute_error, double* grad) {
    if (n < 2) throw Error("t-SNE needs at least 2 points");
    if (dims == 2) return gradient_impl<2>(P, Y, n, theta, exaggeration, compute_error, grad);
    if (dims == 3) return gradient_impl<3>(P, Y, n, theta, exaggeration, compute_error, grad);
    throw Error("t-SNE embeds into 2 or 3 dimensions (got " + std::to_string(dims) + ")");
}

double exact_gradient(const RowMatrix& P, const Matrix& Y, double exaggeration, Matrix& grad) {
    const RowMatrix y = Y;
    RowMatrix g(Y.rows(), Y.cols());
    const double kl = exact_gradient(P, y.data(), Y.rows(), static_cast<int>(Y.cols()), exaggeration, true, g.data());
    grad = g;
    return kl;
}

double barnes_hut_gradient(const SparseP& P, const Matrix& Y, double theta, double exaggeration, Matrix& grad) {
    const RowMatrix y = Y;
    RowMatrix g(Y.rows(), Y.cols());
    BarnesHut bh;
    const double kl = bh.gradient(P, y.data(), Y.rows(), static_cast<int>(Y.cols()), theta, exaggeration, true, g.data());
    grad = g;
    return kl;
}

}  // namespace genrelab::reduce::tsne
