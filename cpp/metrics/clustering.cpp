#include "metrics/clustering.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "core/portable_math.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"

namespace genrelab::metrics {

namespace {

void check_X(const Matrix& X, const std::string& who) {
    if (X.rows() == 0 || X.cols() == 0) throw Error(who + ": X is empty");
    for (Index j = 0; j < X.cols(); ++j)
        for (Index i = 0; i < X.rows(); ++i)
            if (!std::isfinite(X(i, j)))
                throw Error(who + ": X has a missing or infinite value at row " + with_thousands(i + 1) + ", column " +
                            std::to_string(j + 1));
}

void check_labels(const Labels& labels, size_t n, const std::string& who, const char* what = "labels") {
    if (labels.size() != n)
        throw Error(who + ": there are " + with_thousands(static_cast<long long>(labels.size())) + " " + what + " for " +
                    with_thousands(static_cast<long long>(n)) + " rows");
    for (size_t i = 0; i < labels.size(); ++i)
        if (labels[i] < 0)
            throw Error(who + ": " + what + " must be ≥ 0 (found " + std::to_string(labels[i]) + " at position " +
                        with_thousands(static_cast<long long>(i + 1)) + ")");
}

// Labels renumbered 0..L−1 in increasing order of the original values (like numpy.unique's inverse).
Labels compact(const Labels& labels, int& n_distinct) {
    Labels values(labels);
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    n_distinct = static_cast<int>(values.size());
    Labels out(labels.size());
    for (size_t i = 0; i < labels.size(); ++i)
        out[i] = static_cast<int>(std::lower_bound(values.begin(), values.end(), labels[i]) - values.begin());
    return out;
}

// Non-zero cells of the contingency table of two compacted labelings, in (a, b) order.
struct Cell {
    int a, b;
    long long count;
};
std::vector<Cell> sparse_contingency(const Labels& a, int nb_values, const Labels& b) {
    std::vector<long long> keys(a.size());
    for (size_t i = 0; i < a.size(); ++i) keys[i] = static_cast<long long>(a[i]) * nb_values + b[i];
    std::sort(keys.begin(), keys.end());
    std::vector<Cell> cells;
    for (size_t i = 0; i < keys.size();) {
        size_t j = i;
        while (j < keys.size() && keys[j] == keys[i]) ++j;
        cells.push_back({static_cast<int>(keys[i] / nb_values), static_cast<int>(keys[i] % nb_values),
                         static_cast<long long>(j - i)});
        i = j;
    }
    return cells;
}

double entropy(const Labels& compacted, int n_values) {
    std::vector<long long> counts(static_cast<size_t>(n_values), 0);
    for (int v : compacted) ++counts[static_cast<size_t>(v)];
    const double total = static_cast<double>(compacted.size());
    const double log_total = portable::log(total);
    double h = 0;
    for (long long c : counts)
        if (c > 0) h -= (static_cast<double>(c) / total) * (portable::log(static_cast<double>(c)) - log_total);
    return h;
}

}  // namespace

Vector silhouette_samples(const Matrix& X, const Labels& labels) {
    const std::string who = "silhouette";
    check_X(X, who);
    const Index n = X.rows(), d = X.cols();
    check_labels(labels, static_cast<size_t>(n), who);
    int L = 0;
    const Labels lab = compact(labels, L);
    if (L < 2 || L > n - 1)
        throw Error("silhouette needs between 2 and n − 1 distinct clusters (found " + std::to_string(L) + " for " +
                    with_thousands(n) + " rows)");
    std::vector<double> counts(static_cast<size_t>(L), 0.0);
    for (int v : lab) counts[static_cast<size_t>(v)] += 1.0;

    // sums(i, c) = Σ distance from row i to the rows of cluster c. Each pair is computed once (i < j),
    // vectorised over j; every sum still runs in a fixed order.
    std::vector<double> sums(static_cast<size_t>(n * L), 0.0);   // row-major n×L
    constexpr Index kChunk = 1024;
    std::vector<double> acc(static_cast<size_t>(kChunk));
    for (Index i = 0; i + 1 < n; ++i) {
        const int li = lab[static_cast<size_t>(i)];
        double* si = sums.data() + i * L;
        for (Index j0 = i + 1; j0 < n; j0 += kChunk) {
            const Index m = std::min(kChunk, n - j0);
            std::fill_n(acc.begin(), m, 0.0);
            for (Index f = 0; f < d; ++f) {
                const double xi = X(i, f);
                const double* col = X.data() + f * n + j0;
                for (Index t = 0; t < m; ++t) {
                    const double diff = col[t] - xi;
                    acc[static_cast<size_t>(t)] += diff * diff;
                }
            }
            for (Index t = 0; t < m; ++t) {
                const double dist = std::sqrt(acc[static_cast<size_t>(t)]);
                const Index j = j0 + t;
                si[lab[static_cast<size_t>(j)]] += dist;
                sums[static_cast<size_t>(j * L + li)] += dist;
            }
        }
    }

    Vector s(n);
    for (Index i = 0; i < n; ++i) {
        const int li = lab[static_cast<size_t>(i)];
        const double own = counts[static_cast<size_t>(li)];
        if (own <= 1) {
            s[i] = 0.0;   // a one-member cluster: s = 0 by definition
            continue;
        }
        const double* si = sums.data() + i * L;
        const double a = si[li] / (own - 1);
        double b = std::numeric_limits<double>::infinity();
        for (int c = 0; c < L; ++c)
            if (c != li) b = std::min(b, si[c] / counts[static_cast<size_t>(c)]);
        const double v = (b - a) / std::max(a, b);
        s[i] = std::isnan(v) ? 0.0 : v;   // a = b = 0 (duplicate points): 0 like sklearn's nan_to_num
    }
    return s;
}

double silhouette_score(const Matrix& X, const Labels& labels) {
    const Vector s = silhouette_samples(X, labels);
    double total = 0;
    for (Index i = 0; i < s.size(); ++i) total += s[i];
    return total / static_cast<double>(s.size());
}

double silhouette_score_sampled(const Matrix& X, const Labels& labels, size_t max_rows, uint32_t seed) {
    if (max_rows < 2) throw Error("silhouette: the sample needs at least 2 rows (max_rows = " + std::to_string(max_rows) + ")");
    check_X(X, "silhouette");
    check_labels(labels, static_cast<size_t>(X.rows()), "silhouette");
    const auto rows = peer_sample(static_cast<size_t>(X.rows()), max_rows, seed);
    Matrix Xs(static_cast<Index>(rows.size()), X.cols());
    Labels ls(rows.size());
    for (size_t r = 0; r < rows.size(); ++r) {
        Xs.row(static_cast<Index>(r)) = X.row(static_cast<Index>(rows[r]));
        ls[r] = labels[rows[r]];
    }
    return silhouette_score(Xs, ls);
}

double adjusted_rand_index(const Labels& a, const Labels& b) {
    const std::string who = "adjusted Rand index";
    if (a.empty()) throw Error(who + ": there are no labels");
    check_labels(b, a.size(), who);
    check_labels(a, a.size(), who);
    int La = 0, Lb = 0;
    const Labels ca = compact(a, La), cb = compact(b, Lb);
    const auto cells = sparse_contingency(ca, Lb, cb);
    std::vector<long long> rows(static_cast<size_t>(La), 0), cols(static_cast<size_t>(Lb), 0);
    long long sum_squares = 0;
    for (const Cell& c : cells) {
        rows[static_cast<size_t>(c.a)] += c.count;
        cols[static_cast<size_t>(c.b)] += c.count;
        sum_squares += c.count * c.count;
    }
    long long sum_rows2 = 0, sum_cols2 = 0;
    for (long long r : rows) sum_rows2 += r * r;
    for (long long c : cols) sum_cols2 += c * c;
    const long long n = static_cast<long long>(a.size());
    // Pair confusion matrix (sklearn.metrics.cluster.pair_confusion_matrix).
    const long long tp = sum_squares - n;
    const long long fp = sum_cols2 - sum_squares;
    const long long fn = sum_rows2 - sum_squares;
    const long long tn = n * n - fp - fn - sum_squares;
    if (fn == 0 && fp == 0) return 1.0;
    const double TP = static_cast<double>(tp), FP = static_cast<double>(fp), FN = static_cast<double>(fn),
                 TN = static_cast<double>(tn);
    return 2.0 * (TP * TN - FN * FP) / ((TP + FN) * (FN + TN) + (TP + FP) * (FP + TN));
}

double normalized_mutual_info(const Labels& a, const Labels& b) {
    const std::string who = "normalized mutual information";
    if (a.empty()) throw Error(who + ": there are no labels");
    check_labels(b, a.size(), who);
    check_labels(a, a.size(), who);
    int La = 0, Lb = 0;
    const Labels ca = compact(a, La), cb = compact(b, Lb);
    if (La == 1 && Lb == 1) return 1.0;
    if (La == 1 || Lb == 1) return 0.0;   // mutual information is 0
    const auto cells = sparse_contingency(ca, Lb, cb);
    std::vector<long long> pi(static_cast<size_t>(La), 0), pj(static_cast<size_t>(Lb), 0);
    for (const Cell& c : cells) {
        pi[static_cast<size_t>(c.a)] += c.count;
        pj[static_cast<size_t>(c.b)] += c.count;
    }
    const double N = static_cast<double>(a.size());
    const double log_N = portable::log(N);
    // sklearn.metrics.mutual_info_score, term by term.
    double mi = 0;
    for (const Cell& c : cells) {
        const double nm = static_cast<double>(c.count) / N;
        const double outer = static_cast<double>(pi[static_cast<size_t>(c.a)] * pj[static_cast<size_t>(c.b)]);
        const double log_outer = -portable::log(outer) + log_N + log_N;
        double term = nm * (portable::log(static_cast<double>(c.count)) - log_N) + nm * log_outer;
        if (std::abs(term) < std::numeric_limits<double>::epsilon()) term = 0.0;
        mi += term;
    }
    mi = std::max(mi, 0.0);
    if (mi == 0.0) return 0.0;
    const double normalizer = (entropy(ca, La) + entropy(cb, Lb)) / 2.0;
    return mi / normalizer;
}

Eigen::MatrixXi contingency_table(const Labels& clusters, const Labels& classes, int n_clusters, int n_classes) {
    const std::string who = "contingency table";
    check_labels(clusters, clusters.size(), who, "cluster labels");
    check_labels(classes, clusters.size(), who, "class labels");
    const int max_cluster = clusters.empty() ? -1 : *std::max_element(clusters.begin(), clusters.end());
    const int max_class = classes.empty() ? -1 : *std::max_element(classes.begin(), classes.end());
    if (n_clusters <= 0) n_clusters = max_cluster + 1;
    if (n_classes <= 0) n_classes = max_class + 1;
    if (max_cluster >= n_clusters)
        throw Error(who + ": cluster label " + std::to_string(max_cluster) + " is out of range for " +
                    std::to_string(n_clusters) + " clusters");
    if (max_class >= n_classes)
        throw Error(who + ": class label " + std::to_string(max_class) + " is out of range for " +
                    std::to_string(n_classes) + " classes");
    Eigen::MatrixXi table = Eigen::MatrixXi::Zero(n_clusters, n_classes);
    for (size_t i = 0; i < clusters.size(); ++i) ++table(clusters[i], classes[i]);
    return table;
}

double kmeans_log_likelihood(const Matrix& X, const Matrix& centers, const Labels& labels) {
    const std::string who = "k-means log-likelihood";
    check_X(X, who);
    const Index n = X.rows(), d = X.cols(), k = centers.rows();
    if (centers.cols() != d)
        throw Error(who + ": X has " + std::to_string(d) + " columns but the centres have " + std::to_string(centers.cols()));
    if (k < 1 || !centers.allFinite()) throw Error(who + ": the centres must be at least one row of finite numbers");
    check_labels(labels, static_cast<size_t>(n), who);
    std::vector<double> counts(static_cast<size_t>(k), 0.0);
    for (int l : labels) {
        if (l >= k)
            throw Error(who + ": label " + std::to_string(l) + " is out of range for " + std::to_string(k) + " centres");
        counts[static_cast<size_t>(l)] += 1.0;
    }
    double inertia = 0;
    for (Index i = 0; i < n; ++i) {
        const Index c = labels[static_cast<size_t>(i)];
        double s = 0;
        for (Index j = 0; j < d; ++j) {
            const double diff = X(i, j) - centers(c, j);
            s += diff * diff;
        }
        inertia += s;
    }
    const double N = static_cast<double>(n), D = static_cast<double>(d);
    const double var = inertia / (N * D);
    if (var == 0.0) return std::numeric_limits<double>::infinity();
    double mix = 0;
    for (double c : counts)
        if (c > 0) mix += c * portable::log(c / N);
    constexpr double kTwoPi = 6.283185307179586;
    return mix / N - 0.5 * D * portable::log(kTwoPi * var) - 0.5 * D;
}

int kmeans_n_parameters(int k, int d) { return k * d + 1 + (k - 1); }

}  // namespace genrelab::metrics
