#include "metrics/descriptive.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "core/error.hpp"

namespace genrelab::metrics {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<double> present(const std::vector<double>& values) {
    std::vector<double> out;
    out.reserve(values.size());
    for (double v : values)
        if (!std::isnan(v)) out.push_back(v);
    return out;
}

// numpy's 'auto' bin width for non-empty `sorted` values (0 when both estimators give 0).
double auto_width(const std::vector<double>& sorted) {
    const double n = static_cast<double>(sorted.size());
    const double ptp = sorted.back() - sorted.front();
    const double sturges = ptp / (std::log2(n) + 1.0);
    const double iqr = quantile_linear(sorted, 0.75) - quantile_linear(sorted, 0.25);
    const double fd = 2.0 * iqr * std::pow(n, -1.0 / 3.0);
    return fd != 0.0 ? std::min(fd, sturges) : sturges;
}

// (first, last) edges numpy uses for these values.
std::pair<double, double> outer_edges(const std::vector<double>& sorted) {
    if (sorted.empty()) return {0.0, 1.0};
    double first = sorted.front(), last = sorted.back();
    if (first == last) {
        first -= 0.5;
        last += 0.5;
    }
    return {first, last};
}

int bins_for(const std::vector<double>& sorted, std::pair<double, double> edges) {
    if (sorted.empty()) return 1;
    const double width = auto_width(sorted);
    if (width == 0.0 || std::isnan(width)) return 1;
    const double count = std::ceil((edges.second - edges.first) / width);
    // a pathological width (e.g. subnormal) must not ask for billions of bins
    return count > 1e7 ? 10000000 : std::max(1, static_cast<int>(count));
}

double mean_of(const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += x;
    return s / static_cast<double>(v.size());
}

// Pearson of two NaN-free vectors of equal length.
double pearson_complete(const std::vector<double>& x, const std::vector<double>& y) {
    const size_t n = x.size();
    if (n < 2) return kNaN;
    const auto [xmin, xmax] = std::minmax_element(x.begin(), x.end());
    const auto [ymin, ymax] = std::minmax_element(y.begin(), y.end());
    if (*xmin == *xmax || *ymin == *ymax) return kNaN;
    const double mx = mean_of(x), my = mean_of(y);
    double sxx = 0, syy = 0, sxy = 0;
    for (size_t i = 0; i < n; ++i) {
        const double dx = x[i] - mx, dy = y[i] - my;
        sxx += dx * dx;
        syy += dy * dy;
        sxy += dx * dy;
    }
    const double d = std::sqrt(sxx * syy);
    if (!(d > 0)) return kNaN;
    return std::clamp(sxy / d, -1.0, 1.0);
}

// Rows where both are present.
void complete_pairs(const std::vector<double>& x, const std::vector<double>& y, std::vector<double>& xo, std::vector<double>& yo) {
    if (x.size() != y.size())
        throw Error("correlation needs two columns of the same length, got " + std::to_string(x.size()) + " and " +
                    std::to_string(y.size()) + " values");
    xo.clear();
    yo.clear();
    for (size_t i = 0; i < x.size(); ++i)
        if (!std::isnan(x[i]) && !std::isnan(y[i])) {
            xo.push_back(x[i]);
            yo.push_back(y[i]);
        }
}

// Indices of the non-NaN values, sorted by value (stable).
std::vector<size_t> sorted_order(const std::vector<double>& v) {
    std::vector<size_t> order;
    order.reserve(v.size());
    for (size_t i = 0; i < v.size(); ++i)
        if (!std::isnan(v[i])) order.push_back(i);
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return v[a] < v[b]; });
    return order;
}

// Average ranks (1-based) among the rows where keep[r], written to ranks[r]; `order` from sorted_order(v).
// Equal to average_ranks of the kept values, without sorting again.
void ranks_among(const std::vector<double>& v, const std::vector<size_t>& order, const std::vector<char>& keep, std::vector<double>& ranks) {
    size_t rank = 0;   // ranks handed out so far
    for (size_t i = 0; i < order.size();) {
        size_t j = i, kept = 0;
        while (j < order.size() && v[order[j]] == v[order[i]]) kept += keep[order[j++]] ? 1 : 0;
        const double r = static_cast<double>(rank) + (static_cast<double>(kept) + 1.0) / 2.0;
        for (size_t k = i; k < j; ++k)
            if (keep[order[k]]) ranks[order[k]] = r;
        rank += kept;
        i = j;
    }
}

}  // namespace

double quantile_linear(const std::vector<double>& sorted, double q) {
    if (sorted.empty()) throw Error("a quantile needs at least one value");
    if (!(q >= 0.0 && q <= 1.0)) throw Error("a quantile must be between 0 and 1, got " + std::to_string(q));
    const size_t n = sorted.size();
    const double virtual_index = static_cast<double>(n - 1) * q;
    const double lo = std::floor(virtual_index);
    const size_t i = static_cast<size_t>(lo);
    const size_t j = std::min(i + 1, n - 1);
    const double t = virtual_index - lo;
    const double a = sorted[i], b = sorted[j];
    const double diff = b - a;
    return t >= 0.5 ? b - diff * (1.0 - t) : a + diff * t;
}

int auto_bin_count(const std::vector<double>& values) {
    std::vector<double> v = present(values);
    std::sort(v.begin(), v.end());
    return bins_for(v, outer_edges(v));
}

Histogram histogram(const std::vector<double>& values, int bins, int max_bins) {
    if (bins < 0) throw Error("the number of histogram bins must be at least 1 (or 0 for automatic), got " + std::to_string(bins));
    Histogram h;
    std::vector<double> v = present(values);
    h.n = v.size();
    h.missing = values.size() - v.size();
    std::sort(v.begin(), v.end());
    const auto [first, last] = outer_edges(v);
    int count = bins;
    if (bins == 0) {
        count = bins_for(v, {first, last});
        if (max_bins > 0 && count > max_bins) {
            count = max_bins;
            h.capped = true;
        }
    }
    // np.linspace(first, last, count + 1)
    const double step = (last - first) / count;
    h.edges.resize(static_cast<size_t>(count) + 1);
    for (int i = 0; i <= count; ++i) h.edges[static_cast<size_t>(i)] = i * step + first;
    h.edges.back() = last;
    h.counts.assign(static_cast<size_t>(count), 0);
    // numpy's index computation and its ±1 corrections near the edges
    const double denom = last - first;
    for (double x : v) {
        long idx = static_cast<long>(((x - first) / denom) * count);
        if (idx == count) --idx;
        idx = std::clamp(idx, 0L, static_cast<long>(count) - 1);
        if (x < h.edges[static_cast<size_t>(idx)]) --idx;
        else if (x >= h.edges[static_cast<size_t>(idx) + 1] && idx != count - 1) ++idx;
        ++h.counts[static_cast<size_t>(idx)];
    }
    return h;
}

BoxStats box_stats(const std::vector<double>& values) {
    BoxStats b;
    std::vector<double> v = present(values);
    std::sort(v.begin(), v.end());
    b.n = v.size();
    if (v.empty()) return b;
    b.min = v.front();
    b.max = v.back();
    b.mean = mean_of(v);
    b.q1 = quantile_linear(v, 0.25);
    b.median = quantile_linear(v, 0.5);
    b.q3 = quantile_linear(v, 0.75);
    const double iqr = b.q3 - b.q1;
    const double lo = b.q1 - 1.5 * iqr, hi = b.q3 + 1.5 * iqr;
    // matplotlib: the whisker is the most extreme value inside the fence (the quartile itself if none)
    auto first_in = std::lower_bound(v.begin(), v.end(), lo);
    auto last_in = std::upper_bound(v.begin(), v.end(), hi);
    b.whisker_low = (first_in == v.end() || *first_in > b.q1) ? b.q1 : *first_in;
    b.whisker_high = (last_in == v.begin() || *(last_in - 1) < b.q3) ? b.q3 : *(last_in - 1);
    for (double x : v)
        if (x < b.whisker_low || x > b.whisker_high) ++b.outliers;
    return b;
}

std::vector<double> average_ranks(const std::vector<double>& values) {
    const size_t n = values.size();
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return values[a] < values[b]; });
    std::vector<double> ranks(n);
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && values[order[j]] == values[order[i]]) ++j;
        const double r = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2.0;   // mean of ranks i+1..j
        for (size_t k = i; k < j; ++k) ranks[order[k]] = r;
        i = j;
    }
    return ranks;
}

double pearson(const std::vector<double>& x, const std::vector<double>& y) {
    std::vector<double> xs, ys;
    complete_pairs(x, y, xs, ys);
    return pearson_complete(xs, ys);
}

double spearman(const std::vector<double>& x, const std::vector<double>& y) {
    std::vector<double> xs, ys;
    complete_pairs(x, y, xs, ys);
    if (xs.size() < 2) return kNaN;
    return pearson_complete(average_ranks(xs), average_ranks(ys));
}

Matrix correlation_matrix(const std::vector<std::vector<double>>& columns, CorrelationMethod method) {
    const size_t p = columns.size();
    const size_t n = p ? columns[0].size() : 0;
    for (size_t i = 0; i < p; ++i)
        if (columns[i].size() != n)
            throw Error("correlation needs columns of the same length; column " + std::to_string(i + 1) + " has " +
                        std::to_string(columns[i].size()) + " values, the first has " + std::to_string(n));
    // Each column is sorted once. A pair is ranked on its complete rows by walking those sorted orders and
    // skipping the rows missing on the other side (ranks among the kept rows = pandas' re-ranking per pair).
    std::vector<std::vector<size_t>> order(p);
    std::vector<bool> complete(p);
    std::vector<std::vector<double>> full_ranks(p);
    for (size_t i = 0; i < p; ++i) {
        complete[i] = std::none_of(columns[i].begin(), columns[i].end(), [](double v) { return std::isnan(v); });
        if (method == CorrelationMethod::Spearman) {
            order[i] = sorted_order(columns[i]);
            if (complete[i]) {
                full_ranks[i].assign(n, 0.0);
                ranks_among(columns[i], order[i], std::vector<char>(n, 1), full_ranks[i]);
            }
        }
    }
    Matrix R = Matrix::Constant(static_cast<Index>(p), static_cast<Index>(p), kNaN);
    std::vector<char> keep(n);
    std::vector<double> rx(n), ry(n), xs, ys;
    for (size_t i = 0; i < p; ++i) {
        const auto& ci = columns[i];
        std::vector<double> v = present(ci);
        const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
        if (v.size() >= 2 && *lo != *hi) R(static_cast<Index>(i), static_cast<Index>(i)) = 1.0;
        for (size_t j = 0; j < i; ++j) {
            const auto& cj = columns[j];
            double r;
            if (method == CorrelationMethod::Pearson) {
                r = complete[i] && complete[j] ? pearson_complete(ci, cj) : pearson(ci, cj);
            } else if (complete[i] && complete[j]) {
                r = pearson_complete(full_ranks[i], full_ranks[j]);
            } else {
                for (size_t k = 0; k < n; ++k) keep[k] = !std::isnan(ci[k]) && !std::isnan(cj[k]);
                ranks_among(ci, order[i], keep, rx);
                ranks_among(cj, order[j], keep, ry);
                xs.clear();
                ys.clear();
                for (size_t k = 0; k < n; ++k)
                    if (keep[k]) {
                        xs.push_back(rx[k]);
                        ys.push_back(ry[k]);
                    }
                r = pearson_complete(xs, ys);
            }
            R(static_cast<Index>(i), static_cast<Index>(j)) = R(static_cast<Index>(j), static_cast<Index>(i)) = r;
        }
    }
    return R;
}

}  // namespace genrelab::metrics
