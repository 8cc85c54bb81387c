// The search api the wasm worker drives: start_search → step_job … → finish_job gives the table, the refitted
// winner as a model id and its test report; bad specs and cancel answer {"ok":false} / drop the job.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "../pipeline/pipeline_fixture.hpp"
#include "bindings/api.hpp"
#include "bindings/api_search.hpp"

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

std::string error_of(const std::string& reply) {
    json j = json::parse(reply);
    INFO(reply);
    REQUIRE(j.at("ok") == false);
    return j.at("error");
}

std::string spec_text(const json& params) {
    return json{{"recipe", json::parse(genrelab::test::synthetic_recipe())},
                {"params", params},
                {"cv", {{"folds", 3}}},
                {"select", {{"weighted", {{"w1", 1}, {"w2", 1}}}}}}
        .dump();
}

}  // namespace

TEST_CASE("api search: a job gives the table, the winner as a model and its test report", "[bindings][search]") {
    const int dataset = ok(api::load_csv(genrelab::test::synthetic_songs_csv(), "{}")).at("dataset");
    const json started = ok(api::start_search(dataset, spec_text({{"classifier.k", {1, 7, 21}}})));
    CHECK(started.at("n_candidates") == 3);
    CHECK(started.at("folds") == 3);
    CHECK(started.at("n_train") == 270);
    const int job = started.at("job");
    double last = 0;
    bool done = false;
    json live;
    for (int i = 0; i < 100000 && !done; ++i) {
        const json s = ok(api::step_job(job, 1));
        CHECK(s.at("fraction").get<double>() >= last);
        last = s.at("fraction");
        done = s.at("done");
        live = s.at("live");
    }
    REQUIRE(done);
    CHECK(live.at("total") == 3);
    CHECK(live.at("done") == 3);
    CHECK(live.at("best_so_far").is_object());
    const json res = ok(api::finish_job(job));
    const json& table = res.at("search");
    CHECK(table.at("n_candidates") == 3);
    CHECK(table.at("rows").size() == 3);
    CHECK(table.at("rows")[0].at("rank") == 1);
    CHECK(table.at("selection").at("metric") == "weighted");
    CHECK(res.at("csv").get<std::string>().find("weighted_score") != std::string::npos);
    // The refitted winner is a usable model whose report is on the test rows (90 of 360).
    CHECK(res.at("report").at("n_test") == 90);
    CHECK(res.at("report").at("search").at("params") == table.at("best_params"));
    const int model = res.at("model");
    const json p = ok(api::predict(model, dataset));
    CHECK(p.at("predicted").size() == 360);
    CHECK(ok(api::save_model(model)).at("text").get<std::string>().find("\"search\"") != std::string::npos);
    // The job is gone after finishing.
    CHECK_THAT(error_of(api::step_job(job, 1)), Contains("no job"));
}

TEST_CASE("api search: bad specs fail at the start, cancel drops the job", "[bindings][search]") {
    const int dataset = ok(api::load_csv(genrelab::test::synthetic_songs_csv(), "{}")).at("dataset");
    CHECK_THAT(error_of(api::start_search(dataset, spec_text({{"classifier.kk", {1, 2}}}))), Contains("no setting 'kk'"));
    CHECK_THAT(error_of(api::start_search(dataset, spec_text({{"split.test_fraction", {0.1}}}))), Contains("would change which rows"));
    CHECK_THAT(error_of(api::start_search(dataset, "{not json")), Contains("not valid JSON"));
    CHECK_THAT(error_of(api::start_search(dataset + 1000, spec_text({{"classifier.k", {1}}}))), Contains("no dataset"));

    const int job = ok(api::start_search(dataset, spec_text({{"classifier.k", {1, 3, 5, 7}}}))).at("job");
    const json s = ok(api::step_job(job, 0));
    CHECK_FALSE(s.at("done").get<bool>());
    CHECK_THAT(s.at("stage").get<std::string>(), Contains("candidate 1/4"));
    ok(api::cancel_job(job));
    CHECK_THAT(error_of(api::step_job(job, 1)), Contains("no job"));
    CHECK_THAT(error_of(api::finish_job(job)), Contains("no job"));
}
