// Histograms, box-plot numbers, ranks and correlation matrices (metrics/descriptive.hpp).
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "core/rng.hpp"
#include "metrics/descriptive.hpp"
#include "support/test_support.hpp"

using namespace genrelab;
using namespace genrelab::metrics;
using Catch::Matchers::Contains;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<double> values_with_nan(const nlohmann::json& j) {
    std::vector<double> v;
    for (const auto& x : j) v.push_back(x.is_null() ? kNaN : x.get<double>());
    return v;
}

void check_close(const std::vector<double>& got, const nlohmann::json& want, double tol) {
    REQUIRE(got.size() == want.size());
    for (size_t i = 0; i < got.size(); ++i) CHECK(got[i] == Approx(want[i].get<double>()).margin(tol).epsilon(1e-12));
}

void check_counts(const std::vector<size_t>& got, const nlohmann::json& want) {
    REQUIRE(got.size() == want.size());
    for (size_t i = 0; i < got.size(); ++i) CHECK(got[i] == want[i].get<size_t>());
}

void check_matrix(const Matrix& got, const nlohmann::json& want, double tol) {
    REQUIRE(got.rows() == static_cast<Index>(want.size()));
    for (Index r = 0; r < got.rows(); ++r) {
        REQUIRE(got.cols() == static_cast<Index>(want[r].size()));
        for (Index c = 0; c < got.cols(); ++c) {
            INFO("cell " << r << "," << c);
            const auto& w = want[static_cast<size_t>(r)][static_cast<size_t>(c)];
            if (w.is_null()) CHECK(std::isnan(got(r, c)));
            else CHECK(got(r, c) == Approx(w.get<double>()).margin(tol));
        }
    }
}

}  // namespace

TEST_CASE("histograms and box plots match numpy and matplotlib", "[metrics][descriptive][reference]") {
    // tests/data/reference/descriptive_histogram.json: scripts/reference/descriptive_histogram.py runs numpy 1.24's
    // histogram (bins='auto' and bins=7), percentile and matplotlib 3.6's cbook.boxplot_stats (whis=1.5) on
    // seeded columns with ties, heavy tails, values on bin edges, a constant, one value and NaN gaps.
    const auto ref = test::reference("descriptive_histogram");
    for (const auto& c : ref["cases"]) {
        INFO("case " << c["name"].get<std::string>());
        const std::vector<double> x = values_with_nan(c["values"]);
        const Histogram a = histogram(x);
        check_close(a.edges, c["auto"]["edges"], 1e-12);
        check_counts(a.counts, c["auto"]["counts"]);
        CHECK(auto_bin_count(x) == static_cast<int>(c["auto"]["counts"].size()));
        CHECK_FALSE(a.capped);
        const Histogram f = histogram(x, 7);
        check_close(f.edges, c["fixed7"]["edges"], 1e-12);
        check_counts(f.counts, c["fixed7"]["counts"]);

        std::vector<double> sorted;
        for (double v : x)
            if (!std::isnan(v)) sorted.push_back(v);
        std::sort(sorted.begin(), sorted.end());
        const auto& qs = c["percentiles"]["q"];
        for (size_t i = 0; i < qs.size(); ++i)
            CHECK(quantile_linear(sorted, qs[i].get<double>()) == Approx(c["percentiles"]["values"][i].get<double>()).epsilon(1e-14).margin(1e-12));

        const BoxStats b = box_stats(x);
        const auto& w = c["box"];
        CHECK(b.n == w["n"].get<size_t>());
        CHECK(a.n == b.n);
        CHECK(a.missing == x.size() - b.n);
        CHECK(b.mean == Approx(w["mean"].get<double>()).epsilon(1e-12));
        CHECK(b.q1 == Approx(w["q1"].get<double>()).epsilon(1e-14));
        CHECK(b.median == Approx(w["median"].get<double>()).epsilon(1e-14));
        CHECK(b.q3 == Approx(w["q3"].get<double>()).epsilon(1e-14));
        CHECK(b.whisker_low == w["whisker_low"].get<double>());
        CHECK(b.whisker_high == w["whisker_high"].get<double>());
        CHECK(b.outliers == w["outliers"].get<size_t>());
        CHECK(b.min == w["min"].get<double>());
        CHECK(b.max == w["max"].get<double>());
    }
}

TEST_CASE("correlations and ranks match pandas and scipy", "[metrics][descriptive][reference]") {
    // tests/data/reference/descriptive_correlation.json: scripts/reference/descriptive_correlation.py runs pandas 1.5's
    // DataFrame.corr('pearson'/'spearman') (pairwise complete rows) and scipy 1.10's rankdata('average') on a
    // seeded table with NaN gaps, ties, a monotone non-linear column and a constant column.
    const auto ref = test::reference("descriptive_correlation");
    std::vector<std::vector<double>> columns;
    for (const auto& c : ref["data"]) columns.push_back(values_with_nan(c));
    check_matrix(correlation_matrix(columns, CorrelationMethod::Pearson), ref["pearson"], 1e-12);
    check_matrix(correlation_matrix(columns, CorrelationMethod::Spearman), ref["spearman"], 1e-12);
    check_close(average_ranks(ref["ranks"]["values"].get<std::vector<double>>()), ref["ranks"]["average"], 0);
    // the pairwise functions agree with the matrix
    CHECK(pearson(columns[0], columns[6]) == Approx(ref["pearson"][0][6].get<double>()).margin(1e-12));
    CHECK(spearman(columns[1], columns[3]) == Approx(ref["spearman"][1][3].get<double>()).margin(1e-12));
}

TEST_CASE("correlation matrices are symmetric with a unit diagonal and values in -1 to 1", "[metrics][descriptive][property]") {
    Rng rng(99);
    for (int trial = 0; trial < 20; ++trial) {
        const size_t n = 5 + rng.below(200), p = 1 + rng.below(7);
        std::vector<std::vector<double>> cols(p, std::vector<double>(n));
        for (size_t j = 0; j < p; ++j)
            for (size_t i = 0; i < n; ++i) {
                // a mix of continuous, tied and dependent columns, with some gaps
                double v = j % 3 == 0 ? rng.normal() : j % 3 == 1 ? static_cast<double>(rng.below(4)) : cols[0][i] * 2 + rng.normal() * 0.1;
                if (rng.uniform() < 0.1) v = kNaN;
                cols[j][i] = v;
            }
        for (auto method : {CorrelationMethod::Pearson, CorrelationMethod::Spearman}) {
            const Matrix R = correlation_matrix(cols, method);
            INFO("trial " << trial << " n " << n << " p " << p);
            for (Index a = 0; a < R.rows(); ++a) {
                CHECK((std::isnan(R(a, a)) || R(a, a) == 1.0));
                for (Index b = 0; b < R.cols(); ++b) {
                    const double r = R(a, b);
                    CHECK(((std::isnan(r) && std::isnan(R(b, a))) || r == R(b, a)));
                    if (!std::isnan(r)) CHECK((r >= -1.0 && r <= 1.0));
                    // the matrix's shortcut (columns sorted once) equals ranking each pair afresh
                    if (a != b) {
                        const double direct = method == CorrelationMethod::Pearson ? pearson(cols[static_cast<size_t>(a)], cols[static_cast<size_t>(b)])
                                                                                   : spearman(cols[static_cast<size_t>(a)], cols[static_cast<size_t>(b)]);
                        if (std::isnan(direct)) CHECK(std::isnan(r));
                        else CHECK(r == Approx(direct).margin(1e-12));
                    }
                }
            }
        }
    }
    // Spearman is 1 for any monotone transform; Pearson is not for a non-linear one
    std::vector<double> x, y;
    for (int i = 0; i < 50; ++i) {
        x.push_back(i * 0.3 - 4);
        y.push_back(std::exp(x.back()));
    }
    CHECK(spearman(x, y) == Approx(1.0));
    CHECK(pearson(x, y) < 0.9);
    CHECK(pearson(x, x) == Approx(1.0));
}

TEST_CASE("histogram counts add up and the auto rule can be capped", "[metrics][descriptive][property]") {
    Rng rng(5);
    std::vector<double> heavy;
    for (int i = 0; i < 50000; ++i) heavy.push_back(std::exp(rng.normal() * 2));
    heavy.push_back(kNaN);
    const Histogram full = histogram(heavy);
    CHECK(full.counts.size() > 100);
    const Histogram capped = histogram(heavy, 0, 100);
    CHECK(capped.capped);
    CHECK(capped.counts.size() == 100);
    size_t total = 0;
    for (size_t c : capped.counts) total += c;
    CHECK(total == 50000);
    CHECK(capped.missing == 1);
    CHECK(capped.edges.front() == full.edges.front());
    CHECK(capped.edges.back() == full.edges.back());
}

TEST_CASE("descriptive statistics of no values and bad input", "[metrics][descriptive][errors]") {
    const Histogram h = histogram({kNaN, kNaN});
    CHECK(h.n == 0);
    CHECK(h.missing == 2);
    REQUIRE(h.counts.size() == 1);
    CHECK(h.counts[0] == 0);
    CHECK(h.edges == std::vector<double>{0.0, 1.0});   // numpy's range for an empty array
    const BoxStats b = box_stats({});
    CHECK(b.n == 0);
    CHECK(std::isnan(b.median));
    CHECK(std::isnan(pearson({1, 2}, {kNaN, 3})));      // one complete row
    CHECK(std::isnan(spearman({1, 1, 1}, {1, 2, 3})));  // constant side
    CHECK_THROWS_WITH(histogram({1, 2, 3}, -2), Contains("at least 1"));
    CHECK_THROWS_WITH(quantile_linear({}, 0.5), Contains("at least one value"));
    CHECK_THROWS_WITH(quantile_linear({1, 2}, 1.5), Contains("between 0 and 1"));
    CHECK_THROWS_WITH(pearson({1, 2, 3}, {1, 2}), Contains("same length"));
    CHECK_THROWS_WITH(correlation_matrix({{1, 2, 3}, {1, 2}}, CorrelationMethod::Pearson), Contains("same length"));
    CHECK(correlation_matrix({}, CorrelationMethod::Spearman).size() == 0);
}
