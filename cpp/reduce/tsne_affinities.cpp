#include "reduce/tsne_affinities.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "reduce/portable_math.hpp"

namespace genrelab::reduce::tsne {

void squared_distances_from(const Matrix& X, Index i, double* out) {
    const Index n = X.rows(), d = X.cols();
    std::fill(out, out + n, 0.0);
    for (Index c = 0; c < d; ++c) {
        const double* col = X.col(c).data();
        const double xi = col[i];
        for (Index j = 0; j < n; ++j) {
            const double diff = col[j] - xi;
            out[j] += diff * diff;
        }
    }
}

double conditional_row(const double* sqdist, Index m, Index skip, double perplexity, double* p, double tol,
                       int max_steps) {
    const double desired_entropy = portable::log(perplexity);
    const double inf = std::numeric_limits<double>::infinity();
    double beta = 1.0, beta_min = -inf, beta_max = inf;
    for (int step = 0; step < max_steps; ++step) {
        double sum = 0.0;
        for (Index j = 0; j < m; ++j) {
            p[j] = j == skip ? 0.0 : portable::exp(-sqdist[j] * beta);
            sum += p[j];
        }
        if (sum == 0.0) sum = 1e-8;  // sklearn's EPSILON_DBL: every neighbour is infinitely far at this β
        double sum_dp = 0.0;
        for (Index j = 0; j < m; ++j) {
            p[j] /= sum;
            sum_dp += sqdist[j] * p[j];
        }
        const double entropy = portable::log(sum) + beta * sum_dp;
        const double diff = entropy - desired_entropy;
        if (std::fabs(diff) <= tol) break;
        if (diff > 0) {  // too flat: narrow the Gaussian
            beta_min = beta;
            beta = beta_max == inf ? beta * 2.0 : (beta + beta_max) / 2.0;
        } else {
            beta_max = beta;
            beta = beta_min == -inf ? beta / 2.0 : (beta + beta_min) / 2.0;
        }
    }
    return beta;
}

RowMatrix conditional_probabilities(const Matrix& X, double perplexity) {
    const Index n = X.rows();
    RowMatrix P(n, n);
    std::vector<double> dist(static_cast<size_t>(n));
    for (Index i = 0; i < n; ++i) {
        squared_distances_from(X, i, dist.data());
        conditional_row(dist.data(), n, i, perplexity, P.row(i).data());
    }
    return P;
}

void symmetrize_dense(RowMatrix& P) {
    const Index n = P.rows();
    double total = 0.0;
    for (Index i = 0; i < n; ++i)
        for (Index j = i + 1; j < n; ++j) {
            const double v = P(i, j) + P(j, i);
            P(i, j) = v;
            P(j, i) = v;
            total += 2.0 * v;
        }
    total = std::max(total, std::numeric_limits<double>::epsilon());
    const double floor = std::numeric_limits<double>::epsilon();
    for (Index i = 0; i < n; ++i)
        for (Index j = 0; j < n; ++j) P(i, j) = i == j ? 0.0 : std::max(P(i, j) / total, floor);
}

Neighbours make_neighbours(Index n, Index k) {
    Neighbours nb;
    nb.n = n;
    nb.k = k;
    nb.index.assign(static_cast<size_t>(n * k), 0);
    nb.sqdist.assign(static_cast<size_t>(n * k), 0.0);
    return nb;
}

void find_neighbours(const Matrix& X, Index begin, Index end, Neighbours& nb, std::vector<double>& scratch) {
    const Index n = X.rows(), k = nb.k;
    scratch.resize(static_cast<size_t>(n));
    using Entry = std::pair<double, int32_t>;  // (squared distance, index): compared as a strict total order
    std::vector<Entry> heap;
    heap.reserve(static_cast<size_t>(k));
    for (Index i = begin; i < end; ++i) {
        squared_distances_from(X, i, scratch.data());
        heap.clear();
        for (Index j = 0; j < n; ++j) {
            if (j == i) continue;
            const Entry e{scratch[static_cast<size_t>(j)], static_cast<int32_t>(j)};
            if (static_cast<Index>(heap.size()) < k) {
                heap.push_back(e);
                std::push_heap(heap.begin(), heap.end());
            } else if (e < heap.front()) {
                std::pop_heap(heap.begin(), heap.end());
                heap.back() = e;
                std::push_heap(heap.begin(), heap.end());
            }
        }
        std::sort_heap(heap.begin(), heap.end());
        for (Index t = 0; t < k; ++t) {
            nb.index[static_cast<size_t>(i * k + t)] = heap[static_cast<size_t>(t)].second;
            nb.sqdist[static_cast<size_t>(i * k + t)] = heap[static_cast<size_t>(t)].first;
        }
    }
}

SparseP symmetrize_sparse(const Neighbours& nb, const std::vector<double>& cond) {
    const Index n = nb.n, k = nb.k;
    // Gather (column, value) per row from both directions, then merge duplicate columns per row.
    std::vector<int64_t> count(static_cast<size_t>(n) + 1, 0);
    for (Index i = 0; i < n; ++i)
        for (Index t = 0; t < k; ++t) {
            ++count[static_cast<size_t>(i)];
            ++count[static_cast<size_t>(nb.index[static_cast<size_t>(i * k + t)])];
        }
    std::vector<int64_t> start(static_cast<size_t>(n) + 1, 0);
    for (Index i = 0; i < n; ++i) start[static_cast<size_t>(i) + 1] = start[static_cast<size_t>(i)] + count[static_cast<size_t>(i)];
    std::vector<std::pair<int32_t, double>> entries(static_cast<size_t>(start[static_cast<size_t>(n)]));
    std::vector<int64_t> fill(start.begin(), start.end() - 1);
    for (Index i = 0; i < n; ++i)
        for (Index t = 0; t < k; ++t) {
            const int32_t j = nb.index[static_cast<size_t>(i * k + t)];
            const double v = cond[static_cast<size_t>(i * k + t)];
            entries[static_cast<size_t>(fill[static_cast<size_t>(i)]++)] = {j, v};
            entries[static_cast<size_t>(fill[static_cast<size_t>(j)]++)] = {static_cast<int32_t>(i), v};
        }
    SparseP P;
    P.n = n;
    P.row_start.assign(static_cast<size_t>(n) + 1, 0);
    P.col.reserve(entries.size());
    P.val.reserve(entries.size());
    for (Index i = 0; i < n; ++i) {
        auto first = entries.begin() + start[static_cast<size_t>(i)];
        auto last = entries.begin() + start[static_cast<size_t>(i) + 1];
        // Columns repeat at most twice (p_{j|i} and p_{i|j}); a + b is commutative, so the order of
        // equal columns does not change the sum.
        std::sort(first, last, [](const auto& a, const auto& b) { return a.first < b.first; });
        for (auto it = first; it != last; ++it) {
            if (!P.col.empty() && static_cast<int64_t>(P.col.size()) > P.row_start[static_cast<size_t>(i)] &&
                P.col.back() == it->first)
                P.val.back() += it->second;
            else {
                P.col.push_back(it->first);
                P.val.push_back(it->second);
            }
        }
        P.row_start[static_cast<size_t>(i) + 1] = static_cast<int64_t>(P.col.size());
    }
    double total = 0.0;
    for (double v : P.val) total += v;
    total = std::max(total, std::numeric_limits<double>::epsilon());
    for (double& v : P.val) v /= total;
    return P;
}

Matrix to_dense(const SparseP& P) {
    Matrix D = Matrix::Zero(P.n, P.n);
    for (Index i = 0; i < P.n; ++i)
        for (int64_t t = P.row_start[static_cast<size_t>(i)]; t < P.row_start[static_cast<size_t>(i) + 1]; ++t)
            D(i, P.col[static_cast<size_t>(t)]) = P.val[static_cast<size_t>(t)];
    return D;
}

SparseP from_dense(const Matrix& D) {
    SparseP P;
    P.n = D.rows();
    P.row_start.assign(static_cast<size_t>(P.n) + 1, 0);
    for (Index i = 0; i < P.n; ++i) {
        for (Index j = 0; j < P.n; ++j)
            if (j != i && D(i, j) != 0.0) {
                P.col.push_back(static_cast<int32_t>(j));
                P.val.push_back(D(i, j));
            }
        P.row_start[static_cast<size_t>(i) + 1] = static_cast<int64_t>(P.col.size());
    }
    return P;
}

}  // namespace genrelab::reduce::tsne
