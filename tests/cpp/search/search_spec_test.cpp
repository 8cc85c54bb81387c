// The search spec: grid expansion in scikit-learn's ParameterGrid order, random draws within their bounds
// and reproducible, dotted paths into the recipe, and clear errors for bad specs before any fitting.
#include <catch2/catch.hpp>
#include <cmath>
#include <set>

#include "core/error.hpp"
#include "search/search_spec.hpp"

using Catch::Matchers::Contains;
using genrelab::Error;
using nlohmann::json;
namespace search = genrelab::search;

namespace {

json base_recipe() {
    return json::parse(R"({"label":"genre","features":["energy","tempo"],"seed":3,
        "stages":[{"type":"impute","strategy":"median"},{"type":"scale","method":"standard"}],
        "classifier":{"type":"knn","k":5}})");
}

json spec_with(const json& params, const std::string& method = "grid") {
    return json{{"recipe", base_recipe()}, {"method", method}, {"params", params}, {"n_iter", 6}, {"seed", 9}};
}

std::string error_of(const json& spec) {
    try {
        search::expand(search::parse_search_spec(spec));
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("search spec: grid size is the product and the order is scikit-learn's ParameterGrid", "[search]") {
    const json params = {{"classifier.weights", {"uniform", "distance"}}, {"classifier.k", {1, 3, 7}}, {"stages.1.method", {"standard", "minmax"}}};
    const search::SearchSpec s = search::parse_search_spec(spec_with(params));
    CHECK(search::grid_size(s) == 12);
    const auto cands = search::expand(s);
    REQUIRE(cands.size() == 12);
    // ParameterGrid: keys sorted (classifier.k < classifier.weights < stages.1.method), the last varies fastest.
    CHECK(cands[0].params == json{{"classifier.k", 1}, {"classifier.weights", "uniform"}, {"stages.1.method", "standard"}});
    CHECK(cands[1].params == json{{"classifier.k", 1}, {"classifier.weights", "uniform"}, {"stages.1.method", "minmax"}});
    CHECK(cands[2].params == json{{"classifier.k", 1}, {"classifier.weights", "distance"}, {"stages.1.method", "standard"}});
    CHECK(cands[11].params == json{{"classifier.k", 7}, {"classifier.weights", "distance"}, {"stages.1.method", "minmax"}});
    // The values reach the recipes.
    CHECK(cands[5].recipe.classifier.at("k") == 3);
    CHECK(cands[5].recipe.classifier.at("weights") == "uniform");
    CHECK(cands[5].recipe.stages.at(1).at("method") == "minmax");
    CHECK(cands[5].recipe.stages.at(0).at("strategy") == "median");   // untouched parts stay
    std::set<std::string> distinct;
    for (const auto& c : cands) distinct.insert(c.params.dump());
    CHECK(distinct.size() == 12);
}

TEST_CASE("search spec: a list of grids and whole classifier objects", "[search]") {
    const json params = json::array({json{{"classifier", json::array({json{{"type", "knn"}, {"k", 3}}, json{{"type", "logistic"}, {"C", 0.5}}})}},
                                     json{{"classifier.k", {9, 11}}}});
    const search::SearchSpec s = search::parse_search_spec(spec_with(params));
    CHECK(search::grid_size(s) == 4);
    const auto cands = search::expand(s);
    REQUIRE(cands.size() == 4);
    CHECK(cands[1].recipe.classifier.at("type") == "logistic");
    CHECK(cands[3].recipe.classifier == json{{"type", "knn"}, {"k", 11}});
    // An empty params object searches the base recipe alone.
    CHECK(search::expand(search::parse_search_spec(spec_with(json::object()))).size() == 1);
}

TEST_CASE("search spec: random draws stay within their bounds and repeat with the seed", "[search]") {
    json params = {{"classifier.k", {{"int_uniform", {2, 4}}}},
                   {"classifier.metric", {"euclidean", "manhattan"}}};
    json spec = spec_with(params, "random");
    spec["n_iter"] = 200;
    const auto a = search::expand(search::parse_search_spec(spec));
    const auto b = search::expand(search::parse_search_spec(spec));
    REQUIRE(a.size() == 200);
    std::set<int> ks;
    std::set<std::string> metrics;
    for (size_t i = 0; i < a.size(); ++i) {
        CHECK(a[i].params == b[i].params);
        const int k = a[i].params.at("classifier.k");
        CHECK(k >= 2);
        CHECK(k <= 4);
        ks.insert(k);
        metrics.insert(a[i].params.at("classifier.metric").get<std::string>());
    }
    CHECK(ks == std::set<int>{2, 3, 4});   // both ends are included
    CHECK(metrics.size() == 2);
    spec["seed"] = 10;
    const auto c = search::expand(search::parse_search_spec(spec));
    size_t same = 0;
    for (size_t i = 0; i < a.size(); ++i) same += a[i].params == c[i].params;
    CHECK(same < 150);   // another seed, other draws (3·2 = 6 combinations: about 1/6 agree by chance)

    // Continuous draws (the MLP's learning rate) for a recipe whose classifier is an MLP.
    json mlp = spec_with({{"classifier.learning_rate", {{"log_uniform", {1e-4, 1e-2}}}}, {"classifier.dropout", {{"uniform", {0.1, 0.3}}}}}, "random");
    mlp["recipe"]["classifier"] = {{"type", "mlp"}, {"hidden", {8}}};
    mlp["n_iter"] = 300;
    const auto m = search::expand(search::parse_search_spec(mlp));
    double lo = 1, hi = 0, below_1e3 = 0;
    for (const auto& cand : m) {
        const double lr = cand.params.at("classifier.learning_rate"), dr = cand.params.at("classifier.dropout");
        CHECK(dr >= 0.1);
        CHECK(dr < 0.3);
        lo = std::min(lo, lr);
        hi = std::max(hi, lr);
        below_1e3 += lr < 1e-3;
        CHECK(cand.recipe.classifier.at("learning_rate") == cand.params.at("classifier.learning_rate"));
    }
    CHECK(lo >= 1e-4);
    CHECK(hi <= 1e-2);
    CHECK(lo < 2e-4);
    CHECK(hi > 5e-3);
    CHECK(below_1e3 / 300 == Approx(0.5).margin(0.1));   // log-uniform: half the draws below the geometric middle
}

TEST_CASE("search spec: a random search over lists samples the grid without replacement", "[search]") {
    json spec = spec_with({{"classifier.k", {1, 2, 3, 4, 5}}, {"classifier.weights", {"uniform", "distance"}}}, "random");
    spec["n_iter"] = 7;
    const auto a = search::expand(search::parse_search_spec(spec));
    REQUIRE(a.size() == 7);
    std::set<std::string> distinct;
    for (const auto& c : a) distinct.insert(c.params.dump());
    CHECK(distinct.size() == 7);
    spec["n_iter"] = 50;   // more than the grid: the whole grid, in grid order
    const auto all = search::expand(search::parse_search_spec(spec));
    const auto grid = search::expand(search::parse_search_spec(spec_with(spec["params"])));
    REQUIRE(all.size() == 10);
    for (size_t i = 0; i < all.size(); ++i) CHECK(all[i].params == grid[i].params);
}

TEST_CASE("search spec: set_path walks objects and lists", "[search]") {
    const json r = base_recipe();
    CHECK(search::set_path(r, "classifier.weights", "distance").at("classifier").at("weights") == "distance");
    CHECK(search::set_path(r, "stages.0.strategy", "mean").at("stages").at(0).at("strategy") == "mean");
    CHECK_THROWS_WITH(search::set_path(r, "stages.2.method", "minmax"), Contains("has only 2 entries"));
    CHECK_THROWS_WITH(search::set_path(r, "stages.x.method", "minmax"), Contains("must be a position"));
    CHECK_THROWS_WITH(search::set_path(r, "classifier.k.z", 1), Contains("is a single value"));
    CHECK_THROWS_WITH(search::set_path(r, "classifier..k", 1), Contains("empty part"));
}

TEST_CASE("search spec: bad specs are refused with a message naming the problem", "[search]") {
    CHECK_THAT(error_of(spec_with({{"split.test_fraction", {0.1, 0.2}}})), Contains("would change which rows"));
    CHECK_THAT(error_of(spec_with({{"seed", {1, 2}}})), Contains("'seed'"));
    CHECK_THAT(error_of(spec_with({{"classifer.k", {1, 2}}})), Contains("does not start with 'classifier'"));
    CHECK_THAT(error_of(spec_with({{"classifier.k", json::array()}})), Contains("lists no values"));
    CHECK_THAT(error_of(spec_with({{"classifier.k", 5}})), Contains("must be a list of values"));
    CHECK_THAT(error_of(spec_with({{"classifier.k", {{"uniform", {1, 5}}}}})), Contains("only a random search"));
    CHECK_THAT(error_of(spec_with({{"classifier.k", {{"log_uniform", {0, 5}}}}}, "random")), Contains("0 < low < high"));
    CHECK_THAT(error_of(spec_with({{"classifier.k", {{"int_uniform", {1.5, 5}}}}}, "random")), Contains("two whole numbers"));
    // A setting the classifier does not have, or a bad value, names the candidate and the path.
    const std::string kk = error_of(spec_with({{"classifier.kk", {1, 2}}}));
    CHECK_THAT(kk, Contains("candidate 1 (classifier.kk = 1)"));
    CHECK_THAT(kk, Contains("no setting 'kk'"));
    const std::string k0 = error_of(spec_with({{"classifier.k", {3, 0}}}));
    CHECK_THAT(k0, Contains("candidate 2 (classifier.k = 0)"));
    CHECK_THAT(k0, Contains("k ≥ 1"));
    CHECK_THAT(error_of(spec_with({{"classifier.metric", json::array({"euclidian"})}})), Contains("'euclidian' is not a valid value"));
    CHECK_THAT(error_of(spec_with({{"stages.1.method", {"standard", "maxmin"}}})), Contains("candidate 2"));
    CHECK_THAT(error_of(spec_with({{"stages.5.method", json::array({"standard"})}})), Contains("has only 2 entries"));

    json s = spec_with({{"classifier.k", json::array({1})}});
    s["cv"] = {{"folds", 1}};
    CHECK_THAT(error_of(s), Contains("cv.folds must be between 2"));
    s["cv"] = {{"folds", 3}, {"stratifed", true}};
    CHECK_THAT(error_of(s), Contains("unknown field 'stratifed' in cv"));
    s.erase("cv");
    s["select"] = {{"metric", "precision"}};
    CHECK_THAT(error_of(s), Contains("select.metric must be"));
    s["select"] = {{"weighted", {{"w1", -1}}}};
    CHECK_THAT(error_of(s), Contains("w1, w2 ≥ 0"));
    s.erase("select");
    s["nfolds"] = 3;
    CHECK_THAT(error_of(s), Contains("unknown field 'nfolds'"));
    CHECK_THAT(error_of(json{{"params", json::object()}}), Contains("'recipe'"));
    CHECK_THAT(error_of(json{{"recipe", {{"features", {"a"}}}}}), Contains("'label'"));
    CHECK_THROWS_WITH(search::parse_search_spec_text("{"), Contains("not valid JSON"));
}

TEST_CASE("search spec: to_json reads back to the same spec", "[search]") {
    json spec = spec_with({{"classifier.k", {{"int_uniform", {2, 9}}}}, {"classifier.weights", {"uniform", "distance"}}}, "random");
    spec["select"] = {{"weighted", {{"w1", 2}, {"w2", 1}}}};
    spec["cv"] = {{"folds", 3}, {"shuffle", false}};
    const search::SearchSpec a = search::parse_search_spec(spec);
    const search::SearchSpec b = search::parse_search_spec(search::to_json(a));
    CHECK(search::to_json(b) == search::to_json(a));
    const auto ca = search::expand(a), cb = search::expand(b);
    REQUIRE(ca.size() == cb.size());
    for (size_t i = 0; i < ca.size(); ++i) CHECK(ca[i].params == cb[i].params);
    CHECK(b.select.metric == "weighted");
    CHECK(b.select.w1 == 2);
    CHECK(b.cv.folds == 3);
    CHECK_FALSE(b.cv.shuffle);
}
