#include <limits>

#include "cluster/kernels.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"
#include "support/test_support.hpp"

using namespace genrelab;
using namespace genrelab::cluster;
using Catch::Matchers::Contains;

TEST_CASE("dot_block sums every product in feature order", "[cluster][kernels]") {
    // The fixed order is what makes results bit-identical across platforms: compare bit for bit with the
    // plain sequential loop, for shapes that hit every remainder path of the 4×4 tiling.
    Rng rng(1);
    for (Index d : {1, 3, 13}) {
        for (Index k : {1, 4, 6, 11}) {
            Matrix X(23, d), C(k, d);
            for (Index i = 0; i < X.size(); ++i) X.data()[i] = rng.uniform(-3, 3);
            for (Index i = 0; i < C.size(); ++i) C.data()[i] = rng.uniform(-3, 3);
            for (Index row0 : {0, 5}) {
                const Index nb = X.rows() - row0;
                std::vector<double> out(static_cast<size_t>(nb * k));
                detail::dot_block(X.data(), X.rows(), d, row0, nb, C.data(), k, out.data());
                for (Index i = 0; i < nb; ++i)
                    for (Index c = 0; c < k; ++c) {
                        double s = 0;
                        for (Index j = 0; j < d; ++j) s += X(row0 + i, j) * C(c, j);
                        REQUIRE(out[static_cast<size_t>(c * nb + i)] == s);
                    }
            }
        }
    }
}

TEST_CASE("nearest_centers breaks ties towards the lower index and sums per cluster", "[cluster][kernels]") {
    Matrix X(3, 2), C(3, 2);
    X << 0, 0, 2, 0, 5, 5;
    C << 1, 0, 3, 0, 1, 0;   // centres 0 and 2 coincide; row 1 is equally far from 0 and 1
    std::vector<int> labels;
    std::vector<double> d2, counts;
    Matrix sums;
    detail::nearest_centers(X, C, labels, &d2, &sums, &counts);
    CHECK(labels == std::vector<int>{0, 0, 1});
    CHECK(d2 == std::vector<double>{1, 1, 29});
    CHECK(counts == std::vector<double>{2, 1, 0});
    CHECK(sums.row(0) == RowVector((RowVector(2) << 2, 0).finished()));
    CHECK(sums.row(2).isZero());
}

TEST_CASE("Cholesky and triangular inverse agree with Eigen", "[cluster][kernels]") {
    Rng rng(3);
    Matrix B(6, 6);
    for (Index i = 0; i < B.size(); ++i) B.data()[i] = rng.uniform(-1, 1);
    const Matrix A = B * B.transpose() + Matrix::Identity(6, 6);
    Matrix L;
    REQUIRE(detail::cholesky_lower(A, L));
    CHECK(test::max_abs_diff(L * L.transpose(), A) < 1e-12);
    CHECK(test::max_abs_diff(L, Matrix(A.llt().matrixL())) < 1e-12);
    CHECK(test::max_abs_diff(detail::invert_lower(L) * L, Matrix::Identity(6, 6)) < 1e-12);
    Matrix S = A;
    S(0, 0) = -1;
    CHECK_FALSE(detail::cholesky_lower(S, L));
}

TEST_CASE("input checks name the bad entry", "[cluster][kernels][errors]") {
    Matrix X = Matrix::Zero(5, 3);
    X(4, 0) = std::numeric_limits<double>::quiet_NaN();
    X(2, 2) = std::numeric_limits<double>::infinity();
    CHECK_THROWS_WITH(detail::check_finite(X, "test"), Contains("test: X has a missing or infinite value at row 3, column 3"));
    CHECK_THROWS_WITH(detail::check_columns(X, 13, "test"), Contains("X has 3 columns but the model was fitted on 13"));
    CHECK_THROWS_WITH(detail::check_not_empty(Matrix(0, 2), "test"), Contains("X is empty"));
}
