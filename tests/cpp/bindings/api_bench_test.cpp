// The benchmark driver (bindings/api_bench.hpp): its SHA-1 must be the peers' split_sha1 so that scripts/bench
// can prove the rows are the same, and bench_task must answer in JSON for good and bad tasks.
#include <catch2/catch.hpp>
#include <string>

#include "bindings/api.hpp"
#include "bindings/api_bench.hpp"
#include "core/rng.hpp"
#include "preprocess/split.hpp"
#include "support/test_support.hpp"

using namespace genrelab;
using Catch::Matchers::Contains;
using nlohmann::json;

TEST_CASE("bench sha1 matches the standard vectors and the peers' split_sha1", "[bindings][bench]") {
    CHECK(bench::sha1_hex("") == "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    CHECK(bench::sha1_hex("abc") == "a9993e364706816aba3e25717850c26c9cd0d89d");
    CHECK(bench::sha1_hex(std::string(1000000, 'a')) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
    // tests/data/reference/peer_split.json: ../shared/peers/peers_common.py's stratified_pick and indices_sha1
    // (scripts/reference/peer_split.py), i.e. the split_sha1 every peer prints.
    const json ref = test::reference("peer_split");
    const Labels y = test::labels_from_json(ref.at("y"));
    for (const auto& c : ref.at("cases")) {
        const auto split = preprocess::stratified_peer_split(y, ref.at("n_classes").get<int>(), c.at("test_fraction").get<double>(),
                                                             c.at("seed").get<uint32_t>());
        std::string joined;
        for (size_t i = 0; i < split.test.size(); ++i) joined += (i ? "," : "") + std::to_string(split.test[i]);
        CHECK(bench::sha1_hex(joined) == c.at("test_sha1").get<std::string>());
    }
}

namespace {
// 300 songs, 3 genres, two informative features, a note-name key and a few '?' cells.
std::string songs() {
    Rng rng(5);
    const char* genres[] = {"folk", "jazz", "rock"};
    const char* keys[] = {"C", "C#", "D", "A#"};
    std::string csv = "id,energy,tempo,key,genre\n";
    for (int i = 0; i < 300; ++i) {
        const int g = i % 3;
        csv += std::to_string(1000 + i) + "," + std::to_string(g + rng.normal() * 0.6) + "," +
               (i % 17 == 0 ? std::string("?") : std::to_string(100 + 10 * g + rng.normal() * 8)) + "," + keys[i % 4] + "," + genres[g] + "\n";
    }
    return csv;
}
json reply(const std::string& text) { return json::parse(text); }
}  // namespace

TEST_CASE("bench_task fits on the peers' split and reports times and accuracy", "[bindings][bench]") {
    const int dataset = reply(api::load_csv(songs(), "{}")).at("dataset");
    for (const char* task : {"knn", "forest", "kmeans", "gmm", "svm", "mlp"}) {
        json spec{{"task", task}, {"label", "genre"}, {"drop", {"id"}}, {"repeat", 2}};
        if (std::string(task) == "forest") spec["params"] = {{"n_trees", 5}};
        if (std::string(task) == "mlp") spec["params"] = {{"epochs", 30}, {"batch_size", 32}};
        const json r = reply(api::bench_task(dataset, spec.dump()));
        INFO(task << ": " << r.dump().substr(0, 300));
        REQUIRE(r.at("ok") == true);
        CHECK(r.at("n_train").get<int>() + r.at("n_test").get<int>() == 300);
        CHECK(r.at("n_test") == 60);
        CHECK(r.at("n_features") == 3);
        CHECK(r.at("fit_runs_s").size() == 2);
        CHECK(r.at("fit_s").get<double>() >= 0);
        if (r.contains("accuracy")) CHECK(r.at("accuracy").get<double>() > 0.5);   // three well separated genres
        else CHECK(r.contains(std::string(task) == "kmeans" ? "inertia" : "avg_loglik_train"));
    }
    {
        const json r = reply(api::bench_task(dataset, R"({"task":"forest","label":"genre","drop":["id"],"params":{"n_trees":3}})"));
        CHECK(r.at("params").at("n_trees") == 3);
        CHECK_FALSE(r.contains("model_json_bytes"));   // only when asked: serialising a big forest is costly
    }
}

TEST_CASE("bench_task refuses bad tasks with a sentence", "[bindings][bench]") {
    const int dataset = reply(api::load_csv(songs(), "{}")).at("dataset");
    json r = reply(api::bench_task(dataset, R"({"task":"boosting","label":"genre"})"));
    CHECK(r.at("ok") == false);
    CHECK_THAT(r.at("error").get<std::string>(), Contains("unknown bench task 'boosting'"));
    r = reply(api::bench_task(dataset, R"({"label":"genre"})"));
    CHECK_THAT(r.at("error").get<std::string>(), Contains("\"task\" name"));
    r = reply(api::bench_task(dataset, R"({"task":"knn","label":"style"})"));
    CHECK(r.at("ok") == false);
    CHECK_THAT(r.at("error").get<std::string>(), Contains("style"));
    r = reply(api::bench_task(dataset + 1000, R"({"task":"knn"})"));
    CHECK(r.at("ok") == false);
}
