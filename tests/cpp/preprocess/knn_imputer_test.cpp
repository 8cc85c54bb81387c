#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>

#include "core/error.hpp"
#include "core/rng.hpp"
#include "preprocess/knn_imputer.hpp"
#include "support/test_support.hpp"

using namespace genrelab;
using namespace genrelab::preprocess;
using Catch::Matchers::Contains;

TEST_CASE("KNNImputer matches scikit-learn", "[preprocess][knn_imputer][reference]") {
    // tests/data/reference/knn_imputer.json: scripts/reference/knn_imputer.py runs scikit-learn 1.2.1's
    // KNNImputer (nan_euclidean) with uniform and distance weights on a seeded 80×5 training matrix (~15 %
    // NaN, column 5 all NaN) and a 25×5 test matrix (row 0 all NaN → column means). Distances come from the
    // dot-product form (x² + y² − 2xy), whose rounding depends on the summation order: sklearn's and ours
    // differ by ~1e-15 relative, which 1/distance weights turn into ~1e-10 on values of ~10, hence 1e-8.
    const auto ref = test::reference("knn_imputer");
    const Matrix train = test::matrix_from_json(ref["train"]);
    const Matrix test_x = test::matrix_from_json(ref["test"]);
    for (const auto& c : ref["cases"]) {
        INFO("case " << c["name"].get<std::string>());
        const KnnImputerModel m = fit(c["params"].get<KnnImputerParams>(), train);
        const Matrix expected_test = test::matrix_from_json(c["test_out"]);
        const Matrix out_test = transform(m, test_x);
        REQUIRE(out_test.cols() == expected_test.cols());
        CHECK(test::max_abs_diff(out_test, expected_test) < 1e-8);
        CHECK(test::max_abs_diff(transform(m, train), test::matrix_from_json(c["train_out"])) < 1e-8);
    }
}

TEST_CASE("KNNImputer keeps known values and uses training donors only", "[preprocess][knn_imputer]") {
    // Donors far from the receivers: a receiver's imputed value must be one of the donors' values (k = 1),
    // never a value of another receiver.
    Matrix train(4, 2);
    train << 0, 100, 1, 101, 10, 200, 11, 201;
    KnnImputerParams p;
    p.n_neighbors = 1;
    const KnnImputerModel m = fit(p, train);
    Matrix X(3, 2);
    X << 0.2, NAN, 10.4, NAN, 5, 7;
    const Matrix out = transform(m, X);
    CHECK(out(0, 1) == 100);
    CHECK(out(1, 1) == 200);
    CHECK(out.row(2) == X.row(2));
    // Uniform k = 2 averages the two nearest; distance weights favour the nearer one.
    p.n_neighbors = 2;
    CHECK(transform(fit(p, train), X)(0, 1) == 100.5);
    p.weights = KnnWeights::Distance;
    const double w = transform(fit(p, train), X)(0, 1);
    CHECK(w == Approx((100 / 0.2 + 101 / 0.8) / (1 / 0.2 + 1 / 0.8)));
}

TEST_CASE("KNNImputer steps in bounded chunks", "[preprocess][knn_imputer]") {
    Rng rng(3);
    const Index n = 40000, d = 13;
    Matrix train(n, d), X(600, d);
    for (Index i = 0; i < n; ++i)
        for (Index j = 0; j < d; ++j) train(i, j) = rng.uniform() < 0.05 ? NAN : rng.normal();
    for (Index i = 0; i < X.rows(); ++i)
        for (Index j = 0; j < d; ++j) X(i, j) = rng.uniform() < 0.1 ? NAN : rng.normal();
    const KnnImputerModel m = fit(KnnImputerParams{}, train);
    KnnImputeTransform t(m, X);
    int steps = 0;
    double worst_ms = 0;
    const auto t0 = std::chrono::steady_clock::now();
    for (;;) {
        const auto s0 = std::chrono::steady_clock::now();
        const bool done = t.step();
        worst_ms = std::max(worst_ms, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - s0).count());
        ++steps;
        if (done) break;
    }
    const double total = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    WARN("k-NN imputation of 600 rows against 40,000 donors: " << total << " ms in " << steps << " steps (longest " << worst_ms << " ms)");
    CHECK(steps > 10);
    CHECK(t.fraction() == 1.0);
    const Matrix out = t.result();
    CHECK_FALSE(out.hasNaN());
}

TEST_CASE("KNNImputer JSON round trip gives identical output", "[preprocess][knn_imputer][json]") {
    const auto ref = test::reference("knn_imputer");
    const Matrix train = test::matrix_from_json(ref["train"]);
    const Matrix test_x = test::matrix_from_json(ref["test"]);
    KnnImputerParams p;
    p.weights = KnnWeights::Distance;
    p.n_neighbors = 4;
    const KnnImputerModel m = fit(p, train);
    const KnnImputerModel back = nlohmann::json::parse(nlohmann::json(m).dump()).get<KnnImputerModel>();
    CHECK(test::max_abs_diff(transform(back, test_x), transform(m, test_x)) == 0.0);
    CHECK(back.params.n_neighbors == 4);

    p.max_donors = 30;   // a seeded subset of the training rows
    const KnnImputerModel small = fit(p, train);
    CHECK(small.donors.rows() == 30);
    CHECK(nlohmann::json(fit(p, train)).dump() == nlohmann::json(small).dump());
}

TEST_CASE("KNNImputer refuses bad input with clear messages", "[preprocess][knn_imputer][errors]") {
    Matrix train = Matrix::Random(10, 3);
    const KnnImputerModel m = fit(KnnImputerParams{}, train);
    REQUIRE_THROWS_WITH(transform(m, Matrix::Zero(2, 4)), Contains("X has 4 columns but the model was fitted on 3"));
    Matrix bad = train;
    bad(2, 0) = -INFINITY;
    REQUIRE_THROWS_WITH(fit(KnnImputerParams{}, bad), Contains("infinite value in row 2, column 1"));
    KnnImputerParams p;
    p.n_neighbors = 0;
    REQUIRE_THROWS_WITH(fit(p, train), Contains("n_neighbors must be ≥ 1"));
    nlohmann::json j = m;
    j["donors"]["rows"] = 11;
    REQUIRE_THROWS_WITH(j.get<KnnImputerModel>(), Contains("says 11×3 but holds 30 values"));
    j = m;
    j["donors"]["data"][4] = "x";
    REQUIRE_THROWS_WITH(j.get<KnnImputerModel>(), Contains("neither a number nor null"));
}
