#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "classify/decision_tree.hpp"
#include "classify/tree_regression.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"
#include "support/test_support.hpp"

using namespace genrelab;
using namespace genrelab::classify;
using Catch::Matchers::Contains;

namespace {

Matrix noisy_classes(int n, int d, int k, uint64_t seed, Labels& y) {
    Rng rng(seed);
    Matrix X(n, d);
    y.resize(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {
        const int c = static_cast<int>(rng.below(static_cast<uint64_t>(k)));
        y[static_cast<size_t>(i)] = c;
        for (int f = 0; f < d; ++f) X(i, f) = rng.normal() + (f < 2 ? 0.8 * c * (f + 1) : 0.0);
    }
    return X;
}

}  // namespace

TEST_CASE("decision tree grows scikit-learn's tree", "[classify][tree][reference]") {
    // tests/data/reference/decision_tree.json: scripts/reference/decision_tree.py runs scikit-learn 1.2.1's
    // DecisionTreeClassifier on float32-exact make_classification data; every case was checked there to
    // give the same tree for ten random_states (no tie-breaking involved).
    const auto ref = test::reference("decision_tree");
    const Matrix X = test::matrix_from_json(ref.at("X"));
    const Labels y = test::labels_from_json(ref.at("y"));
    const Matrix Xt = test::matrix_from_json(ref.at("X_test"));
    for (const auto& c : ref.at("cases")) {
        INFO("case " << c.at("name").get<std::string>());
        const auto& p = c.at("params");
        DecisionTreeParams params;
        params.criterion = p.at("criterion") == "gini" ? TreeCriterion::Gini : TreeCriterion::Entropy;
        params.max_depth = p.at("max_depth").get<int>();
        if (p.contains("min_samples_leaf")) params.min_samples_leaf = p.at("min_samples_leaf").get<int>();
        if (p.contains("min_samples_split")) params.min_samples_split = p.at("min_samples_split").get<int>();
        if (p.contains("class_weight")) params.class_weight_balanced = true;
        const DecisionTreeModel m = fit(params, X, y, 3);

        REQUIRE(m.nodes.size() == c.at("node_count").get<int>());
        std::vector<int> feature = c.at("feature").get<std::vector<int>>();
        for (int& f : feature) f = f < 0 ? -1 : f;  // scikit-learn marks leaves with −2
        CHECK(m.nodes.feature == feature);
        CHECK(m.nodes.left == c.at("children_left").get<std::vector<int>>());
        CHECK(m.nodes.right == c.at("children_right").get<std::vector<int>>());
        CHECK(m.nodes.n_samples == c.at("n_node_samples").get<std::vector<int>>());
        const auto thr = c.at("threshold").get<std::vector<double>>();
        const auto imp = c.at("impurity").get<std::vector<double>>();
        for (int i = 0; i < m.nodes.size(); ++i) {
            if (m.nodes.feature[static_cast<size_t>(i)] >= 0) CHECK(m.nodes.threshold[static_cast<size_t>(i)] == thr[static_cast<size_t>(i)]);
            CHECK(m.nodes.impurity[static_cast<size_t>(i)] == Approx(imp[static_cast<size_t>(i)]).margin(1e-12));
        }
        CHECK(test::max_abs_diff(m.feature_importances, test::vector_from_json(c.at("feature_importances"))) < 1e-12);
        CHECK(test::max_abs_diff(predict_proba(m, Xt), test::matrix_from_json(c.at("predict_proba"))) < 1e-12);
        CHECK(predict(m, Xt) == test::labels_from_json(c.at("predict")));
    }
}

TEST_CASE("regression tree grows scikit-learn's tree for both criteria", "[classify][tree][reference]") {
    // Same file, "regression": scikit-learn's DecisionTreeRegressor on float32-exact make_regression data.
    const auto ref = test::reference("decision_tree").at("regression");
    const Matrix X = test::matrix_from_json(ref.at("X"));
    const Vector y = test::vector_from_json(ref.at("y"));
    const Matrix Xt = test::matrix_from_json(ref.at("X_test"));
    for (const auto& c : ref.at("cases")) {
        INFO("case " << c.at("name").get<std::string>());
        const auto& p = c.at("params");
        RegressionTreeParams params;
        params.criterion = p.at("criterion") == "squared_error" ? RegressionCriterion::SquaredError : RegressionCriterion::FriedmanMse;
        params.max_depth = p.at("max_depth").get<int>();
        params.min_samples_leaf = p.at("min_samples_leaf").get<int>();
        const RegressionTreeModel m = fit(params, X, y);
        std::vector<int> feature = c.at("feature").get<std::vector<int>>();
        for (int& f : feature) f = f < 0 ? -1 : f;
        CHECK(m.nodes.feature == feature);
        const auto imp = c.at("impurity").get<std::vector<double>>();
        for (int i = 0; i < m.nodes.size(); ++i) CHECK(m.nodes.impurity[static_cast<size_t>(i)] == Approx(imp[static_cast<size_t>(i)]).epsilon(1e-9));
        CHECK(test::max_abs_diff(feature_importances(m), test::vector_from_json(c.at("feature_importances"))) < 1e-9);
        CHECK(test::max_abs_diff(predict(m, Xt), test::vector_from_json(c.at("predict"))) < 1e-8);
    }
}

TEST_CASE("decision tree invariants hold", "[classify][tree]") {
    Labels y;
    const Matrix X = noisy_classes(400, 5, 4, 9, y);
    SECTION("a fully grown tree fits distinct training rows exactly") {
        const DecisionTreeModel m = fit(DecisionTreeParams{}, X, y, 4);
        CHECK(predict(m, X) == y);
        const Matrix p = predict_proba(m, X);
        CHECK((p.rowwise().sum().array() - 1).abs().maxCoeff() < 1e-12);
        CHECK(m.feature_importances.sum() == Approx(1.0));
    }
    SECTION("limits are respected and every split lowers the weighted impurity") {
        DecisionTreeParams params;
        params.max_depth = 5;
        params.min_samples_leaf = 7;
        params.criterion = TreeCriterion::Entropy;
        const DecisionTreeModel m = fit(params, X, y, 4);
        std::vector<int> depth(static_cast<size_t>(m.nodes.size()), 0);
        for (int i = 0; i < m.nodes.size(); ++i) {
            const int l = m.nodes.left[static_cast<size_t>(i)], r = m.nodes.right[static_cast<size_t>(i)];
            if (l < 0) {
                CHECK(m.nodes.n_samples[static_cast<size_t>(i)] >= 7);
                CHECK(depth[static_cast<size_t>(i)] <= 5);
                continue;
            }
            depth[static_cast<size_t>(l)] = depth[static_cast<size_t>(r)] = depth[static_cast<size_t>(i)] + 1;
            CHECK(m.nodes.n_samples[static_cast<size_t>(l)] + m.nodes.n_samples[static_cast<size_t>(r)] == m.nodes.n_samples[static_cast<size_t>(i)]);
            const double children = m.nodes.weighted_n[static_cast<size_t>(l)] * m.nodes.impurity[static_cast<size_t>(l)] +
                                    m.nodes.weighted_n[static_cast<size_t>(r)] * m.nodes.impurity[static_cast<size_t>(r)];
            CHECK(children <= m.nodes.weighted_n[static_cast<size_t>(i)] * m.nodes.impurity[static_cast<size_t>(i)] + 1e-9);
        }
        // The root's distribution is the class frequency of the training set.
        const Matrix dist = node_distribution(m);
        for (int k = 0; k < 4; ++k)
            CHECK(dist(0, k) == Approx(std::count(y.begin(), y.end(), k) / 400.0).epsilon(1e-12));
    }
    SECTION("balanced class weights make every class weigh the same at the root") {
        Labels yi = y;
        for (size_t i = 0; i < yi.size(); i += 3) yi[i] = 0;  // make class 0 dominant
        DecisionTreeParams params;
        params.class_weight_balanced = true;
        params.max_depth = 1;
        const DecisionTreeModel m = fit(params, X, yi, 4);
        const Matrix dist = node_distribution(m);
        for (int k = 0; k < 4; ++k) CHECK(dist(0, k) == Approx(0.25).epsilon(1e-12));
    }
    SECTION("max_features draws features deterministically from the seed") {
        DecisionTreeParams params;
        params.max_features = 2;
        params.seed = 5;
        const nlohmann::json a = fit(params, X, y, 4), b = fit(params, X, y, 4);
        CHECK(a.dump() == b.dump());
        params.seed = 6;
        const nlohmann::json c = fit(params, X, y, 4);
        CHECK(a.dump() != c.dump());
    }
}

TEST_CASE("decision tree survives a JSON round trip", "[classify][tree][json]") {
    Labels y;
    const Matrix X = noisy_classes(300, 4, 3, 2, y);
    DecisionTreeParams params;
    params.max_depth = 6;
    const DecisionTreeModel m = fit(params, X, y, 3);
    const DecisionTreeModel back = nlohmann::json::parse(nlohmann::json(m).dump()).get<DecisionTreeModel>();
    CHECK(predict_proba(back, X) == predict_proba(m, X));
    CHECK(apply(back, X) == apply(m, X));
    const RegressionTreeModel r = fit(RegressionTreeParams{}, X, Vector(X.col(0)));
    const RegressionTreeModel rback = nlohmann::json::parse(nlohmann::json(r).dump()).get<RegressionTreeModel>();
    CHECK(predict(rback, X) == predict(r, X));
    const DecisionTreeParams p = nlohmann::json::parse(R"({"criterion": "entropy", "max_depth": 3})").get<DecisionTreeParams>();
    CHECK(p.criterion == TreeCriterion::Entropy);
    CHECK(p.max_depth == 3);
    CHECK(p.min_samples_leaf == 1);
}

TEST_CASE("decision tree rejects bad input with clear messages", "[classify][tree][errors]") {
    Labels y;
    Matrix X = noisy_classes(50, 3, 3, 4, y);
    DecisionTreeParams params;
    SECTION("infinite value") {
        X(7, 2) = std::numeric_limits<double>::infinity();
        CHECK_THROWS_WITH(fit(params, X, y, 3), Contains("row 8, column 3"));
    }
    SECTION("label outside the classes") {
        y[0] = 3;
        CHECK_THROWS_WITH(fit(params, X, y, 3), Contains("label 3 on row 1 is outside"));
    }
    SECTION("bad settings") {
        params.min_samples_leaf = 0;
        CHECK_THROWS_WITH(fit(params, X, y, 3), Contains("min_samples_leaf must be at least 1"));
        params = DecisionTreeParams{};
        params.min_samples_split = 1;
        CHECK_THROWS_WITH(fit(params, X, y, 3), Contains("min_samples_split must be at least 2"));
        params = DecisionTreeParams{};
        params.class_weight = {1.0, 2.0};
        CHECK_THROWS_WITH(fit(params, X, y, 3), Contains("class_weight has 2 entries but there are 3 classes"));
    }
    SECTION("wrong columns at predict time") {
        const DecisionTreeModel m = fit(params, X, y, 3);
        CHECK_THROWS_WITH(predict(m, Matrix::Zero(2, 5)), Contains("X has 5 columns but the decision tree was fitted on 3"));
    }
    SECTION("corrupt model files") {
        const DecisionTreeModel m = fit(params, X, y, 3);
        nlohmann::json j = m;
        j["nodes"]["left"][0] = 0;  // a cycle
        CHECK_THROWS_WITH(j.get<DecisionTreeModel>(), Contains("invalid children"));
        j = m;
        j["nodes"]["feature"][0] = 9;
        CHECK_THROWS_WITH(j.get<DecisionTreeModel>(), Contains("splits on feature 9"));
        j = m;
        j["leaf_class"][0] = 5;
        CHECK_THROWS_WITH(j.get<DecisionTreeModel>(), Contains("unknown class"));
        j = m;
        j["nodes"].erase("threshold");
        CHECK_THROWS_WITH(j.get<DecisionTreeModel>(), Contains("no 'threshold'"));
    }
}
