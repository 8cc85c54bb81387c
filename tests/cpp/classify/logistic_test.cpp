#include <cmath>

#include "classify/lbfgs.hpp"
#include "classify/logistic.hpp"
#include "core/error.hpp"
#include "support/test_support.hpp"

using namespace genrelab;
using namespace genrelab::classify;
using Catch::Matchers::Contains;

namespace {

struct RefCase {
    std::string name;
    Matrix X;
    Labels y;
    int K;
    LogisticParams params;
    Matrix coef;
    Vector intercept;
    Matrix proba;
    Labels predicted;
};

std::vector<RefCase> reference_cases() {
    // tests/data/reference/logistic.json comes from scripts/reference/logistic.py: scikit-learn 1.2.1
    // LogisticRegression(multi_class="multinomial", solver="lbfgs", tol=1e-10, max_iter=10000) on
    // make_classification data, with and without class weights and intercept, and a binary problem.
    const auto ref = test::reference("logistic");
    std::vector<RefCase> out;
    for (const auto& c : ref["cases"]) {
        RefCase r;
        r.name = c["name"];
        r.X = test::matrix_from_json(c["X"]);
        r.y = test::labels_from_json(c["y"]);
        r.K = c["n_classes"];
        r.params.C = c["C"];
        r.params.fit_intercept = c["fit_intercept"];
        r.params.class_weight = c["class_weight"].get<std::vector<double>>();
        r.params.tol = 1e-10;
        r.params.max_iter = 10000;
        r.coef = test::matrix_from_json(c["coef"]);
        r.intercept = test::vector_from_json(c["intercept"]);
        r.proba = test::matrix_from_json(c["proba_first_rows"]);
        r.predicted = test::labels_from_json(c["predict"]);
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace

TEST_CASE("Logistic regression matches scikit-learn's coefficients", "[classify][logistic][reference]") {
    for (const RefCase& c : reference_cases()) {
        INFO(c.name);
        const LogisticModel m = fit(c.params, c.X, c.y, c.K);
        CHECK(m.converged);
        REQUIRE(m.coef.rows() == c.K);
        // Both solvers stop on scipy's relative-decrease rule (ftol = 2.2e-9) before tol = 1e-10: each
        // solution is within ~4e-5 of the exact optimum (checked with scipy at ftol = 0), so 1e-4.
        if (c.K == 2) {
            // scikit-learn keeps only class 1's row for a binary multinomial fit; ours has both, w0 = −w1.
            CHECK(test::max_abs_diff(m.coef.row(1), c.coef) < 1e-4);
            CHECK(test::max_abs_diff(m.coef.row(0), -c.coef) < 1e-4);
            CHECK(std::abs(m.intercept[1] - c.intercept[0]) < 1e-4);
        } else {
            CHECK(test::max_abs_diff(m.coef, c.coef) < 1e-4);
            CHECK(test::max_abs_diff(m.intercept, c.intercept) < 1e-4);
        }
        CHECK(test::max_abs_diff(predict_proba(m, c.X.topRows(10)), c.proba) < 1e-5);
        CHECK(predict(m, c.X) == c.predicted);
    }
}

namespace {
// The documented objective f = Σ s_i·CE_i + ‖W‖²/(2C) and its gradient, computed independently with Eigen.
double objective(const Matrix& W, const Vector& b, const RefCase& c, Matrix* gW, Vector* gb) {
    Matrix Z = (c.X * W.transpose()).rowwise() + b.transpose();
    double f = 0.5 * W.squaredNorm() / c.params.C;
    Matrix G(Z.rows(), Z.cols());
    for (Index i = 0; i < Z.rows(); ++i) {
        const int y = c.y[static_cast<size_t>(i)];
        const double s = c.params.class_weight.empty() ? 1.0 : c.params.class_weight[static_cast<size_t>(y)];
        const double mx = Z.row(i).maxCoeff();
        const double lse = mx + std::log((Z.row(i).array() - mx).exp().sum());
        f += s * (lse - Z(i, y));
        G.row(i) = s * (Z.row(i).array() - lse).exp().matrix();
        G(i, y) -= s;
    }
    if (gW) *gW = G.transpose() * c.X + W / c.params.C;
    if (gb) *gb = G.colwise().sum().transpose();
    return f;
}
}  // namespace

TEST_CASE("Logistic regression minimises its documented objective", "[classify][logistic][property]") {
    const RefCase c = reference_cases()[1];  // with class weights
    const LogisticModel m = fit(c.params, c.X, c.y, c.K);
    Matrix gW, gW0;
    Vector gb, gb0;
    const double f = objective(m.coef, m.intercept, c, &gW, &gb);
    objective(Matrix::Zero(c.K, c.X.cols()), Vector::Zero(c.K), c, &gW0, &gb0);
    // Stationary to the accuracy scipy's stopping rule allows (scikit-learn's solution: 4.9e-4).
    CHECK(std::max(gW.cwiseAbs().maxCoeff(), gb.cwiseAbs().maxCoeff()) < 2e-3);
    CHECK(std::max(gW.cwiseAbs().maxCoeff(), gb.cwiseAbs().maxCoeff()) < 1e-4 * gW0.cwiseAbs().maxCoeff());
    // At least as low as scikit-learn's own solution (to rounding).
    CHECK(f <= objective(c.coef, c.intercept, c, nullptr, nullptr) * (1 + 1e-12));
    const Matrix P = predict_proba(m, c.X);
    for (Index i = 0; i < P.rows(); ++i) CHECK(std::abs(P.row(i).sum() - 1.0) < 1e-12);
    CHECK(std::abs(m.intercept.sum()) < 1e-8);  // the gauge fixed by starting from zeros
    // The decision function's argmax is the prediction.
    const Matrix Z = decision_function(m, c.X);
    const Labels pred = predict(m, c.X);
    for (Index i = 0; i < Z.rows(); ++i) {
        Index best;
        Z.row(i).maxCoeff(&best);
        CHECK(pred[static_cast<size_t>(i)] == best);
    }
}

TEST_CASE("Logistic fitter steps and stops at max_iter", "[classify][logistic][stepper]") {
    const RefCase c = reference_cases()[0];
    LogisticParams p = c.params;
    p.max_iter = 5;
    LogisticFitter f(p, c.X, c.y, c.K);
    double previous = f.objective();
    int steps = 0;
    while (true) {
        const bool done = f.step();
        ++steps;
        CHECK(f.objective() <= previous);  // every L-BFGS iteration decreases f (Wolfe line search)
        previous = f.objective();
        if (done) break;
    }
    const LogisticModel m = f.result();
    CHECK(m.n_iter == 5);
    CHECK_FALSE(m.converged);
    CHECK(f.fraction() == 1.0);
    CHECK_THAT(f.stage(), Contains("L-BFGS"));
}

TEST_CASE("L-BFGS minimises the Rosenbrock function", "[classify][logistic][lbfgs]") {
    LbfgsParams p;
    p.max_iter = 500;
    p.gtol = 1e-9;
    p.ftol = 0;
    auto rosenbrock = [](const Vector& x, Vector& g) {
        const double a = 1 - x[0], b = x[1] - x[0] * x[0];
        g[0] = -2 * a - 400 * x[0] * b;
        g[1] = 200 * b;
        return a * a + 100 * b * b;
    };
    Vector x0(2);
    x0 << -1.2, 1.0;
    Lbfgs opt(p, rosenbrock, x0);
    double previous = opt.value();
    while (!opt.iterate()) {
        CHECK(opt.value() <= previous);
        previous = opt.value();
    }
    CHECK(opt.status() == LbfgsStatus::ConvergedGradient);
    CHECK(std::abs(opt.x()[0] - 1) < 1e-7);
    CHECK(std::abs(opt.x()[1] - 1) < 1e-7);
    CHECK(opt.iterations() < 100);
}

TEST_CASE("Logistic save and load give identical predictions", "[classify][logistic][json]") {
    const RefCase c = reference_cases()[0];
    const LogisticModel m = fit(c.params, c.X, c.y, c.K);
    const LogisticModel back = nlohmann::json::parse(nlohmann::json(m).dump()).get<LogisticModel>();
    CHECK(predict_proba(back, c.X) == predict_proba(m, c.X));
    CHECK(back.n_iter == m.n_iter);
    const LogisticParams q = nlohmann::json::parse(R"({"C": 3, "unknown": true})").get<LogisticParams>();
    CHECK(q.C == 3);
    CHECK(q.max_iter == 100);
}

TEST_CASE("Logistic regression rejects bad input with clear messages", "[classify][logistic][errors]") {
    const RefCase c = reference_cases()[0];
    LogisticParams p;
    p.C = 0;
    CHECK_THROWS_WITH(fit(p, c.X, c.y, c.K), Contains("needs C > 0 (got 0)"));
    p.C = 1;
    Matrix Xnan = c.X;
    Xnan(3, 2) = std::nan("");
    CHECK_THROWS_WITH(fit(p, Xnan, c.y, c.K), Contains("missing (NaN) value at row 4, column 3"));
    Labels bad = c.y;
    bad[0] = 7;
    CHECK_THROWS_WITH(fit(p, c.X, bad, c.K), Contains("label 7 at row 1 is outside 0..2"));
    CHECK_THROWS_WITH(fit(p, Matrix(0, 6), Labels{}, 3), Contains("X has no rows"));
    p.class_weight = {1, 1};
    CHECK_THROWS_WITH(fit(p, c.X, c.y, c.K), Contains("'class_weight' has 2 weights but there are 3 classes"));
    p.class_weight.clear();
    const LogisticModel m = fit(p, c.X, c.y, c.K);
    CHECK_THROWS_WITH(predict(m, Matrix::Zero(1, 2)), Contains("X has 2 columns but the logistic regression was fitted on 6"));
    nlohmann::json j = m;
    j["intercept"] = {0.0, 1.0};
    CHECK_THROWS_WITH(j.get<LogisticModel>(), Contains("2 intercepts for 3 classes"));
    j = m;
    j["coef"]["data"][0] = "x";
    CHECK_THROWS_AS(j.get<LogisticModel>(), Error);
}

TEST_CASE("logistic regression balanced class weights are n over K times the class count", "[classify][logistic][class_weight]") {
    const RefCase c = reference_cases()[0];
    std::vector<double> count(static_cast<size_t>(c.K), 0.0);
    for (int v : c.y) count[static_cast<size_t>(v)] += 1;
    LogisticParams balanced, manual;
    balanced.class_weight_balanced = true;
    for (int k = 0; k < c.K; ++k)
        manual.class_weight.push_back(static_cast<double>(c.y.size()) / (c.K * count[static_cast<size_t>(k)]));
    const LogisticModel a = fit(balanced, c.X, c.y, c.K), b = fit(manual, c.X, c.y, c.K);
    CHECK(a.coef == b.coef);
    CHECK(a.intercept == b.intercept);
    CHECK(nlohmann::json(balanced).at("class_weight_balanced") == true);
    CHECK_THROWS_WITH(fit(balanced, c.X, c.y, c.K + 1), Contains("has no rows, so its balanced weight would be infinite"));
}
