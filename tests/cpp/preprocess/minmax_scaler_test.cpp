#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "core/rng.hpp"
#include "preprocess/minmax_scaler.hpp"
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

TEST_CASE("MinMaxScaler matches scikit-learn", "[preprocess][scaler][reference]") {
    // Same file: MinMaxScaler with feature_range (0, 1), (−1, 2) and (−1, 2) with clip=True.
    const auto ref = test::reference("scalers");
    const Matrix X = test::matrix_from_json(ref["X"]);
    const Matrix Xq = test::matrix_from_json(ref["Xq"]);
    for (const auto& c : ref["minmax"]) {
        MinMaxScalerParams p{c["feature_min"].get<double>(), c["feature_max"].get<double>(), c["clip"].get<bool>()};
        INFO("range " << p.feature_min << ".." << p.feature_max << " clip " << p.clip);
        const auto m = fit(p, X);
        CHECK(test::max_abs_diff(m.data_min, vec(c["data_min"])) == 0);
        CHECK(test::max_abs_diff(m.data_max, vec(c["data_max"])) == 0);
        CHECK(max_rel_diff(m.scale, vec(c["scale"])) < 1e-12);
        CHECK(max_rel_diff(m.offset, vec(c["offset"])) < 1e-12);
        CHECK(test::max_abs_diff(transform(m, Xq), test::matrix_from_json(c["transformed"])) < 1e-9);
        const Matrix T = transform(m, X);
        CHECK(test::max_abs_diff(T, test::matrix_from_json(c["transformed_train"])) < 1e-9);
        CHECK((T.col(2).array() == p.feature_min).all());  // a constant column maps to the range's low end
    }
}

TEST_CASE("MinMaxScaler hits the range exactly and inverts", "[preprocess][scaler]") {
    Rng rng(5);
    Matrix X(200, 3);
    for (Index i = 0; i < X.rows(); ++i) X.row(i) << rng.normal(3, 2), rng.uniform(-50, 10), rng.normal() * 1e-4;
    const auto m = fit(MinMaxScalerParams{-2, 3, false}, X);
    const Matrix M = transform(m, X);
    for (Index j = 0; j < 3; ++j) {
        CHECK(M.col(j).minCoeff() == Approx(-2).margin(1e-12));
        CHECK(M.col(j).maxCoeff() == Approx(3).margin(1e-12));
    }
    CHECK(test::max_abs_diff(inverse_transform(m, M), X) < 1e-12);
    const auto c = fit(MinMaxScalerParams{0, 1, true}, X);
    const Matrix C = transform(c, X * 2 + Matrix::Constant(200, 3, 7));
    CHECK(C.minCoeff() >= 0);
    CHECK(C.maxCoeff() <= 1);
}

TEST_CASE("MinMaxScaler survives a JSON round trip", "[preprocess][scaler][json]") {
    Rng rng(8);
    Matrix X(20, 4);
    for (Index i = 0; i < X.size(); ++i) X.data()[i] = rng.normal(1, 5);
    const auto m = fit(MinMaxScalerParams{-1, 1, true}, X);
    const auto m2 = nlohmann::json::parse(nlohmann::json(m).dump()).get<MinMaxScalerModel>();
    CHECK(m2.params.clip);
    CHECK(transform(m2, X * 3) == transform(m, X * 3));
    CHECK(inverse_transform(m2, X) == inverse_transform(m, X));
}

TEST_CASE("MinMaxScaler rejects bad input with clear messages", "[preprocess][scaler][errors]") {
    Matrix X = Matrix::Ones(3, 2);
    X(2, 1) = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_WITH(fit(MinMaxScalerParams{}, X), Contains("missing value (NaN) in row 2, column 1"));
    CHECK_THROWS_WITH(fit(MinMaxScalerParams{1, 1, false}, Matrix::Ones(3, 2)), Contains("feature_min < feature_max"));
    const auto m = fit(MinMaxScalerParams{}, Matrix::Ones(3, 2));
    CHECK_THROWS_WITH(inverse_transform(m, Matrix::Ones(1, 1)), Contains("X has 1 columns but the min-max scaler was fitted on 2"));
    CHECK_THROWS_WITH(
        nlohmann::json::parse(R"({"data_min":[0],"data_max":[1],"scale":[1,1],"offset":[0]})").get<MinMaxScalerModel>(),
        Contains("same length"));
    CHECK_THROWS_WITH(nlohmann::json::parse(R"({"data_min":[0],"data_max":[1],"scale":[1]})").get<MinMaxScalerModel>(),
                      Contains("'offset' is missing"));
}
