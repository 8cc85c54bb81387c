#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "core/rng.hpp"
#include "reduce/pca.hpp"
#include "support/test_support.hpp"

using namespace genrelab;
using namespace genrelab::reduce;
using Catch::Matchers::Contains;

namespace {

Matrix correlated_data(Index n, Index d, uint64_t seed) {
    Rng rng(seed);
    Matrix base(n, d);
    for (Index i = 0; i < n; ++i)
        for (Index j = 0; j < d; ++j) base(i, j) = rng.normal();
    Matrix mix(d, d);
    for (Index i = 0; i < d; ++i)
        for (Index j = 0; j < d; ++j) mix(i, j) = rng.normal() * (1.0 + static_cast<double>(i));
    return base * mix;
}

// Components are compared with sklearn's rows; max_abs_diff_up_to_column_sign works on columns.
Matrix as_columns(const Matrix& components) { return components.transpose(); }

}  // namespace

TEST_CASE("PCA matches scikit-learn on seeded data", "[reduce][pca]") {
    // tests/data/reference/pca_reference.json comes from scripts/reference/pca_reference.py:
    // sklearn 1.2.1 PCA(svd_solver='full') on make_classification(random_state=0) rescaled per column,
    // and on a 5×8 normal sample (fewer rows than columns).
    const auto ref = test::reference("pca_reference");
    for (const auto& c : ref.at("cases")) {
        for (PcaSolver solver : {PcaSolver::Svd, PcaSolver::Eigen}) {
            INFO("case " << c.at("name").get<std::string>() << ", solver " << nlohmann::json(solver).dump());
            const Matrix X = test::matrix_from_json(c.at("X"));
            const Matrix X_new = test::matrix_from_json(c.at("X_new"));
            PcaParams p;
            p.n_components = c.at("n_components").get<int>();
            p.whiten = c.at("whiten").get<bool>();
            p.solver = solver;
            const PcaModel m = fit(p, X);
            const Vector ev = test::vector_from_json(c.at("explained_variance"));
            const double scale = ev[0];
            CHECK(test::max_abs_diff(m.mean, test::vector_from_json(c.at("mean"))) < 1e-10);
            CHECK(test::max_abs_diff(m.explained_variance, ev) < 1e-9 * scale);
            CHECK(test::max_abs_diff(m.explained_variance_ratio, test::vector_from_json(c.at("explained_variance_ratio"))) < 1e-10);
            CHECK(test::max_abs_diff(m.singular_values, test::vector_from_json(c.at("singular_values"))) < 1e-8 * std::sqrt(scale));
            CHECK(std::abs(m.noise_variance - c.at("noise_variance").get<double>()) < 1e-9 * scale);
            const Matrix comps = test::matrix_from_json(c.at("components"));
            // Sign-aware on principle; with svd_flip the signs should agree exactly as well.
            CHECK(test::max_abs_diff_up_to_column_sign(as_columns(m.components), as_columns(comps)) < 1e-8);
            CHECK(test::max_abs_diff(m.components, comps) < 1e-8);
            const Matrix Z = transform(m, X_new);
            const Matrix Zref = test::matrix_from_json(c.at("transform"));
            CHECK(test::max_abs_diff_up_to_column_sign(Z, Zref) < 1e-8 * (1.0 + Zref.cwiseAbs().maxCoeff()));
            CHECK(test::max_abs_diff(inverse_transform(m, Zref), test::matrix_from_json(c.at("inverse_transform"))) < 1e-8);
        }
    }
}

TEST_CASE("PCA components are eigenvectors of the covariance", "[reduce][pca]") {
    const Matrix X = correlated_data(500, 7, 11);
    for (PcaSolver solver : {PcaSolver::Svd, PcaSolver::Eigen}) {
        PcaParams p;
        p.n_components = 7;
        p.solver = solver;
        const PcaModel m = fit(p, X);
        const Matrix Xc = X.rowwise() - X.colwise().mean();
        const Matrix C = Xc.transpose() * Xc / static_cast<double>(X.rows() - 1);
        const Matrix V = m.components.transpose();
        const Matrix residual = C * V - V * m.explained_variance.asDiagonal();
        CHECK(residual.cwiseAbs().maxCoeff() < 1e-10 * m.explained_variance[0]);
        CHECK((V.transpose() * V - Matrix::Identity(7, 7)).cwiseAbs().maxCoeff() < 1e-12);
        for (Index k = 1; k < 7; ++k) CHECK(m.explained_variance[k] <= m.explained_variance[k - 1]);
        CHECK(std::abs(m.explained_variance_ratio.sum() - 1.0) < 1e-12);
        // Keeping every component loses nothing.
        CHECK(test::max_abs_diff(inverse_transform(m, transform(m, X)), X) < 1e-9 * X.cwiseAbs().maxCoeff());
        // Loadings are the feature/score covariances: cov(X_j, Z_k/sd_k).
        const Matrix Z = transform(m, X);
        const Matrix cov_xz = Xc.transpose() * (Z * m.explained_variance.cwiseSqrt().cwiseInverse().asDiagonal()) /
                              static_cast<double>(X.rows() - 1);
        CHECK(test::max_abs_diff(loadings(m), cov_xz) < 1e-9 * cov_xz.cwiseAbs().maxCoeff());
    }
}

TEST_CASE("PCA whitening gives uncorrelated unit-variance scores", "[reduce][pca]") {
    const Matrix X = correlated_data(400, 5, 3);
    PcaParams p;
    p.n_components = 3;
    p.whiten = true;
    const PcaModel m = fit(p, X);
    const Matrix Z = transform(m, X);
    const Matrix Zc = Z.rowwise() - Z.colwise().mean();
    const Matrix cov = Zc.transpose() * Zc / static_cast<double>(Z.rows() - 1);
    CHECK((cov - Matrix::Identity(3, 3)).cwiseAbs().maxCoeff() < 1e-10);
    // inverse_transform undoes the whitening: it equals the unwhitened projection back.
    PcaParams q = p;
    q.whiten = false;
    const PcaModel plain = fit(q, X);
    CHECK(test::max_abs_diff(inverse_transform(m, Z), inverse_transform(plain, transform(plain, X))) < 1e-9);
}

TEST_CASE("PCA survives a JSON round trip", "[reduce][pca]") {
    const Matrix X = correlated_data(200, 6, 5);
    PcaParams p;
    p.n_components = 4;
    p.whiten = true;
    const PcaModel m = fit(p, X);
    const std::string text = nlohmann::json(m).dump();
    const PcaModel back = nlohmann::json::parse(text).get<PcaModel>();
    CHECK(transform(back, X) == transform(m, X));   // bit-identical: doubles print round-trippably
    CHECK(inverse_transform(back, transform(m, X)) == inverse_transform(m, transform(m, X)));

    const PcaParams pp = nlohmann::json::parse(R"({"n_components": 3, "solver": "eigen", "unknown": 1})").get<PcaParams>();
    CHECK(pp.n_components == 3);
    CHECK(pp.solver == PcaSolver::Eigen);
    CHECK_FALSE(pp.whiten);
    CHECK(nlohmann::json(PcaParams{}).dump() == R"({"n_components":2,"solver":"svd","whiten":false})");
}

TEST_CASE("PCA rejects bad input with clear messages", "[reduce][pca]") {
    const Matrix X = correlated_data(30, 4, 9);
    PcaParams p;
    p.n_components = 5;
    CHECK_THROWS_WITH(fit(p, X), Contains("between 1 and min(rows, columns) = 4") && Contains("got 5"));
    p.n_components = 0;
    CHECK_THROWS_AS(fit(p, X), Error);
    p.n_components = 2;
    Matrix bad = X;
    bad(6, 2) = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_WITH(fit(p, bad), Contains("missing value (NaN) at row 7, column 3"));
    bad(6, 2) = std::numeric_limits<double>::infinity();
    CHECK_THROWS_WITH(fit(p, bad), Contains("infinite value at row 7, column 3"));
    CHECK_THROWS_WITH(fit(p, X.topRows(1)), Contains("at least 2 rows"));

    const PcaModel m = fit(p, X);
    CHECK_THROWS_WITH(transform(m, X.leftCols(3)), Contains("X has 3 columns but the PCA model was fitted on 4"));
    CHECK_THROWS_WITH(inverse_transform(m, X), Contains("4 columns but the PCA model has 2 components"));

    nlohmann::json j = m;
    j["mean"] = std::vector<double>{1.0, 2.0};
    CHECK_THROWS_WITH(j.get<PcaModel>(), Contains("mean has 2 values but components have 4 columns"));
    j = m;
    j.erase("components");
    CHECK_THROWS_WITH(j.get<PcaModel>(), Contains("lacks 'components'"));
    j = m;
    j["explained_variance"] = std::vector<double>{1.0};
    CHECK_THROWS_WITH(j.get<PcaModel>(), Contains("explained_variance has 1 values for 2 components"));
    j = m;
    j["whiten"] = "yes";
    CHECK_THROWS_WITH(j.get<PcaModel>(), Contains("PCA model is malformed"));
}
