// start_importance: permutation importance of a trained pipeline on its own test rows, as a job.
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "../pipeline/pipeline_fixture.hpp"
#include "bindings/api.hpp"
#include "bindings/api_importance.hpp"

using nlohmann::json;
using Catch::Matchers::Contains;
namespace api = genrelab::api;

namespace {

json ok(const std::string& reply) {
    json j = json::parse(reply);
    INFO(reply.substr(0, 400));
    REQUIRE(j.at("ok") == true);
    return j;
}

std::string error_of(const std::string& reply) {
    json j = json::parse(reply);
    INFO(reply);
    REQUIRE(j.at("ok") == false);
    return j.at("error");
}

json run_job(int job) {
    double last = -1;
    for (int i = 0; i < 100000; ++i) {
        const json s = ok(api::step_job(job, 5));
        CHECK(s.at("fraction").get<double>() >= last);
        last = s.at("fraction");
        if (s.at("done") == true) break;
    }
    return ok(api::finish_job(job));
}

}  // namespace

TEST_CASE("api: permutation importance of a trained pipeline on its test rows", "[bindings][importance]") {
    const int dataset = ok(api::load_csv(genrelab::test::synthetic_songs_csv(), "{}")).at("dataset");
    const json trained = run_job(ok(api::start_training(dataset, genrelab::test::synthetic_recipe())).at("job"));
    const int model = trained.at("model");
    const json r = run_job(ok(api::start_importance(model, dataset, R"({"n_repeats":4,"seed":9})")).at("job"));
    // The same split as training: the unshuffled accuracy is the report's test accuracy, on the same rows.
    CHECK(r.at("n_rows") == trained.at("report").at("n_test"));
    CHECK(r.at("baseline").get<double>() == Approx(trained.at("report").at("metrics").at("accuracy").get<double>()).margin(1e-12));
    CHECK(r.at("rows") == "test");
    REQUIRE(r.at("features").size() == 6);   // the recipe's original columns, "key" and "mode" before encoding
    std::map<std::string, json> by_name;
    for (const auto& f : r.at("features")) {
        by_name[f.at("name")] = f;
        CHECK(f.at("drops").size() == 4);
        CHECK(f.at("std").get<double>() >= 0);
    }
    // The fixture's genres differ in energy, acousticness and speechiness; key and mode are drawn at random.
    CHECK(by_name.at("acousticness").at("mean").get<double>() > 0.05);
    CHECK(by_name.at("speechiness").at("mean").get<double>() > 0.05);
    CHECK(std::abs(by_name.at("key").at("mean").get<double>()) < by_name.at("acousticness").at("mean").get<double>() / 2);
    CHECK(std::abs(by_name.at("mode").at("mean").get<double>()) < by_name.at("acousticness").at("mean").get<double>() / 2);

    SECTION("same options, same numbers; all rows is another row set") {
        const json again = run_job(ok(api::start_importance(model, dataset, R"({"n_repeats":4,"seed":9})")).at("job"));
        CHECK(again.at("features") == r.at("features"));
        const json all = run_job(ok(api::start_importance(model, dataset, R"({"n_repeats":2,"rows":"all"})")).at("job"));
        CHECK(all.at("n_rows") == 360);
        CHECK(all.at("features").size() == 6);
    }
    SECTION("bad options and unknown ids are messages") {
        CHECK_THAT(error_of(api::start_importance(model, dataset, R"({"n_repeats":0})")), Contains("'n_repeats' must be between 1 and 100"));
        CHECK_THAT(error_of(api::start_importance(model, dataset, R"({"rows":"train"})")), Contains("'rows' must be \"test\" or \"all\""));
        CHECK_THAT(error_of(api::start_importance(model, dataset, R"({"max_rows":5})")), Contains("'max_rows'"));
        CHECK_THAT(error_of(api::start_importance(model, 99999, "{}")), Contains("no dataset"));
        CHECK_THAT(error_of(api::start_importance(99999, dataset, "{}")), Contains("no model"));
        const int other = ok(api::load_csv("a,b\n1,x\n2,y\n", "{}")).at("dataset");
        CHECK_THAT(error_of(api::start_importance(model, other, "{}")), Contains("energy"));
    }
}
