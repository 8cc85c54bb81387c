#include <catch2/catch.hpp>
#include <cmath>

#include "classify/random_forest.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"
#include "support/test_support.hpp"

using namespace genrelab;
using namespace genrelab::classify;
using Catch::Matchers::Contains;

namespace {

double accuracy(const Labels& a, const Labels& b) {
    int right = 0;
    for (size_t i = 0; i < a.size(); ++i) right += a[i] == b[i];
    return static_cast<double>(right) / static_cast<double>(a.size());
}

double mean(const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += x;
    return s / static_cast<double>(v.size());
}

}  // namespace

TEST_CASE("random forest accuracy is close to scikit-learn's", "[classify][forest][reference]") {
    // tests/data/reference/random_forest.json: scripts/reference/random_forest.py fits scikit-learn 1.2.1's
    // RandomForestClassifier(100 trees, oob_score) with random_state 0…4 on make_classification data it
    // generates; bootstraps differ between the two implementations, so accuracies are compared.
    const auto ref = test::reference("random_forest");
    const Matrix X = test::matrix_from_json(ref.at("X"));
    const Labels y = test::labels_from_json(ref.at("y"));
    const Matrix Xt = test::matrix_from_json(ref.at("X_test"));
    const Labels yt = test::labels_from_json(ref.at("y_test"));
    std::vector<double> acc, oob;
    for (uint64_t seed : {1, 2, 3}) {
        RandomForestParams params;
        params.oob_score = true;
        params.seed = seed;
        const RandomForestModel m = fit(params, X, y, 4);
        acc.push_back(accuracy(predict(m, Xt), yt));
        oob.push_back(m.oob_score);
    }
    const double sk_acc = mean(ref.at("accuracies").get<std::vector<double>>());
    const double sk_oob = mean(ref.at("oob_scores").get<std::vector<double>>());
    INFO("ours " << mean(acc) << " (oob " << mean(oob) << "), scikit-learn " << sk_acc << " (oob " << sk_oob << ")");
    CHECK(std::fabs(mean(acc) - sk_acc) < 0.03);
    CHECK(std::fabs(mean(oob) - sk_oob) < 0.03);
}

TEST_CASE("random forest is deterministic and averages its trees", "[classify][forest]") {
    const auto ref = test::reference("random_forest");
    const Matrix X = test::matrix_from_json(ref.at("X")).topRows(300);
    Labels y = test::labels_from_json(ref.at("y"));
    y.resize(300);
    RandomForestParams params;
    params.n_trees = 12;
    params.seed = 77;
    const RandomForestModel a = fit(params, X, y, 4);
    const RandomForestModel b = fit(params, X, y, 4);
    CHECK(nlohmann::json(a).dump() == nlohmann::json(b).dump());
    params.seed = 78;
    CHECK(nlohmann::json(fit(params, X, y, 4)).dump() != nlohmann::json(a).dump());

    const Matrix p = predict_proba(a, X);
    CHECK((p.rowwise().sum().array() - 1).abs().maxCoeff() < 1e-12);
    Matrix mean_of_trees = Matrix::Zero(X.rows(), 4);
    for (const DecisionTreeModel& t : a.trees) mean_of_trees += predict_proba(t, X);
    mean_of_trees /= static_cast<double>(a.trees.size());
    CHECK(test::max_abs_diff(p, mean_of_trees) < 1e-12);
    CHECK(a.feature_importances.sum() == Approx(1.0));
    CHECK(a.feature_importances.minCoeff() >= 0);
    // Every tree saw a bootstrap sample: fewer distinct rows than the training set, √10 → 3 features.
    for (const DecisionTreeModel& t : a.trees) CHECK(t.nodes.n_samples[0] < 300);
    CHECK(resolve_max_features(params, 10) == 3);
}

TEST_CASE("random forest stepper grows one tree per step", "[classify][forest][stepper]") {
    const auto ref = test::reference("random_forest");
    const Matrix X = test::matrix_from_json(ref.at("X")).topRows(200);
    Labels y = test::labels_from_json(ref.at("y"));
    y.resize(200);
    RandomForestParams params;
    params.n_trees = 5;
    RandomForestFitter fitter(params, X, y, 4);
    int steps = 0;
    double last = 0;
    while (!fitter.step()) {
        ++steps;
        CHECK(fitter.fraction() > last);
        last = fitter.fraction();
    }
    CHECK(steps == 5);  // sorting the columns, then trees 1…4; the step that grows tree 5 finishes
    CHECK(fitter.fraction() == 1.0);
    CHECK(nlohmann::json(fitter.result()).dump() == nlohmann::json(fit(params, X, y, 4)).dump());
}

TEST_CASE("random forest survives a JSON round trip", "[classify][forest][json]") {
    const auto ref = test::reference("random_forest");
    const Matrix X = test::matrix_from_json(ref.at("X")).topRows(250);
    Labels y = test::labels_from_json(ref.at("y"));
    y.resize(250);
    RandomForestParams params;
    params.n_trees = 8;
    params.oob_score = true;
    const RandomForestModel m = fit(params, X, y, 4);
    const RandomForestModel back = nlohmann::json::parse(nlohmann::json(m).dump()).get<RandomForestModel>();
    CHECK(predict_proba(back, X) == predict_proba(m, X));
    CHECK(back.oob_score == m.oob_score);
}

TEST_CASE("random forest JSON is compact and still loads the full tree form", "[classify][forest][json]") {
    const auto ref = test::reference("random_forest");
    const Matrix X = test::matrix_from_json(ref.at("X")).topRows(250);
    Labels y = test::labels_from_json(ref.at("y"));
    y.resize(250);
    RandomForestParams params;
    params.n_trees = 6;
    const RandomForestModel m = fit(params, X, y, 4);
    const nlohmann::json compact = m;
    REQUIRE(compact.at("tree_format") == "compact");
    CHECK_FALSE(compact.at("trees")[0].contains("impurity"));
    // The older form: every tree as DecisionTreeModel's JSON.
    nlohmann::json full = compact;
    full["tree_format"] = "full";
    full["trees"] = nlohmann::json::array();
    for (const auto& t : m.trees) full["trees"].push_back(nlohmann::json(t));
    CHECK(compact.dump().size() * 10 < full.dump().size() * 7);   // at least 30 % smaller
    CHECK(predict_proba(full.get<RandomForestModel>(), X) == predict_proba(m, X));
    CHECK(predict_proba(compact.get<RandomForestModel>(), X) == predict_proba(m, X));
    // Every size is checked before use (model files come from strangers).
    nlohmann::json bad = compact;
    bad["trees"][0]["leaf_size"].push_back(1);
    CHECK_THROWS_WITH(bad.get<RandomForestModel>(), Contains("more leaf sizes than leaves"));
    bad = compact;
    bad["trees"][0]["right"].erase(0);
    CHECK_THROWS_WITH(bad.get<RandomForestModel>(), Contains("different lengths"));
    bad = compact;
    bad["trees"][1]["leaf_class"] = nlohmann::json::array();
    CHECK_THROWS_WITH(bad.get<RandomForestModel>(), Contains("too few leaf entries"));
    bad = compact;
    bad["tree_format"] = "zip";
    CHECK_THROWS_WITH(bad.get<RandomForestModel>(), Contains("unknown tree_format"));
}

TEST_CASE("random forest rejects bad input with clear messages", "[classify][forest][errors]") {
    Rng rng(3);
    Matrix X(40, 3);
    Labels y(40);
    for (int i = 0; i < 40; ++i) {
        y[static_cast<size_t>(i)] = i % 2;
        for (int f = 0; f < 3; ++f) X(i, f) = rng.normal();
    }
    RandomForestParams params;
    params.n_trees = 3;
    SECTION("no trees") {
        params.n_trees = 0;
        CHECK_THROWS_WITH(fit(params, X, y, 2), Contains("at least one tree"));
    }
    SECTION("oob without bootstrap") {
        params.bootstrap = false;
        params.oob_score = true;
        CHECK_THROWS_WITH(fit(params, X, y, 2), Contains("oob_score needs bootstrap"));
    }
    SECTION("too many features") {
        params.max_features = MaxFeatures::Count;
        params.max_features_count = 4;
        CHECK_THROWS_WITH(fit(params, X, y, 2), Contains("max_features_count must be between 1 and the number of features (3)"));
    }
    SECTION("labels and rows differ") {
        y.push_back(0);
        CHECK_THROWS_WITH(fit(params, X, y, 2), Contains("X has 40 rows but y has 41 labels"));
    }
    SECTION("wrong columns at predict time and corrupt files") {
        const RandomForestModel m = fit(params, X, y, 2);
        CHECK_THROWS_WITH(predict(m, Matrix::Zero(1, 2)), Contains("fitted on 3"));
        nlohmann::json j = m;
        // The older "full" tree form carries each tree's own sizes; they must agree with the forest's.
        j["tree_format"] = "full";
        j["trees"] = nlohmann::json::array();
        for (const auto& t : m.trees) j["trees"].push_back(nlohmann::json(t));
        j["trees"][1]["n_classes"] = 3;
        CHECK_THROWS_WITH(j.get<RandomForestModel>(), Contains("different number of features or classes"));
        // The compact form takes them from the forest and checks each tree against them.
        j = m;
        j["trees"][1]["feature"][0] = 3;
        CHECK_THROWS_WITH(j.get<RandomForestModel>(), Contains("splits on feature 3"));
        j = m;
        j["trees"] = nlohmann::json::array();
        CHECK_THROWS_WITH(j.get<RandomForestModel>(), Contains("has no trees"));
    }
}
