#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "pipeline/recipe.hpp"
#include "pipeline/stage.hpp"

using namespace genrelab;
using namespace genrelab::pipeline;
using Catch::Matchers::Contains;

TEST_CASE("a full recipe parses and round-trips through JSON", "[pipeline][recipe]") {
    const auto text = R"({"format":"genrelab-recipe","version":1,"label":"genre","features":["tempo","energy"],"seed":7,
        "split":{"method":"stratified","test_fraction":0.3,"validation_fraction":0.1},
        "stages":[{"type":"impute","strategy":"median"}],"classifier":{"type":"knn","k":3}})";
    const Recipe r = parse_recipe_text(text);
    CHECK(r.label == "genre");
    CHECK(r.features == std::vector<std::string>{"tempo", "energy"});
    CHECK(r.seed == 7);
    CHECK(r.split.test_fraction == Approx(0.3));
    CHECK(r.split.validation_fraction == Approx(0.1));
    REQUIRE(r.stages.size() == 1);
    CHECK(r.classifier.at("k") == 3);
    const Recipe again = parse_recipe(to_json(r));
    CHECK(to_json(again) == to_json(r));
}

TEST_CASE("recipe defaults fill what is left out", "[pipeline][recipe]") {
    const Recipe r = parse_recipe_text(R"({"label":"genre","features":["a"]})");
    CHECK(r.seed == 42);
    CHECK(r.split.method == "stratified");
    CHECK(r.split.test_fraction == Approx(0.2));
    CHECK(r.classifier.at("type") == "knn");
}

TEST_CASE("bad recipes are refused with the field named", "[pipeline][recipe]") {
    CHECK_THROWS_WITH(parse_recipe_text("{"), Contains("not valid JSON"));
    CHECK_THROWS_WITH(parse_recipe_text(R"({"features":["a"]})"), Contains("'label'"));
    CHECK_THROWS_WITH(parse_recipe_text(R"({"label":"g","features":[]})"), Contains("'features'"));
    CHECK_THROWS_WITH(parse_recipe_text(R"({"label":"g","features":["a","a"]})"), Contains("listed twice"));
    CHECK_THROWS_WITH(parse_recipe_text(R"({"label":"g","features":["g"]})"), Contains("cannot also be a feature"));
    CHECK_THROWS_WITH(parse_recipe_text(R"({"label":"g","features":["a"],"sead":1})"), Contains("unknown field 'sead'"));
    CHECK_THROWS_WITH(parse_recipe_text(R"({"label":"g","features":["a"],"seed":-1})"), Contains("non-negative"));
    CHECK_THROWS_WITH(parse_recipe_text(R"({"label":"g","features":["a"],"split":{"test_fraction":1.5}})"), Contains("[0, 1)"));
    CHECK_THROWS_WITH(parse_recipe_text(R"({"label":"g","features":["a"],"split":{"test_fraction":0.6,"validation_fraction":0.5}})"),
                      Contains("no training rows"));
    CHECK_THROWS_WITH(parse_recipe_text(R"({"label":"g","features":["a"],"split":{"method":"group"}})"), Contains("group_column"));
    CHECK_THROWS_WITH(parse_recipe_text(R"({"label":"g","features":["a"],"version":99})"), Contains("newer"));
    CHECK_THROWS_WITH(parse_recipe_text(R"({"label":"g","features":["a"],"format":"other"})"), Contains("format"));
    CHECK_THROWS_WITH(parse_recipe_text(R"({"label":"g","features":["a"],"classifier":{"k":3}})"), Contains("\"type\""));
    CHECK_THROWS_WITH(parse_recipe_text(R"({"label":"g","features":["a"],"stages":[{"strategy":"median"}]})"), Contains("\"type\""));
    CHECK_THROWS_WITH(parse_recipe_text(R"({"label":7,"features":["a"]})"), Contains("wrong type"));
}

TEST_CASE("a misspelt setting value is refused, not replaced by a default", "[pipeline][recipe]") {
    // nlohmann turns an unknown enum string into the first enum value; parse_params must catch that.
    CHECK_THROWS_WITH(make_stage(json{{"type", "impute"}, {"strategy", "medain"}}), Contains("'medain' is not a valid value"));
    CHECK_THROWS_WITH(make_classifier(json{{"type", "knn"}, {"metric", "euclidian"}}), Contains("'euclidian'"));
    CHECK_NOTHROW(make_stage(json{{"type", "impute"}, {"strategy", "mean"}}));
}
