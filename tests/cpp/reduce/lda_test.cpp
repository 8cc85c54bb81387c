#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "core/rng.hpp"
#include "reduce/lda.hpp"
#include "support/test_support.hpp"

using namespace genrelab;
using namespace genrelab::reduce;
using Catch::Matchers::Contains;

namespace {

struct Blobs {
    Matrix X;
    Labels y;
};

// K Gaussian classes in d dimensions with a shared, correlated covariance (LDA's own model).
Blobs gaussian_classes(Index per_class, int K, Index d, uint64_t seed) {
    Rng rng(seed);
    Matrix mix(d, d);
    for (Index i = 0; i < d; ++i)
        for (Index j = 0; j < d; ++j) mix(i, j) = (i == j ? 1.0 : 0.3) * rng.normal();
    Matrix centres(K, d);
    for (int k = 0; k < K; ++k)
        for (Index j = 0; j < d; ++j) centres(k, j) = 3.0 * rng.normal();
    Blobs b;
    b.X.resize(per_class * K, d);
    for (Index i = 0; i < b.X.rows(); ++i) {
        const int k = static_cast<int>(i % K);
        RowVector z(d);
        for (Index j = 0; j < d; ++j) z[j] = rng.normal();
        b.X.row(i) = centres.row(k) + z * mix;
        b.y.push_back(k);
    }
    return b;
}

double accuracy(const Labels& a, const Labels& b) {
    size_t same = 0;
    for (size_t i = 0; i < a.size(); ++i) same += a[i] == b[i];
    return static_cast<double>(same) / static_cast<double>(a.size());
}

LdaParams params_of(const nlohmann::json& c) {
    LdaParams p;
    p.solver = c.at("solver").get<std::string>() == "eigen" ? LdaSolver::Eigen : LdaSolver::Svd;
    const auto& s = c.at("shrinkage");
    if (s.is_string()) p.shrinkage = LdaShrinkage::Auto;
    if (s.is_number()) {
        p.shrinkage = LdaShrinkage::Fixed;
        p.shrinkage_value = s.get<double>();
    }
    if (c.at("n_components").is_number()) p.n_components = c.at("n_components").get<int>();
    return p;
}

}  // namespace

TEST_CASE("LDA matches scikit-learn on iris wine and a binary set", "[reduce][lda]") {
    // tests/data/reference/lda_reference.json comes from scripts/reference/lda_reference.py: sklearn 1.2.1
    // LinearDiscriminantAnalysis (svd; eigen with shrinkage 'auto', 0.3 and none) on load_iris(), load_wine()
    // and make_classification(n_samples=150, n_features=5, n_classes=2, random_state=3).
    const auto ref = test::reference("lda_reference");
    for (const auto& c : ref.at("cases")) {
        const std::string name = c.at("name").get<std::string>();
        INFO("case " << name);
        const auto& data = ref.at("datasets").at(c.at("data").get<std::string>());
        const Matrix X = test::matrix_from_json(data.at("X"));
        const Labels y = test::labels_from_json(data.at("y"));
        const Matrix X_new = data.contains("X_new") ? test::matrix_from_json(data.at("X_new")) : X;
        const int K = c.at("n_classes").get<int>();
        const LdaModel m = fit(params_of(c), X, y, K);

        CHECK(test::max_abs_diff(m.priors, test::vector_from_json(c.at("priors"))) < 1e-15);
        CHECK(test::max_abs_diff(m.means, test::matrix_from_json(c.at("means"))) < 1e-10);
        CHECK(test::max_abs_diff(m.explained_variance_ratio, test::vector_from_json(c.at("explained_variance_ratio"))) < 1e-8);

        // transform: sign-aware per component; sklearn's eigen solver does not centre, so centre its output.
        Matrix Tref = test::matrix_from_json(c.at("transform"));
        if (m.solver == LdaSolver::Eigen) {
            const Matrix S = test::matrix_from_json(c.at("scalings")).leftCols(Tref.cols());
            Tref.rowwise() -= (test::vector_from_json(c.at("xbar")).transpose() * S);
        }
        const Matrix T = transform(m, X_new);
        REQUIRE(T.cols() == Tref.cols());
        CHECK(test::max_abs_diff_up_to_column_sign(T, Tref) < 1e-7 * (1.0 + Tref.cwiseAbs().maxCoeff()));

        const Matrix P = predict_proba(m, X_new);
        CHECK(test::max_abs_diff(P, test::matrix_from_json(c.at("predict_proba"))) < 1e-8);
        const Matrix D = decision_function(m, X_new);
        if (K == 2) {
            const Vector dref = test::vector_from_json(c.at("decision_function"));
            CHECK(test::max_abs_diff(Vector(D.col(1) - D.col(0)), dref) < 1e-8 * (1.0 + dref.cwiseAbs().maxCoeff()));
        } else {
            const Matrix Dref = test::matrix_from_json(c.at("decision_function"));
            CHECK(test::max_abs_diff(D, Dref) < 1e-8 * (1.0 + Dref.cwiseAbs().maxCoeff()));
        }
        const Labels pred = predict(m, X_new);
        CHECK(pred == test::labels_from_json(c.at("predict")));
        CHECK(accuracy(predict(m, X), y) == Approx(c.at("train_accuracy").get<double>()));
    }
}

TEST_CASE("LDA axes whiten the within-class covariance and probabilities sum to 1", "[reduce][lda]") {
    const Blobs b = gaussian_classes(200, 4, 6, 21);
    const int K = 4;
    const Index n = b.X.rows();
    const LdaModel m = fit(LdaParams{}, b.X, b.y, K);
    REQUIRE(m.scalings.cols() == 3);
    // On the training data the pooled within-class covariance of the scores (ddof = K) is the identity:
    // that is what makes the discriminant axes comparable.
    const Matrix T = transform(m, b.X);
    Matrix class_mean = Matrix::Zero(K, 3);
    std::vector<double> count(K, 0.0);
    for (Index i = 0; i < n; ++i) {
        class_mean.row(b.y[i]) += T.row(i);
        count[b.y[i]] += 1;
    }
    for (int k = 0; k < K; ++k) class_mean.row(k) /= count[k];
    Matrix W = Matrix::Zero(3, 3);
    for (Index i = 0; i < n; ++i) {
        const RowVector r = T.row(i) - class_mean.row(b.y[i]);
        W += r.transpose() * r;
    }
    W /= static_cast<double>(n - K);
    CHECK((W - Matrix::Identity(3, 3)).cwiseAbs().maxCoeff() < 1e-9);
    // The ratios are the between-class variance shares of the axes, in decreasing order.
    CHECK(std::abs(m.explained_variance_ratio.sum() - 1.0) < 1e-12);
    for (Index k = 1; k < 3; ++k) CHECK(m.explained_variance_ratio[k] <= m.explained_variance_ratio[k - 1]);

    const Matrix P = predict_proba(m, b.X);
    CHECK((P.rowwise().sum().array() - 1.0).abs().maxCoeff() < 1e-12);
    CHECK(P.minCoeff() >= 0.0);
    CHECK(accuracy(predict(m, b.X), b.y) > 0.9);

    // Eigen solver: the same discriminant up to the covariance normalisation. Svd estimates Σ_w with
    // 1/(n − K), Eigen (like sklearn's) with priors-weighted 1/n_k, i.e. 1/n: class-score differences
    // scale by n/(n − K); the between-class variance shares do not change.
    LdaParams pe;
    pe.solver = LdaSolver::Eigen;
    const LdaModel me = fit(pe, b.X, b.y, K);
    const double ratio = static_cast<double>(n) / static_cast<double>(n - K);
    for (int k = 1; k < K; ++k) {
        const RowVector svd_diff = m.coef.row(k) - m.coef.row(0);
        const RowVector eig_diff = me.coef.row(k) - me.coef.row(0);
        CHECK((eig_diff - ratio * svd_diff).cwiseAbs().maxCoeff() < 1e-9 * svd_diff.cwiseAbs().maxCoeff());
    }
    CHECK(test::max_abs_diff(me.explained_variance_ratio, m.explained_variance_ratio) < 1e-9);
    CHECK(predict(me, b.X) == predict(m, b.X));
}

TEST_CASE("LDA survives a JSON round trip", "[reduce][lda]") {
    const Blobs b = gaussian_classes(50, 3, 5, 4);
    LdaParams p;
    p.solver = LdaSolver::Eigen;
    p.shrinkage = LdaShrinkage::Auto;
    p.n_components = 1;
    const LdaModel m = fit(p, b.X, b.y, 3);
    const LdaModel back = nlohmann::json::parse(nlohmann::json(m).dump()).get<LdaModel>();
    CHECK(predict_proba(back, b.X) == predict_proba(m, b.X));
    CHECK(transform(back, b.X) == transform(m, b.X));
    CHECK(predict(back, b.X) == predict(m, b.X));
    CHECK(back.solver == LdaSolver::Eigen);

    const auto q = nlohmann::json::parse(R"({"shrinkage": "fixed", "shrinkage_value": 0.2, "solver": "eigen"})").get<LdaParams>();
    CHECK(q.shrinkage == LdaShrinkage::Fixed);
    CHECK(q.shrinkage_value == 0.2);
    CHECK(q.n_components == 0);
    CHECK(q.tol == 1e-4);
}

TEST_CASE("LDA rejects bad input with clear messages", "[reduce][lda]") {
    const Blobs b = gaussian_classes(20, 3, 4, 8);
    const LdaParams p;
    CHECK_THROWS_WITH(fit(p, b.X, Labels(b.y.size(), 0), 1), Contains("at least 2 classes"));
    Labels missing = b.y;
    for (int& v : missing)
        if (v == 2) v = 0;
    CHECK_THROWS_WITH(fit(p, b.X, missing, 3), Contains("class 2 has none"));
    Labels out_of_range = b.y;
    out_of_range[4] = 3;
    CHECK_THROWS_WITH(fit(p, b.X, out_of_range, 3), Contains("label 3 at row 5 is outside 0..2"));
    CHECK_THROWS_WITH(fit(p, b.X, Labels(b.y.begin(), b.y.end() - 1), 3), Contains("60 rows but 59 labels"));
    LdaParams too_many;
    too_many.n_components = 3;
    CHECK_THROWS_WITH(fit(too_many, b.X, b.y, 3), Contains("min(classes − 1, columns) = 2") && Contains("got 3"));
    Matrix bad = b.X;
    bad(10, 1) = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_WITH(fit(p, bad, b.y, 3), Contains("missing value (NaN) at row 11, column 2"));
    CHECK_THROWS_WITH(fit(p, b.X.topRows(3), Labels{0, 1, 2}, 3), Contains("more rows than classes"));
    LdaParams shrink_svd;
    shrink_svd.shrinkage = LdaShrinkage::Auto;
    CHECK_THROWS_WITH(fit(shrink_svd, b.X, b.y, 3), Contains("shrinkage needs solver 'eigen'"));
    // A constant feature makes Σ_w singular for the eigen solver; the svd solver copes.
    Matrix constant = b.X;
    constant.col(3).setConstant(5.0);
    LdaParams eig;
    eig.solver = LdaSolver::Eigen;
    CHECK_THROWS_WITH(fit(eig, constant, b.y, 3), Contains("within-class covariance is singular"));
    CHECK(fit(p, constant, b.y, 3).scalings.rows() == 4);
    eig.shrinkage = LdaShrinkage::Fixed;
    eig.shrinkage_value = 0.1;
    CHECK(fit(eig, constant, b.y, 3).coef.allFinite());

    const LdaModel m = fit(p, b.X, b.y, 3);
    CHECK_THROWS_WITH(predict(m, b.X.leftCols(2)), Contains("X has 2 columns but the LDA model was fitted on 4"));
    nlohmann::json j = m;
    j["intercept"] = std::vector<double>{0.0, 1.0};
    CHECK_THROWS_WITH(j.get<LdaModel>(), Contains("intercept has 2 values for 3 classes"));
    j = m;
    j["scalings"] = Matrix(Matrix::Zero(3, 2));
    CHECK_THROWS_WITH(j.get<LdaModel>(), Contains("scalings are 3×2 but must be 4×(at most 2)"));
    j = m;
    j.erase("coef");
    CHECK_THROWS_WITH(j.get<LdaModel>(), Contains("lacks 'coef'"));
}
