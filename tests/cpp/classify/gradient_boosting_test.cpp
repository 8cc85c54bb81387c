#include <catch2/catch.hpp>
#include <cmath>

#include "classify/gradient_boosting.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"
#include "support/test_support.hpp"

using namespace genrelab;
using namespace genrelab::classify;
using Catch::Matchers::Contains;

namespace {

GradientBoostingParams params_from(const nlohmann::json& p) {
    GradientBoostingParams params;
    params.n_estimators = p.at("n_estimators").get<int>();
    params.max_depth = p.at("max_depth").get<int>();
    params.learning_rate = p.at("learning_rate").get<double>();
    if (p.contains("min_samples_leaf")) params.min_samples_leaf = p.at("min_samples_leaf").get<int>();
    if (p.contains("subsample")) params.subsample = p.at("subsample").get<double>();
    return params;
}

int n_classes_of(const Labels& y) { return *std::max_element(y.begin(), y.end()) + 1; }

}  // namespace

TEST_CASE("gradient boosting reproduces scikit-learn without subsampling", "[classify][boosting][reference]") {
    // tests/data/reference/gradient_boosting.json, "exact": scripts/reference/gradient_boosting.py fits
    // scikit-learn 1.2.1's GradientBoostingClassifier on float32-exact make_classification data; each case
    // gave identical probabilities for five random_states there, so no tie-breaking is involved.
    const auto ref = test::reference("gradient_boosting");
    for (const auto& c : ref.at("exact")) {
        INFO("case " << c.at("name").get<std::string>());
        const Matrix X = test::matrix_from_json(c.at("X"));
        const Labels y = test::labels_from_json(c.at("y"));
        const Matrix Xt = test::matrix_from_json(c.at("X_test"));
        const int K = n_classes_of(y);
        const GradientBoostingModel m = fit(params_from(c.at("params")), X, y, K);
        CHECK(test::max_abs_diff(predict_proba(m, Xt), test::matrix_from_json(c.at("predict_proba"))) < 1e-9);
        CHECK(predict(m, Xt) == test::labels_from_json(c.at("predict")));
        const Matrix dec = decision_function(m, Xt);
        if (K == 2) CHECK(test::max_abs_diff(dec.col(1), test::vector_from_json(c.at("decision_function"))) < 1e-9);
        else CHECK(test::max_abs_diff(dec, test::matrix_from_json(c.at("decision_function"))) < 1e-9);
        const Vector loss = Eigen::Map<const Vector>(m.train_loss.data(), static_cast<Index>(m.train_loss.size()));
        CHECK(test::max_abs_diff(loss, test::vector_from_json(c.at("train_score"))) < 1e-9);
        CHECK(test::max_abs_diff(m.feature_importances, test::vector_from_json(c.at("feature_importances"))) < 1e-9);
    }
}

TEST_CASE("stochastic gradient boosting accuracy is close to scikit-learn's", "[classify][boosting][reference]") {
    // Same file, "accuracy": scikit-learn's test accuracy with subsample = 0.8 for random_state 0…4.
    const auto ref = test::reference("gradient_boosting").at("accuracy");
    const Matrix X = test::matrix_from_json(ref.at("X"));
    const Labels y = test::labels_from_json(ref.at("y"));
    const Matrix Xt = test::matrix_from_json(ref.at("X_test"));
    const Labels yt = test::labels_from_json(ref.at("y_test"));
    GradientBoostingParams params = params_from(ref.at("params"));
    double ours = 0;
    for (uint64_t seed : {1, 2, 3}) {
        params.seed = seed;
        const Labels pred = predict(fit(params, X, y, 4), Xt);
        int right = 0;
        for (size_t i = 0; i < yt.size(); ++i) right += pred[i] == yt[i];
        ours += static_cast<double>(right) / static_cast<double>(yt.size()) / 3;
    }
    double theirs = 0;
    for (double a : ref.at("accuracies").get<std::vector<double>>()) theirs += a / 5;
    INFO("ours " << ours << ", scikit-learn " << theirs);
    CHECK(std::fabs(ours - theirs) < 0.025);
}

TEST_CASE("gradient boosting training loss never rises and probabilities sum to 1", "[classify][boosting]") {
    const auto c = test::reference("gradient_boosting").at("exact").at(0);
    const Matrix X = test::matrix_from_json(c.at("X"));
    const Labels y = test::labels_from_json(c.at("y"));
    GradientBoostingParams params;
    params.n_estimators = 40;
    params.max_depth = 3;
    const GradientBoostingModel m = fit(params, X, y, 3);
    REQUIRE(m.train_loss.size() == 40);
    for (size_t i = 1; i < m.train_loss.size(); ++i) CHECK(m.train_loss[i] <= m.train_loss[i - 1] + 1e-12);
    const Matrix p = predict_proba(m, X);
    CHECK((p.rowwise().sum().array() - 1).abs().maxCoeff() < 1e-12);
    CHECK(m.feature_importances.sum() == Approx(1.0));
    // Deterministic for a seed, also with subsampling; the seed matters only then.
    params.subsample = 0.7;
    params.seed = 3;
    const nlohmann::json a = fit(params, X, y, 3), b = fit(params, X, y, 3);
    CHECK(a.dump() == b.dump());
    params.seed = 4;
    CHECK(nlohmann::json(fit(params, X, y, 3)).dump() != a.dump());
}

TEST_CASE("gradient boosting stepper runs one stage per step and round-trips through JSON", "[classify][boosting][stepper][json]") {
    const auto c = test::reference("gradient_boosting").at("exact").at(1);
    const Matrix X = test::matrix_from_json(c.at("X"));
    const Labels y = test::labels_from_json(c.at("y"));
    GradientBoostingParams params;
    params.n_estimators = 6;
    GradientBoostingFitter fitter(params, X, y, 2);
    int steps = 0;
    while (!fitter.step()) ++steps;
    CHECK(steps == 6);  // sorting, stages 1…5; the step of stage 6 finishes
    const GradientBoostingModel m = fitter.result();
    CHECK(m.trees.size() == 6);  // two classes: one tree per stage
    const GradientBoostingModel back = nlohmann::json::parse(nlohmann::json(m).dump()).get<GradientBoostingModel>();
    CHECK(predict_proba(back, X) == predict_proba(m, X));
    CHECK(nlohmann::json(m).dump() == nlohmann::json(fit(params, X, y, 2)).dump());
}

TEST_CASE("gradient boosting rejects bad input with clear messages", "[classify][boosting][errors]") {
    Rng rng(8);
    Matrix X(30, 2);
    Labels y(30);
    for (int i = 0; i < 30; ++i) {
        y[static_cast<size_t>(i)] = i % 3;
        X(i, 0) = rng.normal();
        X(i, 1) = rng.normal();
    }
    GradientBoostingParams params;
    params.n_estimators = 3;
    SECTION("learning rate") {
        params.learning_rate = 0;
        CHECK_THROWS_WITH(fit(params, X, y, 3), Contains("learning_rate must be a positive number"));
    }
    SECTION("subsample") {
        params.subsample = 1.5;
        CHECK_THROWS_WITH(fit(params, X, y, 3), Contains("subsample must be in (0, 1]"));
    }
    SECTION("one class") { CHECK_THROWS_WITH(fit(params, X, Labels(30, 0), 1), Contains("at least 2 classes")); }
    SECTION("predict and corrupt files") {
        const GradientBoostingModel m = fit(params, X, y, 3);
        CHECK_THROWS_WITH(predict_proba(m, Matrix::Zero(2, 3)), Contains("X has 3 columns but the gradient boosting model was fitted on 2"));
        nlohmann::json j = m;
        j["trees_per_stage"] = 2;
        CHECK_THROWS_WITH(j.get<GradientBoostingModel>(), Contains("3 classes need 3"));
        j = m;
        j["trees"].erase(0);
        CHECK_THROWS_WITH(j.get<GradientBoostingModel>(), Contains("multiple of trees_per_stage"));
    }
}
