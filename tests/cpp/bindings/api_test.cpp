// The api layer the wasm module exposes: every call answers JSON, errors come back as {"ok":false},
// a failed job leaves the loaded data and earlier models usable.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "../pipeline/pipeline_fixture.hpp"
#include "bindings/api.hpp"

using nlohmann::json;
using Catch::Matchers::Contains;
namespace api = genrelab::api;

namespace {

json ok(const std::string& reply) {
    json j = json::parse(reply);
    INFO(reply);
    REQUIRE(j.at("ok") == true);
    return j;
}

json fails(const std::string& reply) {
    json j = json::parse(reply);
    INFO(reply);
    REQUIRE(j.at("ok") == false);
    REQUIRE(j.at("error").get<std::string>().size() > 10);
    return j;
}

json train_to_end(int dataset, const std::string& recipe) {
    const int job = ok(api::start_training(dataset, recipe)).at("job");
    double last = 0;
    for (int i = 0; i < 10000; ++i) {
        const json s = ok(api::step_job(job, 5));
        CHECK(s.at("fraction").get<double>() >= last);
        last = s.at("fraction");
        if (s.at("done") == true) break;
    }
    return ok(api::finish_training(job));
}

}  // namespace

TEST_CASE("api: load, suggest, train, save, load, predict", "[bindings]") {
    CHECK(ok(api::version()).at("model_format") == "genrelab-model");
    const json loaded = ok(api::load_csv(genrelab::test::synthetic_songs_csv(), "{}"));
    const int dataset = loaded.at("dataset");
    CHECK(loaded.at("n_rows") == 360);
    CHECK(loaded.at("columns").size() == 9);
    const json recipe = ok(api::suggest_recipe(dataset)).at("recipe");
    CHECK(recipe.at("label") == "genre");
    const json trained = train_to_end(dataset, genrelab::test::synthetic_recipe());
    CHECK(trained.at("report").at("metrics").at("accuracy").get<double>() > 0.8);
    const int model = trained.at("model");
    const std::string text = ok(api::save_model(model)).at("text");
    const json reloaded = ok(api::load_model(text));
    CHECK(reloaded.at("summary").at("classes").size() == 3);
    const json p1 = ok(api::predict(model, dataset)), p2 = ok(api::predict(reloaded.at("model"), dataset));
    CHECK(p1.at("predicted") == p2.at("predicted"));
    CHECK(p1.at("predicted").size() == 360);
    const json ev = ok(api::evaluate(reloaded.at("model"), dataset));
    CHECK(ev.at("metrics").at("accuracy").get<double>() > 0.8);
    ok(api::forget_model(model));
    fails(api::predict(model, dataset));
    ok(api::forget_dataset(dataset));
}

TEST_CASE("api: errors are messages and nothing loaded is lost", "[bindings]") {
    const int dataset = ok(api::load_csv(genrelab::test::synthetic_songs_csv(), "{}")).at("dataset");
    CHECK_THAT(fails(api::load_csv("a,b\n1,2\n3,4,5\n", "{}")).at("error").get<std::string>(), Contains("line 3"));
    CHECK_THAT(fails(api::load_csv("", "{}")).at("error").get<std::string>(), Contains("empty"));
    CHECK_THAT(fails(api::load_model("{\"format\":\"x\"}")).at("error").get<std::string>(), Contains("not a Genrelab model"));
    CHECK_THAT(fails(api::start_training(dataset, "{\"label\":\"genre\",\"features\":[\"nope\"]}")).at("error").get<std::string>(),
               Contains("nope"));
    CHECK_THAT(fails(api::start_training(dataset, "{oops")).at("error").get<std::string>(), Contains("JSON"));
    fails(api::start_training(12345, genrelab::test::synthetic_recipe()));
    // A job that fails while stepping (no imputation before kNN) reports the reason, then is gone.
    const int job = ok(api::start_training(dataset, R"({"label":"genre","features":["energy"],"classifier":{"type":"knn","k":3}})")).at("job");
    json reply;
    for (int i = 0; i < 100; ++i) {
        reply = json::parse(api::step_job(job, 5));
        if (reply.at("ok") == false || reply.at("done") == true) break;
    }
    CHECK(reply.at("ok") == false);
    CHECK_THAT(reply.at("error").get<std::string>(), Contains("missing values"));
    fails(api::step_job(job, 5));
    // The dataset is still there and trains.
    CHECK(train_to_end(dataset, genrelab::test::synthetic_recipe()).at("report").at("n_test") == 90);
}

TEST_CASE("api: cancel stops a job and the next one runs", "[bindings]") {
    const int dataset = ok(api::load_csv(genrelab::test::synthetic_songs_csv(), "{}")).at("dataset");
    const int job = ok(api::start_training(dataset, genrelab::test::synthetic_recipe())).at("job");
    ok(api::step_job(job, 0));
    ok(api::cancel_job(job));
    fails(api::step_job(job, 5));
    CHECK(train_to_end(dataset, genrelab::test::synthetic_recipe()).at("report").at("n_train") == 270);
}
