#include <cmath>

#include "cluster/gmm.hpp"
#include "core/error.hpp"
#include "support/test_support.hpp"

using namespace genrelab;
using namespace genrelab::cluster;
using Catch::Matchers::Contains;

namespace {

// Reference values: tests/data/reference/gmm_reference.json, written by scripts/reference/gmm_reference.py
// (scikit-learn 1.2.1 GaussianMixture on seeded anisotropic 3-component data, started from explicit
// weights_init / means_init / precisions_init; the per-iteration lower bounds come from fits with
// max_iter = t and tol = 0).
const nlohmann::json& ref() {
    static const nlohmann::json j = test::reference("gmm_reference");
    return j;
}

GmmParams given_params(const nlohmann::json& c) {
    GmmParams p;
    p.n_components = ref().at("n_components");
    p.covariance_type = c.at("covariance_type").get<CovarianceType>();
    p.weights_init = test::vector_from_json(ref().at("weights_init"));
    p.means_init = test::matrix_from_json(ref().at("means_init"));
    p.precisions_init = test::matrix_from_json(c.at("precisions_init"));
    return p;
}

Matrix overlapping(int n, uint64_t seed) {
    Rng rng(seed);
    Matrix X(n, 4);
    for (Index i = 0; i < n; ++i)
        for (Index j = 0; j < 4; ++j) X(i, j) = 1.5 * (i % 4) * (j == i % 4 ? 1.0 : 0.3) + rng.normal() * (1 + 0.5 * j);
    return X;
}

}  // namespace

TEST_CASE("GMM from given parameters equals scikit-learn per iteration and at convergence", "[cluster][gmm][reference]") {
    const Matrix X = test::matrix_from_json(ref().at("X"));
    const Matrix X_new = test::matrix_from_json(ref().at("X_new"));
    for (const auto& c : ref().at("given")) {
        const std::string type = c.at("covariance_type");
        INFO("covariance_type " << type);
        // The EM lower bound, iteration by iteration.
        GmmParams p = given_params(c);
        const auto bounds = c.at("lower_bounds").get<std::vector<double>>();
        p.tol = 0;
        p.max_iter = static_cast<int>(bounds.size());
        GmmFitter f(p, X);
        f.run();
        REQUIRE(f.lower_bound_history().size() == 1);
        const auto& hist = f.lower_bound_history()[0];
        REQUIRE(hist.size() == bounds.size());
        for (size_t t = 0; t < bounds.size(); ++t) CHECK(hist[t] == Approx(bounds[t]).margin(1e-9));

        // The converged fit.
        const GmmModel m = fit(given_params(c), X);
        CHECK(m.n_iter == c.at("n_iter").get<int>());
        CHECK(m.converged == c.at("converged").get<bool>());
        CHECK(m.lower_bound == Approx(c.at("lower_bound").get<double>()).margin(1e-9));
        CHECK(test::max_abs_diff(m.weights, test::vector_from_json(c.at("weights"))) < 1e-8);
        CHECK(test::max_abs_diff(m.means, test::matrix_from_json(c.at("means"))) < 1e-8);
        CHECK(test::max_abs_diff(m.covariances, test::matrix_from_json(c.at("covariances"))) < 1e-8);
        CHECK(test::max_abs_diff(m.precisions_cholesky, test::matrix_from_json(c.at("precisions_cholesky"))) < 1e-8);
        CHECK(score(m, X) == Approx(c.at("score").get<double>()).margin(1e-9));
        CHECK(test::max_abs_diff(score_samples(m, X_new), test::vector_from_json(c.at("score_samples_new"))) < 1e-8);
        CHECK(test::max_abs_diff(predict_proba(m, X_new), test::matrix_from_json(c.at("predict_proba_new"))) < 1e-9);
        CHECK(predict(m, X) == test::labels_from_json(c.at("predict")));
        CHECK(n_parameters(m) == c.at("n_parameters").get<int>());
        CHECK(bic(m, X) == Approx(c.at("bic").get<double>()).epsilon(1e-10));
        CHECK(aic(m, X) == Approx(c.at("aic").get<double>()).epsilon(1e-10));
    }
}

TEST_CASE("GMM with k-means initialisation reaches scikit-learn's optimum", "[cluster][gmm][reference]") {
    // sklearn's k-means initialisation uses its own RNG; the data has one clear optimum, so the final
    // average log-likelihood must agree closely.
    const Matrix X = test::matrix_from_json(ref().at("X"));
    for (const auto& c : ref().at("kmeans_init")) {
        INFO("covariance_type " << c.at("covariance_type").get<std::string>());
        GmmParams p;
        p.n_components = ref().at("n_components");
        p.covariance_type = c.at("covariance_type").get<CovarianceType>();
        p.seed = 5;
        const GmmModel m = fit(p, X);
        CHECK(m.converged);
        CHECK(score(m, X) == Approx(c.at("score").get<double>()).margin(1e-4));
        CHECK(bic(m, X) == Approx(c.at("bic").get<double>()).epsilon(1e-4));
    }
}

TEST_CASE("EM log-likelihood never falls and responsibilities are probabilities", "[cluster][gmm][property]") {
    const Matrix X = overlapping(1200, 21);
    for (CovarianceType t : {CovarianceType::Full, CovarianceType::Tied, CovarianceType::Diag, CovarianceType::Spherical}) {
        for (GmmInit init : {GmmInit::KMeans, GmmInit::Random, GmmInit::RandomFromData, GmmInit::KMeansPlusPlus}) {
            INFO("covariance " << nlohmann::json(t) << ", init " << nlohmann::json(init));
            GmmParams p;
            p.n_components = 5;
            p.covariance_type = t;
            p.init = init;
            p.n_init = 2;
            p.tol = 1e-6;
            p.max_iter = 60;
            GmmFitter f(p, X);
            f.run();
            const GmmModel m = f.result();
            REQUIRE(f.lower_bound_history().size() == 2);
            for (const auto& h : f.lower_bound_history()) {
                REQUIRE(!h.empty());
                for (size_t i = 1; i < h.size(); ++i) CHECK(h[i] >= h[i - 1] - 1e-12 * std::abs(h[i - 1]));
            }
            // The kept restart has the best final bound.
            const auto& best_hist = f.lower_bound_history()[static_cast<size_t>(f.best_restart())];
            CHECK(m.lower_bound == best_hist.back());
            for (const auto& h : f.lower_bound_history()) CHECK(h.back() <= m.lower_bound);
            // The final M-step can only raise the likelihood above the last bound.
            CHECK(score(m, X) >= m.lower_bound - 1e-12);
            const Matrix P = predict_proba(m, X);
            CHECK((P.rowwise().sum().array() - 1.0).abs().maxCoeff() < 1e-12);
            CHECK(P.minCoeff() >= 0.0);
            // predict is the most probable component.
            const Labels lab = predict(m, X);
            for (Index i = 0; i < X.rows(); i += 97) {
                Index arg;
                P.row(i).maxCoeff(&arg);
                CHECK(lab[static_cast<size_t>(i)] == static_cast<int>(arg));
            }
            CHECK(std::abs(m.weights.sum() - 1.0) < 1e-12);
        }
    }
}

TEST_CASE("GMM from given responsibilities", "[cluster][gmm]") {
    const Matrix X = test::matrix_from_json(ref().at("X"));
    const auto& c = ref().at("given")[0];   // full
    const Labels truth = test::labels_from_json(c.at("predict"));
    GmmParams p;
    p.n_components = 3;
    p.init = GmmInit::Responsibilities;
    p.initial_responsibilities = Matrix::Zero(X.rows(), 3);
    for (Index i = 0; i < X.rows(); ++i) p.initial_responsibilities(i, truth[static_cast<size_t>(i)]) = 1.0;
    p.max_iter = 0;   // the initial estimate only: weights are the class fractions
    const GmmModel m0 = fit(p, X);
    for (int k = 0; k < 3; ++k) {
        const double frac = static_cast<double>(std::count(truth.begin(), truth.end(), k)) / static_cast<double>(X.rows());
        CHECK(m0.weights[k] == Approx(frac).margin(1e-12));
    }
    p.max_iter = 100;
    const GmmModel m = fit(p, X);
    CHECK(score(m, X) == Approx(c.at("score").get<double>()).margin(1e-6));
}

TEST_CASE("GMM is deterministic per seed and survives a JSON round trip", "[cluster][gmm][json]") {
    const Matrix X = overlapping(600, 4);
    GmmParams p;
    p.n_components = 4;
    p.covariance_type = CovarianceType::Diag;
    p.seed = 3;
    const GmmModel a = fit(p, X), b = fit(p, X);
    CHECK(a.means == b.means);
    CHECK(a.lower_bound == b.lower_bound);

    const nlohmann::json pj = p;
    CHECK(pj.at("covariance_type") == "diag");
    CHECK(pj.get<GmmParams>().seed == 3);
    const GmmParams d = nlohmann::json::parse(R"({"n_components": 2})").get<GmmParams>();
    CHECK(d.covariance_type == CovarianceType::Full);
    CHECK(d.reg_covar == 1e-6);
    CHECK(d.max_iter == 100);

    for (CovarianceType t : {CovarianceType::Full, CovarianceType::Tied, CovarianceType::Diag, CovarianceType::Spherical}) {
        p.covariance_type = t;
        const GmmModel m = fit(p, X);
        const GmmModel back = nlohmann::json::parse(nlohmann::json(m).dump()).get<GmmModel>();
        CHECK(back.covariance_type == t);
        CHECK(predict(back, X) == predict(m, X));
        CHECK(predict_proba(back, X) == predict_proba(m, X));
        CHECK(score(back, X) == score(m, X));
    }
}

TEST_CASE("GMM rejects bad input with clear messages", "[cluster][gmm][errors]") {
    Matrix X = overlapping(40, 1);
    GmmParams p;
    p.n_components = 0;
    CHECK_THROWS_WITH(fit(p, X), Contains("n_components ≥ 1"));
    p.n_components = 41;
    CHECK_THROWS_WITH(fit(p, X), Contains("n_components ≤ the number of rows (n_components = 41, rows = 40)"));
    p.n_components = 2;
    X(5, 2) = std::numeric_limits<double>::infinity();
    CHECK_THROWS_WITH(fit(p, X), Contains("missing or infinite value at row 6, column 3"));
    X(5, 2) = 0;
    p.weights_init = Vector::Constant(3, 1.0 / 3);
    CHECK_THROWS_WITH(fit(p, X), Contains("weights_init has 3 values but n_components = 2"));
    p.weights_init = Vector::Constant(2, 0.4);
    CHECK_THROWS_WITH(fit(p, X), Contains("weights_init must sum to 1"));
    p.weights_init.resize(0);
    p.precisions_init = Matrix::Identity(8, 4);
    p.precisions_init(5, 1) = -3;
    p.precisions_init(4, 0) = -3;   // component 2: symmetric, indefinite
    CHECK_THROWS_WITH(fit(p, X), Contains("precisions_init for component 2 is not positive definite"));
    p.precisions_init = Matrix::Identity(4, 4);
    CHECK_THROWS_WITH(fit(p, X), Contains("precisions_init is 4×4 but a full mixture of 2 components in 4 dimensions needs 8×4"));
    p.precisions_init.resize(0, 0);
    p.init = GmmInit::Responsibilities;
    CHECK_THROWS_WITH(fit(p, X), Contains("initial responsibilities are 0×0 but X has 40 rows"));
    p.init = GmmInit::KMeans;

    // Collapsed data without regularisation: the covariance is singular.
    Matrix dup = Matrix::Zero(10, 2);
    for (Index i = 0; i < 10; ++i) dup(i, 0) = i < 5 ? 0.0 : 1.0;
    p.reg_covar = 0;
    CHECK_THROWS_WITH(fit(p, dup), Contains("not positive definite") && Contains("larger reg_covar"));
    p.reg_covar = 1e-6;

    const GmmModel m = fit(p, X);
    CHECK_THROWS_WITH(predict(m, Matrix::Zero(3, 13)), Contains("X has 13 columns but the model was fitted on 4"));
    auto j = nlohmann::json(m);
    j["weights"] = {0.9, 0.3};
    CHECK_THROWS_WITH(j.get<GmmModel>(), Contains("weights must sum to 1"));
    j = nlohmann::json(m);
    j["covariance_type"] = "diag";
    CHECK_THROWS_WITH(j.get<GmmModel>(), Contains("covariances is 8×4 but a diag mixture of 2 components in 4 dimensions needs 2×4"));
    j = nlohmann::json(m);
    j["covariance_type"] = "banana";
    CHECK_THROWS_WITH(j.get<GmmModel>(), Contains("covariance_type must be one of"));
    GmmModel bad = m;
    bad.precisions_cholesky(1, 0) = 0.5;
    bad.precisions_cholesky(0, 1) = 0.5;   // neither triangle is zero
    CHECK_THROWS_WITH(validate(bad), Contains("not triangular"));
}

TEST_CASE("GMM fitter steps through the k-means initialisation and EM", "[cluster][gmm][stepper]") {
    const Matrix X = overlapping(800, 9);
    GmmParams p;
    p.n_components = 4;
    p.n_init = 2;
    GmmFitter f(p, X);
    bool saw_kmeans = false, saw_em = false;
    double last = -1;
    while (!f.step()) {
        saw_kmeans = saw_kmeans || f.stage().find("k-means") != std::string::npos;
        saw_em = saw_em || f.stage().find("EM iteration") != std::string::npos;
        CHECK(f.fraction() >= last - 1e-12);
        last = f.fraction();
    }
    CHECK(saw_kmeans);
    CHECK(saw_em);
    CHECK(f.fraction() == 1.0);
    CHECK(f.lower_bound_history().size() == 2);
}
