#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>

#include "core/error.hpp"
#include "core/rng.hpp"
#include "preprocess/quantile_transformer.hpp"
#include "support/test_support.hpp"

using namespace genrelab;
using namespace genrelab::preprocess;
using Catch::Matchers::Contains;

namespace {
// max |a − b| where NaN must meet NaN (a NaN on one side only counts as infinitely wrong).
double diff_nan_aware(const Matrix& a, const Matrix& b) {
    REQUIRE(a.rows() == b.rows());
    REQUIRE(a.cols() == b.cols());
    double worst = 0;
    for (Index i = 0; i < a.rows(); ++i)
        for (Index j = 0; j < a.cols(); ++j) {
            if (std::isnan(a(i, j)) || std::isnan(b(i, j))) {
                if (!(std::isnan(a(i, j)) && std::isnan(b(i, j)))) return INFINITY;
                continue;
            }
            worst = std::max(worst, std::abs(a(i, j) - b(i, j)));
        }
    return worst;
}
}  // namespace

TEST_CASE("QuantileTransformer matches scikit-learn", "[preprocess][quantile][reference]") {
    // tests/data/reference/quantile_transformer.json: scripts/reference/quantile_transformer.py runs
    // scikit-learn 1.2.1's QuantileTransformer on a seeded 300×4 matrix (skewed, heavy-tailed, 6-valued with
    // ties, and a column with NaN), uniform and normal output, on the training rows and on new rows beyond
    // the training range; n < subsample so no subsampling is involved.
    const auto ref = test::reference("quantile_transformer");
    const Matrix train = test::matrix_from_json(ref["train"]);
    const Matrix test_x = test::matrix_from_json(ref["test"]);
    for (const auto& c : ref["cases"]) {
        INFO("case " << c["name"].get<std::string>());
        QuantileParams p = c["params"].get<QuantileParams>();
        const QuantileModel m = fit(p, train);
        REQUIRE(m.quantiles.rows() == c["n_quantiles_"].get<Index>());
        if (c.contains("quantiles")) {
            CHECK(test::max_abs_diff(m.quantiles, test::matrix_from_json(c["quantiles"])) < 1e-12);
            CHECK(test::max_abs_diff(m.references, test::vector_from_json(c["references"])) == 0.0);
        }
        const Matrix out = transform(m, train);
        CHECK(diff_nan_aware(out, test::matrix_from_json(c["train_out"])) < 1e-9);
        CHECK(diff_nan_aware(transform(m, test_x), test::matrix_from_json(c["test_out"])) < 1e-9);
        if (c.contains("train_inverse")) CHECK(diff_nan_aware(inverse_transform(m, out), test::matrix_from_json(c["train_inverse"])) < 1e-9);
    }
}

TEST_CASE("normal_ppf matches scipy's ndtri", "[preprocess][quantile][reference]") {
    // The same file holds scipy.special.ndtri at 14 probabilities from 1e-300 to 1 − 1e-12.
    const auto ref = test::reference("quantile_transformer");
    for (size_t i = 0; i < ref["ppf_p"].size(); ++i) {
        const double p = ref["ppf_p"][i].get<double>(), expected = ref["ppf"][i].get<double>();
        INFO("p = " << p);
        CHECK(std::abs(normal_ppf(p) - expected) <= 1e-14 * std::max(1.0, std::abs(expected)));
        CHECK(std::abs(normal_cdf(expected) - p) <= 1e-13 * std::max(p, 1e-300) + 1e-300);
    }
}

TEST_CASE("QuantileTransformer output is monotone and in range", "[preprocess][quantile]") {
    Rng rng(5);
    Matrix X(2000, 2);
    for (Index i = 0; i < X.rows(); ++i) {
        X(i, 0) = std::exp(rng.normal());
        X(i, 1) = std::floor(rng.uniform(0, 4));   // heavy ties
    }
    for (auto dist : {QuantileOutput::Uniform, QuantileOutput::Normal}) {
        QuantileParams p;
        p.output_distribution = dist;
        p.n_quantiles = 100;
        const QuantileModel m = fit(p, X);
        Matrix grid(401, 2);
        for (Index i = 0; i < grid.rows(); ++i) grid.row(i).setConstant(-1.0 + 0.02 * static_cast<double>(i));
        const Matrix out = transform(m, grid);
        for (Index j = 0; j < 2; ++j)
            for (Index i = 1; i < grid.rows(); ++i) CHECK(out(i, j) >= out(i - 1, j));
        if (dist == QuantileOutput::Uniform) {
            CHECK(out.minCoeff() >= 0.0);
            CHECK(out.maxCoeff() <= 1.0);
        } else {
            CHECK(out.minCoeff() >= normal_ppf(1e-7 - 2.220446049250313e-16));
            CHECK(out.maxCoeff() <= normal_ppf(1 - (1e-7 - 2.220446049250313e-16)));
        }
        // A tied value maps to the middle of its quantile run, not to one end.
        const Matrix two = transform(m, Matrix::Constant(1, 2, 2.0));
        if (dist == QuantileOutput::Uniform) CHECK(two(0, 1) > 0.4);
        if (dist == QuantileOutput::Uniform) CHECK(two(0, 1) < 0.75);
    }
}

TEST_CASE("QuantileTransformer subsamples deterministically", "[preprocess][quantile]") {
    Rng rng(9);
    Matrix X(50000, 3);
    for (Index i = 0; i < X.rows(); ++i)
        for (Index j = 0; j < 3; ++j) X(i, j) = rng.normal() * static_cast<double>(j + 1);
    QuantileParams p;   // subsample 10,000 < 50,000 rows
    const auto t0 = std::chrono::steady_clock::now();
    const QuantileModel a = fit(p, X);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    WARN("QuantileTransformer fit on 50,000 × 3 (subsample 10,000): " << ms << " ms");
    const QuantileModel b = fit(p, X);
    CHECK(a.quantiles == b.quantiles);
    p.seed = 7;
    const QuantileModel c = fit(p, X);
    CHECK(a.quantiles != c.quantiles);
    // The subsample's median of column 2 (sd 3) is close to 0 either way.
    CHECK(std::abs(a.quantiles(a.quantiles.rows() / 2, 2)) < 0.15);
}

TEST_CASE("QuantileTransformer JSON round trip gives identical output", "[preprocess][quantile][json]") {
    const auto ref = test::reference("quantile_transformer");
    const Matrix train = test::matrix_from_json(ref["train"]);
    QuantileParams p;
    p.output_distribution = QuantileOutput::Normal;
    p.n_quantiles = 77;
    const QuantileModel m = fit(p, train);
    const QuantileModel back = nlohmann::json::parse(nlohmann::json(m).dump()).get<QuantileModel>();
    CHECK(diff_nan_aware(transform(back, train), transform(m, train)) == 0.0);
    CHECK(back.output_distribution == QuantileOutput::Normal);
}

TEST_CASE("QuantileTransformer refuses bad input with clear messages", "[preprocess][quantile][errors]") {
    Matrix X = Matrix::Random(20, 2);
    const QuantileModel m = fit(QuantileParams{}, X);
    REQUIRE_THROWS_WITH(transform(m, Matrix::Zero(3, 5)), Contains("X has 5 columns but the model was fitted on 2"));
    Matrix bad = X;
    bad(3, 1) = INFINITY;
    REQUIRE_THROWS_WITH(fit(QuantileParams{}, bad), Contains("infinite value in row 3, column 2"));
    QuantileParams p;
    p.n_quantiles = 20000;
    REQUIRE_THROWS_WITH(fit(p, X), Contains("cannot be larger than subsample"));
    Matrix nan_col = X;
    nan_col.col(0).setConstant(NAN);
    REQUIRE_THROWS_WITH(fit(QuantileParams{}, nan_col), Contains("column 1 has no values"));
    nlohmann::json j = m;
    j["quantiles"]["data"][0] = 5.0;   // breaks monotonicity
    REQUIRE_THROWS_WITH(j.get<QuantileModel>(), Contains("decrease"));
    j = m;
    j["references"] = {0.0, 1.0};
    REQUIRE_THROWS_WITH(j.get<QuantileModel>(), Contains("reference probabilities but 20 quantile rows"));
}
