#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "classify/kernel.hpp"
#include "classify/svm.hpp"
#include "classify/svm_platt.hpp"
#include "classify/svm_smo.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"
#include "support/test_support.hpp"

using namespace genrelab;
using namespace genrelab::classify;
using Catch::Matchers::Contains;

namespace {

// Reference values: tests/data/reference/svm.json, written by scripts/reference/svm.py (scikit-learn 1.2.1's
// SVC, i.e. its bundled libsvm, on make_classification data it generates itself; `_dual_coef_` and
// `_intercept_` are libsvm's unflipped layout).
struct Problem {
    Matrix X, X_test;
    Labels y;
    int k = 0;
};

Problem load_problem(const nlohmann::json& ref, const std::string& name) {
    const auto& p = ref.at("problems").at(name);
    Problem out;
    out.X = test::matrix_from_json(p.at("X"));
    out.X_test = test::matrix_from_json(p.at("X_test"));
    out.y = test::labels_from_json(p.at("y"));
    out.k = *std::max_element(out.y.begin(), out.y.end()) + 1;
    return out;
}

SvmParams params_from_case(const nlohmann::json& c) {
    const auto& p = c.at("params");
    SvmParams params;
    params.C = p.at("C").get<double>();
    const std::string kernel = p.at("kernel").get<std::string>();
    params.kernel = kernel == "rbf" ? KernelType::Rbf : kernel == "linear" ? KernelType::Linear : KernelType::Poly;
    if (p.contains("gamma")) {
        if (p.at("gamma").is_string()) params.gamma_mode = SvmGamma::Scale;
        else {
            params.gamma_mode = SvmGamma::Value;
            params.gamma = p.at("gamma").get<double>();
        }
    }
    if (p.contains("degree")) params.degree = p.at("degree").get<int>();
    if (p.contains("coef0")) params.coef0 = p.at("coef0").get<double>();
    if (p.contains("class_weight")) params.class_weight_balanced = true;
    if (p.contains("probability")) params.probability = p.at("probability").get<bool>();
    return params;
}

const nlohmann::json& find_case(const nlohmann::json& ref, const std::string& name) {
    for (const auto& c : ref.at("cases"))
        if (c.at("name") == name) return c;
    FAIL("no case " << name);
    throw 0;
}

Matrix three_blobs(int n, uint64_t seed, Labels& y) {
    Rng rng(seed);
    Matrix X(n, 2);
    y.resize(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {
        const int c = i % 3;
        y[static_cast<size_t>(i)] = c;
        X(i, 0) = rng.normal() + 1.5 * c;
        X(i, 1) = rng.normal() - 1.0 * c;
    }
    return X;
}

}  // namespace

TEST_CASE("SVC matches scikit-learn for the RBF linear and polynomial kernels", "[classify][svm][reference]") {
    const auto ref = test::reference("svm");
    for (const char* name : {"rbf_scale", "linear", "poly", "rbf_binary_balanced"}) {
        INFO("case " << name);
        const auto& c = find_case(ref, name);
        const Problem pb = load_problem(ref, c.at("params").contains("class_weight") ? "binary" : "three_class");
        const SvmParams params = params_from_case(c);
        const SvmModel m = fit(params, pb.X, pb.y, pb.k);

        if (params.kernel != KernelType::Linear) CHECK(m.kernel.gamma == Approx(c.at("gamma").get<double>()).epsilon(1e-12));
        CHECK(m.n_support == c.at("n_support").get<std::vector<int>>());
        CHECK(m.support == c.at("support").get<std::vector<int>>());
        // Same algorithm, same kernel values: the same number of SMO iterations per pair.
        CHECK(m.n_iter == c.at("n_iter").get<std::vector<long long>>());
        const Matrix dual = test::matrix_from_json(c.at("dual_coef"));
        CHECK(test::max_abs_diff(m.dual_coef, dual) < 1e-6);
        const Vector intercept = test::vector_from_json(c.at("intercept"));
        CHECK(test::max_abs_diff(m.intercept, intercept) < 1e-6);

        const Matrix ovo = decision_values_ovo(m, pb.X_test);
        if (pb.k == 2) {  // sklearn returns −(libsvm's value) as a 1-D array for two classes
            const Vector ovo_ref = test::vector_from_json(c.at("decision_ovo"));
            CHECK(test::max_abs_diff(ovo.col(0), -ovo_ref) < 1e-6);
        } else {
            CHECK(test::max_abs_diff(ovo, test::matrix_from_json(c.at("decision_ovo"))) < 1e-6);
        }
        const Matrix ovr = decision_function(m, pb.X_test);
        if (pb.k == 2) {
            const Vector ref_bin = test::vector_from_json(c.at("decision_ovr"));
            CHECK(test::max_abs_diff(ovr.col(1), ref_bin) < 1e-6);
        } else {
            CHECK(test::max_abs_diff(ovr, test::matrix_from_json(c.at("decision_ovr"))) < 1e-6);
        }
        CHECK(predict(m, pb.X_test) == test::labels_from_json(c.at("predict")));
    }
}

TEST_CASE("SVC Platt probabilities follow scikit-learn", "[classify][svm][reference]") {
    const auto ref = test::reference("svm");
    const auto& c = find_case(ref, "rbf_probability");
    const Problem pb = load_problem(ref, "three_class");
    const SvmParams params = params_from_case(c);
    const SvmModel m = fit(params, pb.X, pb.y, pb.k);
    const Vector a_ref = test::vector_from_json(c.at("prob_a")), b_ref = test::vector_from_json(c.at("prob_b"));
    // The cross-validation folds come from different generators, so A and B agree only loosely.
    for (Index p = 0; p < a_ref.size(); ++p) {
        CHECK(m.prob_a[p] < 0);
        CHECK(std::fabs(m.prob_a[p] - a_ref[p]) < 0.1 * std::fabs(a_ref[p]));   // observed ≤ 5 %
        CHECK(std::fabs(m.prob_b[p] - b_ref[p]) < 0.25);                         // observed ≤ 0.17
    }
    const Matrix proba_ref = test::matrix_from_json(c.at("predict_proba"));
    const Matrix proba = predict_proba(m, pb.X_test);
    INFO("max |Δp| = " << test::max_abs_diff(proba, proba_ref));
    CHECK(test::max_abs_diff(proba, proba_ref) < 0.05);

    // With scikit-learn's own sigmoids, the coupling must reproduce its probabilities closely.
    SvmModel same = m;
    same.prob_a = a_ref;
    same.prob_b = b_ref;
    CHECK(test::max_abs_diff(predict_proba(same, pb.X_test), proba_ref) < 1e-6);
}

TEST_CASE("Platt sigmoid fit agrees with scikit-learn's sigmoid calibration", "[classify][svm][platt][reference]") {
    // tests/data/reference/svm_platt.json: scripts/reference/svm_platt.py fits sklearn.calibration's
    // _sigmoid_calibration (same Platt objective and targets, solved by scipy's BFGS) to seeded values.
    const auto ref = test::reference("svm_platt");
    for (const auto& c : ref.at("cases")) {
        const Vector f = test::vector_from_json(c.at("decision_values"));
        const Labels y = test::labels_from_json(c.at("y"));
        std::vector<bool> positive(y.size());
        for (size_t i = 0; i < y.size(); ++i) positive[i] = y[i] > 0;
        const PlattSigmoid s = platt_sigmoid_fit(f, positive);
        CHECK(s.a == Approx(c.at("a").get<double>()).margin(2e-4).epsilon(1e-3));
        CHECK(s.b == Approx(c.at("b").get<double>()).margin(2e-4).epsilon(1e-3));
    }
}

TEST_CASE("pairwise coupling solves the Wu Lin Weng problem and sums to 1", "[classify][svm][platt]") {
    Rng rng(5);
    for (int k : {2, 3, 6}) {
        Matrix r(k, k);
        for (int i = 0; i < k; ++i)
            for (int j = i + 1; j < k; ++j) {
                r(i, j) = rng.uniform(0.05, 0.95);
                r(j, i) = 1 - r(i, j);
            }
        const Vector p = couple_pairwise_probabilities(r);
        CHECK(p.sum() == Approx(1.0).margin(1e-12));
        CHECK(p.minCoeff() >= 0);
        // Optimality of min pᵀQp s.t. Σp = 1: Qp = (pᵀQp)·1 up to libsvm's stopping tolerance 0.005/k.
        Matrix Q = Matrix::Zero(k, k);
        for (int t = 0; t < k; ++t)
            for (int j = 0; j < k; ++j)
                if (j != t) {
                    Q(t, t) += r(j, t) * r(j, t);
                    Q(t, j) = -r(j, t) * r(t, j);
                }
        const Vector Qp = Q * p;
        const double pQp = p.dot(Qp);
        CHECK((Qp.array() - pQp).abs().maxCoeff() < 0.005 / k);
        // Against the exact solution of the KKT system [2Q 1; 1ᵀ 0].
        Matrix A = Matrix::Zero(k + 1, k + 1);
        A.topLeftCorner(k, k) = 2 * Q;
        A.topRightCorner(k, 1).setOnes();
        A.bottomLeftCorner(1, k).setOnes();
        Vector rhs = Vector::Zero(k + 1);
        rhs[k] = 1;
        const Vector exact = A.fullPivLu().solve(rhs).head(k);
        CHECK((p - exact).cwiseAbs().maxCoeff() < 0.02);
    }
    // Consistent pairwise probabilities r_ij = p_i / (p_i + p_j) are recovered.
    Vector truth(4);
    truth << 0.1, 0.2, 0.3, 0.4;
    Matrix r(4, 4);
    for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j) r(i, j) = truth[i] / (truth[i] + truth[j]);
    CHECK((couple_pairwise_probabilities(r) - truth).cwiseAbs().maxCoeff() < 1e-3);
}

TEST_CASE("SMO solution satisfies the KKT conditions", "[classify][svm][smo]") {
    Labels y3;
    const Matrix X = three_blobs(300, 11, y3);
    std::vector<int> rows;
    std::vector<signed char> y;
    for (int i = 0; i < 300; ++i)
        if (y3[static_cast<size_t>(i)] != 2) {
            rows.push_back(i);
            y.push_back(y3[static_cast<size_t>(i)] == 0 ? 1 : -1);
        }
    const Kernel kernel{KernelType::Rbf, 0.5, 3, 0.0};
    for (bool shrinking : {true, false}) {
        SmoSettings settings;
        settings.shrinking = shrinking;
        settings.cache_mb = 0.01;  // forces evictions and partial columns
        const double C = 2.0;
        const SmoResult r = smo_solve(X, rows, y, C, C, kernel, settings);
        const Index l = static_cast<Index>(rows.size());
        double sum_y_alpha = 0;
        Vector alpha(l);
        for (Index i = 0; i < l; ++i) {
            alpha[i] = r.coef[static_cast<size_t>(i)] * y[static_cast<size_t>(i)];
            sum_y_alpha += r.coef[static_cast<size_t>(i)];
        }
        CHECK(alpha.minCoeff() >= 0);
        CHECK(alpha.maxCoeff() <= C);
        CHECK(std::fabs(sum_y_alpha) < 1e-10);
        // Gradient from scratch: ∇_i = y_i f_i − 1 where f_i = Σ_j coef_j K_ij.
        Matrix Xs(l, 2);
        for (Index i = 0; i < l; ++i) Xs.row(i) = X.row(rows[static_cast<size_t>(i)]);
        const Matrix Kx = kernel_matrix(kernel, Xs, Xs);
        const Vector coef = Eigen::Map<const Vector>(r.coef.data(), l);
        const Vector f = Kx * coef;
        double m_up = -1e300, m_low = 1e300;  // max over I_up and min over I_low of −y_i ∇_i
        for (Index i = 0; i < l; ++i) {
            const double yi = y[static_cast<size_t>(i)];
            const double v = -yi * (yi * f[i] - 1);
            const bool in_up = (yi > 0 && alpha[i] < C) || (yi < 0 && alpha[i] > 0);
            const bool in_low = (yi > 0 && alpha[i] > 0) || (yi < 0 && alpha[i] < C);
            if (in_up) m_up = std::max(m_up, v);
            if (in_low) m_low = std::min(m_low, v);
        }
        CHECK(m_up - m_low < settings.tol + 1e-6);  // float kernel cache: tiny slack
        // b lies between the bounds: free vectors sit on the margin within tol.
        for (Index i = 0; i < l; ++i)
            if (alpha[i] > 1e-8 && alpha[i] < C - 1e-8) CHECK(std::fabs(y[static_cast<size_t>(i)] * (f[i] - r.rho) - 1) < 2e-3);
    }
}

TEST_CASE("SVC stepper gives the same model as fit and reports progress", "[classify][svm][stepper]") {
    Labels y;
    const Matrix X = three_blobs(450, 3, y);
    SvmParams params;
    params.probability = true;
    const SvmModel direct = fit(params, X, y, 3);
    SvmFitter fitter(params, X, y, 3);
    int steps = 0;
    double last = 0;
    while (!fitter.step()) {
        ++steps;
        CHECK(fitter.fraction() >= last);
        CHECK(fitter.fraction() < 1.0);
        last = fitter.fraction();
        CHECK(!fitter.stage().empty());
    }
    CHECK(fitter.fraction() == 1.0);
    const SvmModel stepped = fitter.result();
    CHECK(stepped.support == direct.support);
    CHECK(stepped.dual_coef == direct.dual_coef);
    CHECK(stepped.intercept == direct.intercept);
    CHECK(stepped.prob_a == direct.prob_a);
    CHECK(stepped.prob_b == direct.prob_b);
    const Matrix proba = predict_proba(direct, X);
    CHECK((proba.rowwise().sum().array() - 1.0).abs().maxCoeff() < 1e-9);
    CHECK(proba.minCoeff() >= 0);
}

TEST_CASE("SVC model survives a JSON round trip", "[classify][svm][json]") {
    Labels y;
    const Matrix X = three_blobs(240, 8, y);
    for (KernelType kt : {KernelType::Rbf, KernelType::Linear, KernelType::Poly}) {
        SvmParams params;
        params.kernel = kt;
        params.probability = kt == KernelType::Rbf;
        const SvmModel m = fit(params, X, y, 3);
        const nlohmann::json j = m;
        const SvmModel back = nlohmann::json::parse(j.dump()).get<SvmModel>();
        CHECK(predict(back, X) == predict(m, X));
        CHECK(decision_values_ovo(back, X) == decision_values_ovo(m, X));
        if (params.probability) CHECK(predict_proba(back, X) == predict_proba(m, X));
    }
    const nlohmann::json pj = SvmParams{};
    const SvmParams defaults = nlohmann::json::parse(R"({"C": 2.5, "unknown": 1})").get<SvmParams>();
    CHECK(defaults.C == 2.5);
    CHECK(defaults.kernel == KernelType::Rbf);
    CHECK(pj.at("kernel") == "rbf");
}

TEST_CASE("SVC rejects bad input with clear messages", "[classify][svm][errors]") {
    Labels y;
    Matrix X = three_blobs(60, 1, y);
    SvmParams params;
    SECTION("NaN in X") {
        X(4, 1) = std::numeric_limits<double>::quiet_NaN();
        CHECK_THROWS_WITH(fit(params, X, y, 3), Contains("row 5, column 2"));
    }
    SECTION("label out of range") {
        y[3] = 7;
        CHECK_THROWS_WITH(fit(params, X, y, 3), Contains("label 7 on row 4"));
    }
    SECTION("class without rows") { CHECK_THROWS_WITH(fit(params, X, y, 4), Contains("class 3 has no training rows")); }
    SECTION("bad C") {
        params.C = 0;
        CHECK_THROWS_WITH(fit(params, X, y, 3), Contains("C must be a positive number"));
    }
    SECTION("bad gamma") {
        params.gamma_mode = SvmGamma::Value;
        params.gamma = -1;
        CHECK_THROWS_WITH(fit(params, X, y, 3), Contains("gamma must be a positive"));
    }
    SECTION("rows and labels differ") {
        y.pop_back();
        CHECK_THROWS_WITH(fit(params, X, y, 3), Contains("has 59 labels"));
    }
    SECTION("wrong column count at predict") {
        const SvmModel m = fit(params, X, y, 3);
        CHECK_THROWS_WITH(predict(m, Matrix::Zero(3, 4)), Contains("X has 4 columns but the SVM was fitted on 2"));
        CHECK_THROWS_WITH(predict_proba(m, X), Contains("without probability"));
    }
    SECTION("inconsistent model file") {
        const SvmModel m = fit(params, X, y, 3);
        nlohmann::json j = m;
        j["intercept"] = {1.0, 2.0};
        CHECK_THROWS_WITH(j.get<SvmModel>(), Contains("intercept has 2 values for 3 class pairs"));
        j = m;
        j["n_support"] = {1, 2, 3};
        CHECK_THROWS_AS(j.get<SvmModel>(), Error);
        j = m;
        j.erase("dual_coef");
        CHECK_THROWS_WITH(j.get<SvmModel>(), Contains("no 'dual_coef'"));
    }
}

TEST_CASE("deterministic exp is accurate to about one ulp", "[classify][kernel]") {
    std::vector<double> xs;
    for (double x = -745; x < 709; x += 0.37) xs.push_back(x);
    for (double x = -1; x < 1; x += 0.001) xs.push_back(x);
    std::vector<double> v = xs;
    kernel_detail::exp_inplace(v.data(), static_cast<Index>(v.size()));
    double worst = 0;
    for (size_t i = 0; i < xs.size(); ++i) {
        if (xs[i] < -708) {
            CHECK(v[i] == 0.0);
            continue;
        }
        const double e = std::exp(xs[i]);
        worst = std::max(worst, std::fabs(v[i] - e) / e);
    }
    CHECK(worst < 5e-16);
}

TEST_CASE("kernel matrix matches the textbook formulas", "[classify][kernel]") {
    Rng rng(2);
    Matrix A(7, 3), B(5, 3);
    for (Index i = 0; i < A.size(); ++i) A.data()[i] = rng.normal();
    for (Index i = 0; i < B.size(); ++i) B.data()[i] = rng.normal();
    const Kernel rbf{KernelType::Rbf, 0.7, 3, 0};
    const Kernel poly{KernelType::Poly, 0.3, 3, 1.5};
    const Kernel lin{KernelType::Linear, 1, 3, 0};
    const Matrix Kr = kernel_matrix(rbf, A, B), Kp = kernel_matrix(poly, A, B), Kl = kernel_matrix(lin, A, B);
    for (Index i = 0; i < 7; ++i)
        for (Index j = 0; j < 5; ++j) {
            CHECK(Kr(i, j) == Approx(std::exp(-0.7 * (A.row(i) - B.row(j)).squaredNorm())).epsilon(1e-12));
            CHECK(Kp(i, j) == Approx(std::pow(0.3 * A.row(i).dot(B.row(j)) + 1.5, 3)).epsilon(1e-12));
            CHECK(Kl(i, j) == Approx(A.row(i).dot(B.row(j))).epsilon(1e-12));
        }
}

TEST_CASE("SVM prediction stepper gives the same decision values", "[classify][svm][stepper]") {
    Labels y;
    const Matrix X = three_blobs(300, 21, y);
    SvmParams params;
    params.probability = true;
    const SvmModel m = fit(params, X, y, 3);
    SvmDecisionStepper stepper(m, X);
    CHECK(stepper.fraction() == 0.0);
    CHECK_THROWS_AS(stepper.result(), Error);
    stepper.run();
    CHECK(stepper.fraction() == 1.0);
    const Matrix& ovo = stepper.result();
    CHECK(ovo == decision_values_ovo(m, X));
    CHECK(predict_from_ovo(m, ovo) == predict(m, X));
    CHECK(decision_function_from_ovo(m, ovo) == decision_function(m, X));
    CHECK(predict_proba_from_ovo(m, ovo) == predict_proba(m, X));
    CHECK_THROWS_WITH(predict_from_ovo(m, Matrix::Zero(2, 2)), Contains("expected 3 pairwise decision values per row, got 2"));
    // Voting: the predicted class has the most votes; the ovr score's integer part is the vote count.
    const Matrix ovr = decision_function(m, X);
    const Labels pred = predict(m, X);
    for (Index r = 0; r < X.rows(); ++r) {
        Index best;
        ovr.row(r).maxCoeff(&best);
        CHECK(std::lround(ovr(r, best)) == std::lround(ovr(r, pred[static_cast<size_t>(r)])));
    }
}

TEST_CASE("deterministic log is accurate to about one ulp", "[classify][kernel]") {
    double worst = 0;
    for (double x = 1e-300; x < 1e300; x *= 1.37) worst = std::max(worst, std::fabs(kernel_detail::log_det(x) - std::log(x)) / std::fabs(std::log(x)));
    for (double x = 0.5; x < 2.0; x += 1e-4)
        if (x != 1.0) worst = std::max(worst, std::fabs(kernel_detail::log_det(x) - std::log(x)) / std::fabs(std::log(x)));
    CHECK(worst < 4e-16);
    CHECK(kernel_detail::log_det(1.0) == 0.0);
    CHECK(kernel_detail::log_det(4.9e-324) == Approx(std::log(4.9e-324)).epsilon(1e-15));  // subnormal
    CHECK(std::isinf(kernel_detail::log_det(0.0)));
    CHECK(std::isnan(kernel_detail::log_det(-1.0)));
    CHECK(kernel_detail::exp_det(1.0) == Approx(std::exp(1.0)).epsilon(4e-16));
    CHECK(std::isnan(kernel_detail::exp_det(std::numeric_limits<double>::quiet_NaN())));
}
