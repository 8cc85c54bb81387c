#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "preprocess/simple_imputer.hpp"
#include "support/test_support.hpp"

using namespace genrelab;
using namespace genrelab::preprocess;
using Catch::Matchers::Contains;

namespace {
const double NaN = std::numeric_limits<double>::quiet_NaN();

// Compares matrices that may hold NaN (which must then be NaN in both).
double max_diff_nan_aware(const Matrix& a, const Matrix& b) {
    REQUIRE(a.rows() == b.rows());
    REQUIRE(a.cols() == b.cols());
    double worst = 0;
    for (Index i = 0; i < a.rows(); ++i)
        for (Index j = 0; j < a.cols(); ++j) {
            if (std::isnan(a(i, j)) || std::isnan(b(i, j))) {
                if (std::isnan(a(i, j)) != std::isnan(b(i, j))) return std::numeric_limits<double>::infinity();
                continue;
            }
            worst = std::max(worst, std::abs(a(i, j) - b(i, j)));
        }
    return worst;
}
}  // namespace

TEST_CASE("SimpleImputer matches scikit-learn for every strategy", "[preprocess][imputer][reference]") {
    // tests/data/reference/simple_imputer.json: scripts/reference/simple_imputer.py runs scikit-learn 1.2.1's
    // SimpleImputer(strategy=...) on a seeded 24×4 matrix with ~20% NaN (one column of small integers, so
    // most_frequent has ties; column 0 has an even count of present values, so the median averages two).
    const auto ref = test::reference("simple_imputer");
    const Matrix X = test::matrix_from_json(ref["X"]);
    const Matrix Xq = test::matrix_from_json(ref["Xq"]);
    for (const auto& c : ref["cases"]) {
        SimpleImputerParams p;
        p.strategy = c["strategy"].get<ImputeStrategy>();
        p.fill_value = c["fill_value"].get<double>();
        INFO("strategy " << c["strategy"]);
        const auto m = fit(p, X);
        const Vector expected = test::vector_from_json(c["statistics"]);
        REQUIRE(m.statistics.size() == expected.size());
        CHECK((m.statistics - expected).cwiseAbs().maxCoeff() < 1e-12);
        CHECK(max_diff_nan_aware(transform(m, Xq), test::matrix_from_json(c["transformed"])) < 1e-12);
    }
}

TEST_CASE("SimpleImputer fills only the holes and computes textbook statistics", "[preprocess][imputer]") {
    Matrix X(5, 2);
    X << 1, 7,     //
        NaN, 7,    //
        4, 1,      //
        2, NaN,    //
        10, 1;
    SimpleImputerParams p;
    p.strategy = ImputeStrategy::Median;
    auto m = fit(p, X);
    CHECK(m.statistics[0] == 3.0);  // median of {1, 2, 4, 10}: the mean of the two middle values
    CHECK(m.statistics[1] == 4.0);  // median of {1, 1, 7, 7}
    p.strategy = ImputeStrategy::MostFrequent;
    CHECK(fit(p, X).statistics[1] == 1.0);  // 1 and 7 tie twice each: the smaller wins
    p.strategy = ImputeStrategy::Mean;
    m = fit(p, X);
    CHECK(m.statistics[0] == Approx(17.0 / 4));
    const Matrix T = transform(m, X);
    for (Index i = 0; i < X.rows(); ++i)
        for (Index j = 0; j < X.cols(); ++j) {
            REQUIRE_FALSE(std::isnan(T(i, j)));
            if (!std::isnan(X(i, j))) CHECK(T(i, j) == X(i, j));
            else CHECK(T(i, j) == m.statistics[j]);
        }
}

TEST_CASE("SimpleImputer survives a JSON round trip", "[preprocess][imputer][json]") {
    Matrix X(4, 3);
    X << 1, NaN, 3, NaN, 5, 6, 7, 8, NaN, 0.5, 0.25, 0.125;
    SimpleImputerParams p;
    p.strategy = ImputeStrategy::Mean;
    const auto m = fit(p, X);
    const auto text = nlohmann::json(m).dump();
    const auto back = nlohmann::json::parse(text).get<SimpleImputerModel>();
    CHECK(back.params.strategy == ImputeStrategy::Mean);
    CHECK(transform(back, X) == transform(m, X));
    // Params: unknown keys are ignored, missing ones take their defaults.
    const auto params = nlohmann::json::parse(R"({"strategy":"most_frequent","colour":"blue"})").get<SimpleImputerParams>();
    CHECK(params.strategy == ImputeStrategy::MostFrequent);
    CHECK(params.fill_value == 0.0);
}

TEST_CASE("SimpleImputer rejects bad input with clear messages", "[preprocess][imputer][errors]") {
    Matrix X(3, 3);
    X << 1, NaN, 3, 2, NaN, 4, 5, NaN, 6;
    SimpleImputerParams p;
    CHECK_THROWS_WITH(fit(p, X), Contains("column 1 has no values"));
    CHECK_THROWS_WITH(fit(p, X, {"tempo", "loudness", "energy"}), Contains("column 'loudness' has no values"));
    p.strategy = ImputeStrategy::Constant;
    p.fill_value = -1;
    CHECK(fit(p, X).statistics[1] == -1);  // an all-missing column is fine when nothing must be learned
    p.fill_value = NaN;
    CHECK_THROWS_WITH(fit(p, X), Contains("fill_value must be a finite number"));

    Matrix Y = Matrix::Ones(2, 2);
    Y(1, 0) = std::numeric_limits<double>::infinity();
    CHECK_THROWS_WITH(fit(SimpleImputerParams{}, Y), Contains("infinite value in row 1"));
    const auto m = fit(SimpleImputerParams{}, Matrix::Ones(2, 2));
    CHECK_THROWS_WITH(transform(m, Matrix::Ones(2, 3)), Contains("X has 3 columns but the imputer was fitted on 2"));
    CHECK_THROWS_WITH(fit(SimpleImputerParams{}, Matrix(0, 2)), Contains("at least one row"));
    CHECK_THROWS_WITH(fit(SimpleImputerParams{}, Matrix::Ones(2, 2), {"a"}), Contains("1 column names for 2 columns"));
    CHECK_THROWS_AS(nlohmann::json::parse(R"({"statistics":[]})").get<SimpleImputerModel>(), Error);
    CHECK_THROWS_WITH(nlohmann::json::parse(R"({"params":{}})").get<SimpleImputerModel>(), Contains("'statistics' is missing"));
}
