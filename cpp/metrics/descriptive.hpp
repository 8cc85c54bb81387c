// Descriptive statistics for looking at a data set before training: histograms, box-plot summaries,
// class counts and correlation matrices. Every function takes one column of values as a std::vector<double>
// with NaN marking a missing value (io::Column::values) and skips the NaNs; nothing here throws for
// NaN-only or empty input — the result says "no values" (n = 0, NaN statistics) instead.
//
//   histogram — numpy 1.24's np.histogram(x[~isnan(x)], bins): equal-width bins over [min, max] (widened to
//       [v − 0.5, v + 0.5] when every value is v, and [0, 1] without values), edges as np.linspace, every bin
//       half-open [a, b) except the last, which is closed. bins = 0 picks the count like numpy's 'auto'
//       rule: the smaller of the Freedman–Diaconis width 2·IQR·n^(−1/3) and the Sturges width
//       ptp / (log2 n + 1) (Sturges alone when the IQR is 0), count = ceil(range / width), 1 when the width is 0.
//       max_bins > 0 caps the 'auto' count (heavy-tailed columns of 50,000 songs can ask for hundreds of
//       bins; the page draws at most ~100); `capped` says when that happened.
//   quantile_linear — numpy's default percentile (method 'linear'): virtual index (n − 1)·q between the two
//       neighbouring sorted values, interpolated exactly as numpy's _lerp (a + (b − a)·t, or b − (b − a)(1 − t)
//       when t ≥ 0.5). `sorted`: ascending, no NaN, at least one value.
//   box_stats — the numbers of a Tukey box plot (matplotlib's boxplot_stats with whis = 1.5): q1, median, q3
//       as above; whiskers at the most extreme values inside [q1 − 1.5·IQR, q3 + 1.5·IQR]; `outliers` = how many
//       values lie outside the whiskers; plus n, min, max and the mean.
//   average_ranks — scipy.stats.rankdata(x, 'average'): ranks 1..n, tied values share the mean of their
//       ranks. NaN must have been removed by the caller.
//   pearson / spearman — the correlation of the rows where both values are present (pairwise complete, like
//       pandas' DataFrame.corr); Spearman = Pearson of the average ranks of those rows (re-ranked for each pair,
//       as pandas does). NaN when fewer than 2 complete rows or either side is constant there. Results are
//       clamped to [−1, 1] (rounding can step just outside).
//   correlation_matrix — p×p matrix of pearson or spearman over `columns` (each of length n): symmetric,
//       diagonal exactly 1 for a column with ≥ 2 distinct values, NaN for pairs without a defined correlation.
#pragma once
#include <cstddef>
#include <limits>
#include <vector>

#include "core/types.hpp"

namespace genrelab::metrics {

struct Histogram {
    std::vector<double> edges;      // bins + 1 ascending edges
    std::vector<size_t> counts;     // one per bin
    size_t n = 0;                   // values counted (non-NaN)
    size_t missing = 0;             // NaN values skipped
    bool capped = false;            // the 'auto' count was cut down to max_bins
};

// bins: 0 = numpy's 'auto' rule, else that many equal-width bins (≥ 1). max_bins: cap for 'auto' (0 = none).
Histogram histogram(const std::vector<double>& values, int bins = 0, int max_bins = 0);
// The bin count numpy's 'auto' rule gives for these values (NaN skipped); 1 without values.
int auto_bin_count(const std::vector<double>& values);

// q in [0, 1]; sorted ascending without NaN, non-empty (genrelab::Error otherwise).
double quantile_linear(const std::vector<double>& sorted, double q);

struct BoxStats {
    static constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    size_t n = 0;
    double min = nan, q1 = nan, median = nan, q3 = nan, max = nan, mean = nan;
    double whisker_low = nan, whisker_high = nan;
    size_t outliers = 0;
};
BoxStats box_stats(const std::vector<double>& values);

std::vector<double> average_ranks(const std::vector<double>& values);

enum class CorrelationMethod { Pearson, Spearman };
double pearson(const std::vector<double>& x, const std::vector<double>& y);
double spearman(const std::vector<double>& x, const std::vector<double>& y);
// columns: p vectors of equal length n (genrelab::Error otherwise). Returns p×p.
Matrix correlation_matrix(const std::vector<std::vector<double>>& columns, CorrelationMethod method);

}  // namespace genrelab::metrics
