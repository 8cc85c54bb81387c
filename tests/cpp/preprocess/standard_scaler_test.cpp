#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "core/rng.hpp"
#include "preprocess/standard_scaler.hpp"
#include "support/test_support.hpp"

using namespace genrelab;
using namespace genrelab::preprocess;
using Catch::Matchers::Contains;

namespace {
// Relative to each column's magnitude: column 1 sits at 1e6.
double max_rel_diff(const Matrix& a, const Matrix& b) {
    REQUIRE(a.rows() == b.rows());
    REQUIRE(a.cols() == b.cols());
    double worst = 0;
    for (Index i = 0; i < a.rows(); ++i)
        for (Index j = 0; j < a.cols(); ++j)
            worst = std::max(worst, std::abs(a(i, j) - b(i, j)) / std::max(1.0, std::abs(b(i, j))));
    return worst;
}
Vector vec(const nlohmann::json& j) { return test::vector_from_json(j); }
}  // namespace

TEST_CASE("StandardScaler matches scikit-learn", "[preprocess][scaler][reference]") {
    // tests/data/reference/scalers.json: scripts/reference/scalers.py runs scikit-learn 1.2.1's StandardScaler
    // (three with_mean/with_std settings) on a seeded 31×4 matrix: a normal column, one at 1e6 ± 1e-3, a
    // constant 0.1 column (variance is pure rounding noise: scale must become 1) and an exponential one.
    const auto ref = test::reference("scalers");
    const Matrix X = test::matrix_from_json(ref["X"]);
    const Matrix Xq = test::matrix_from_json(ref["Xq"]);
    for (const auto& c : ref["standard"]) {
        StandardScalerParams p{c["with_mean"].get<bool>(), c["with_std"].get<bool>()};
        INFO("with_mean " << p.with_mean << ", with_std " << p.with_std);
        const auto m = fit(p, X);
        CHECK(max_rel_diff(m.mean, vec(c["mean"])) < 1e-13);
        if (p.with_std) {  // scikit-learn has no scale_ without with_std (the script writes ones)
            CHECK(max_rel_diff(m.scale, vec(c["scale"])) < 1e-9);
            CHECK(m.scale[2] == 1.0);
        }
        // Column 1 divides differences of ~1e-3 at 1e6 by σ ≈ 1e-3: absolute agreement ~1e-6 is the best possible.
        CHECK(test::max_abs_diff(transform(m, Xq), test::matrix_from_json(c["transformed"])) < 1e-5);
        CHECK(test::max_abs_diff(transform(m, X), test::matrix_from_json(c["transformed_train"])) < 1e-5);
    }
}

TEST_CASE("StandardScaler gives zero mean and unit variance and inverts", "[preprocess][scaler]") {
    Rng rng(5);
    Matrix X(200, 3);
    for (Index i = 0; i < X.rows(); ++i) X.row(i) << rng.normal(3, 2), rng.uniform(-50, 10), rng.normal() * 1e-4;
    const auto s = fit(StandardScalerParams{}, X);
    const Matrix Z = transform(s, X);
    for (Index j = 0; j < 3; ++j) {
        CHECK(std::abs(Z.col(j).mean()) < 1e-12);
        CHECK(std::sqrt(Z.col(j).array().square().mean()) == Approx(1.0).epsilon(1e-12));
    }
    CHECK(test::max_abs_diff(inverse_transform(s, Z), X) < 1e-12);
}

TEST_CASE("StandardScaler survives a JSON round trip", "[preprocess][scaler][json]") {
    Rng rng(8);
    Matrix X(20, 4);
    for (Index i = 0; i < X.size(); ++i) X.data()[i] = rng.normal(1, 5);
    const auto s = fit(StandardScalerParams{true, false}, X);
    const auto s2 = nlohmann::json::parse(nlohmann::json(s).dump()).get<StandardScalerModel>();
    CHECK(s2.params.with_std == false);
    CHECK(transform(s2, X) == transform(s, X));
    CHECK(inverse_transform(s2, X) == inverse_transform(s, X));
}

TEST_CASE("StandardScaler rejects bad input with clear messages", "[preprocess][scaler][errors]") {
    Matrix X = Matrix::Ones(3, 2);
    X(2, 1) = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_WITH(fit(StandardScalerParams{}, X), Contains("missing value (NaN) in row 2, column 1"));
    X(2, 1) = -std::numeric_limits<double>::infinity();
    CHECK_THROWS_WITH(fit(StandardScalerParams{}, X), Contains("infinite value in row 2, column 1"));
    CHECK_THROWS_WITH(fit(StandardScalerParams{}, Matrix(0, 3)), Contains("at least one row"));
    const auto s = fit(StandardScalerParams{}, Matrix::Ones(3, 2));
    CHECK_THROWS_WITH(transform(s, Matrix::Ones(1, 5)), Contains("X has 5 columns but the standard scaler was fitted on 2"));
    CHECK_THROWS_WITH(nlohmann::json::parse(R"({"mean":[0,1],"scale":[1,0]})").get<StandardScalerModel>(),
                      Contains("scale 1 must be a positive number"));
    CHECK_THROWS_WITH(nlohmann::json::parse(R"({"mean":[0,1],"scale":[1]})").get<StandardScalerModel>(),
                      Contains("2 means but 1 scales"));
    CHECK_THROWS_WITH(nlohmann::json::parse(R"({"mean":[0,1]})").get<StandardScalerModel>(), Contains("'mean' and 'scale' are required"));
}
