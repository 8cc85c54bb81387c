// The page's exploration and model-use calls (bindings/api_explore.hpp): explore against pandas/numpy on a
// CSV read the way the page reads it, predict_rows against predict on the same songs, the prediction job and
// its CSV, and errors as messages.
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "../pipeline/pipeline_fixture.hpp"
#include "bindings/api.hpp"
#include "bindings/api_explore.hpp"
#include "io/csv_reader.hpp"
#include "support/test_support.hpp"

using nlohmann::json;
using Catch::Matchers::Contains;
namespace api = genrelab::api;

namespace {

json ok(const std::string& reply) {
    json j = json::parse(reply);
    INFO(reply.substr(0, 2000));
    REQUIRE(j.at("ok") == true);
    return j;
}

std::string fails(const std::string& reply) {
    json j = json::parse(reply);
    INFO(reply);
    REQUIRE(j.at("ok") == false);
    return j.at("error").get<std::string>();
}

void check_value(const json& got, const json& want, double tol) {
    if (want.is_null()) {
        CHECK(got.is_null());
        return;
    }
    REQUIRE(got.is_number());
    CHECK(got.get<double>() == Approx(want.get<double>()).margin(tol).epsilon(1e-12));
}

void check_list(const json& got, const json& want, double tol) {
    REQUIRE(got.size() == want.size());
    for (size_t i = 0; i < got.size(); ++i) check_value(got[i], want[i], tol);
}

json train_to_end(int dataset, const std::string& recipe) {
    const int job = ok(api::start_training(dataset, recipe)).at("job");
    for (int i = 0; i < 10000; ++i)
        if (ok(api::step_job(job, 5)).at("done") == true) break;
    return ok(api::finish_training(job));
}

json run_job(int job) {
    for (int i = 0; i < 100000; ++i)
        if (ok(api::step_job(job, 5)).at("done") == true) break;
    return ok(api::finish_job(job));
}

}  // namespace

TEST_CASE("explore matches pandas numpy and matplotlib on a songs CSV", "[bindings][explore][reference]") {
    // tests/data/reference/descriptive_explore.json: scripts/reference/descriptive_explore.py writes the CSV and
    // computes the expected numbers with numpy 1.24 (histogram 'auto', percentile), matplotlib 3.6
    // (boxplot_stats) and pandas 1.5 (corr, groupby mean, std) — key as pitch class, mode Major = 1.
    const json ref = genrelab::test::reference("descriptive_explore");
    const int dataset = ok(api::load_csv(ref["csv"].get<std::string>(), "{}")).at("dataset");
    const json e = ok(api::explore(dataset, R"({"label":"genre"})"));
    CHECK(e.at("label") == "genre");
    CHECK(e.at("classes") == ref["classes"]);
    CHECK(e.at("class_counts") == ref["class_counts"]);
    CHECK(e.at("label_missing") == ref["label_missing"]);
    // the id and the free-text column are left out; the columns keep the file's order
    json names = json::array();
    for (const auto& c : e.at("columns")) names.push_back(c.at("name"));
    CHECK(names == ref["columns"]);
    CHECK(e.at("columns")[4].at("kind") == "pitch_class");
    CHECK(e.at("columns")[5].at("kind") == "major_minor");
    CHECK(e.at("correlation").at("columns") == ref["columns"]);

    for (size_t j = 0; j < ref["columns"].size(); ++j) {
        INFO("column " << ref["columns"][j]);
        const json& h = e.at("histograms")[j];
        check_list(h.at("edges"), ref["histograms"][j]["edges"], 1e-9);
        CHECK(h.at("counts") == ref["histograms"][j]["counts"]);
        CHECK(h.at("missing") == ref["histograms"][j]["missing"]);
        const json& b = e.at("boxes_by_class")[j];
        const json& rb = ref["boxes_by_class"][j];
        for (const char* key : {"n", "min", "q1", "median", "q3", "max", "mean", "whisker_low", "whisker_high", "outliers"}) {
            INFO(key);
            check_value(b.at("all").at(key), rb["all"][key], 1e-9);
            for (size_t k = 0; k < rb["by_class"].size(); ++k) check_value(b.at("by_class")[k].at(key), rb["by_class"][k][key], 1e-9);
        }
        check_list(e.at("correlation").at("pearson")[j], ref["pearson"][j], 1e-12);
        check_list(e.at("correlation").at("spearman")[j], ref["spearman"][j], 1e-12);
    }
    for (size_t k = 0; k < ref["means"].size(); ++k) check_list(e.at("means_by_class").at("means")[k], ref["means"][k], 1e-9);
    check_list(e.at("means_by_class").at("overall_mean"), ref["overall_mean"], 1e-9);
    check_list(e.at("means_by_class").at("overall_std"), ref["overall_std"], 1e-9);
    ok(api::forget_dataset(dataset));
}

TEST_CASE("explore options and errors", "[bindings][explore][errors]") {
    const int dataset = ok(api::load_csv(genrelab::test::synthetic_songs_csv(), "{}")).at("dataset");
    // no label: no grouping, every numeric column still described
    const json plain = ok(api::explore(dataset, "{}"));
    CHECK(plain.at("label").is_null());
    CHECK(plain.at("classes").empty());
    CHECK(plain.at("boxes_by_class")[0].at("by_class").empty());
    CHECK(plain.at("histograms").size() == plain.at("columns").size());
    // chosen columns and a fixed bin count
    const json chosen = ok(api::explore(dataset, R"({"label":"genre","columns":["energy","key"],"bins":5})"));
    REQUIRE(chosen.at("histograms").size() == 2);
    CHECK(chosen.at("histograms")[0].at("counts").size() == 5);
    CHECK(chosen.at("correlation").at("pearson").size() == 2);
    CHECK(chosen.at("means_by_class").at("means").size() == 3);
    // a label with too many values is not grouped, with a warning
    const json ids = ok(api::explore(dataset, R"({"label":"track_id"})"));
    CHECK(ids.at("label").is_null());
    CHECK_THAT(ids.at("warnings")[0].get<std::string>(), Contains("too many"));
    // errors name the problem
    CHECK_THAT(fails(api::explore(dataset, R"({"label":"nope"})")), Contains("nope"));
    CHECK_THAT(fails(api::explore(dataset, R"({"columns":["artist_name"]})")), Contains("artist_name"));
    CHECK_THAT(fails(api::explore(dataset, R"({"bins":-3})")), Contains("bins"));
    CHECK_THAT(fails(api::explore(dataset, R"({"bins":"many"})")), Contains("bins"));
    CHECK_THAT(fails(api::explore(dataset, "{oops")), Contains("JSON"));
    CHECK_THAT(fails(api::explore(dataset, "[1]")), Contains("object"));
    CHECK_THAT(fails(api::explore(98765, "{}")), Contains("no dataset"));
    ok(api::forget_dataset(dataset));
}

TEST_CASE("predict_rows gives what predict gives for the same songs", "[bindings][predict]") {
    const std::string csv = genrelab::test::synthetic_songs_csv();
    const int dataset = ok(api::load_csv(csv, "{}")).at("dataset");
    const int model = train_to_end(dataset, genrelab::test::synthetic_recipe()).at("model");
    const json info = ok(api::model_info(model));
    CHECK(info.at("label") == "genre");
    CHECK(info.at("has_imputer") == true);
    REQUIRE(info.at("inputs").size() == 6);
    CHECK(info.at("inputs")[4] == json{{"name", "key"}, {"encoding", "pitch_class"}});
    CHECK(info.at("inputs")[5].at("encoding") == "major_minor");
    CHECK(info.at("card").at("classes").size() == 3);

    // rows 0..39 of the file as JSON objects: numbers as numbers, key/mode as text, gaps as null
    const genrelab::io::Table table = genrelab::io::read_csv(csv);
    json rows = json::array();
    for (size_t r = 0; r < 40; ++r) {
        json row = json::object();
        for (const char* name : {"energy", "acousticness", "speechiness", "duration_ms"}) {
            const auto& col = table.column(name);
            row[name] = std::isnan(col.values[r]) ? json(nullptr) : json(col.values[r]);
        }
        row["key"] = table.column("key").cells[r];
        row["mode"] = table.column("mode").cells[r];
        row["track_id"] = "ignored";
        rows.push_back(row);
    }
    const json one = ok(api::predict_rows(model, rows.dump()));
    const json all = ok(api::predict(model, dataset));
    for (size_t r = 0; r < 40; ++r) {
        INFO("row " << r);
        CHECK(one.at("predicted")[r] == all.at("predicted")[r]);
        CHECK(one.at("predicted_labels")[r] == one.at("classes")[one.at("predicted")[r].get<size_t>()]);
        for (size_t c = 0; c < 3; ++c) CHECK(one.at("scores")[r][c].get<double>() == Approx(all.at("scores")[r][c].get<double>()));
    }
    CHECK(one.at("scores_are_probabilities") == true);
    CHECK_THAT(one.at("warnings").dump(), Contains("track_id"));
    // {"rows":[…]} works too; key as a pitch-class number and mode as 1/0 are understood; a missing value is imputed
    const json two = ok(api::predict_rows(model, R"({"rows":[{"energy":0.9,"acousticness":0.1,"speechiness":0.05,"duration_ms":230000,"key":3,"mode":1},
        {"energy":"0.2","acousticness":0.9,"speechiness":0.03,"key":"D#","mode":"Minor"}]})"));
    CHECK(two.at("predicted_labels")[0] == "metal");
    CHECK(two.at("predicted_labels")[1] == "classical");
    CHECK_THAT(two.at("warnings").dump(), Contains("duration_ms"));
    double sum = 0;
    for (const auto& p : two.at("scores")[0]) sum += p.get<double>();
    CHECK(sum == Approx(1.0));

    // errors
    CHECK_THAT(fails(api::predict_rows(model, R"([{"energy":"loud"}])")), Contains("energy"));
    CHECK_THAT(fails(api::predict_rows(model, "[]")), Contains("empty"));
    CHECK_THAT(fails(api::predict_rows(model, "{nope")), Contains("JSON"));
    CHECK_THAT(fails(api::predict_rows(model, "[1,2]")), Contains("song 1"));
    CHECK_THAT(fails(api::predict_rows(model, R"([{"energy":[1]}])")), Contains("energy"));
    CHECK_THAT(fails(api::predict_rows(424242, "[{}]")), Contains("no model"));
    CHECK_THAT(fails(api::model_info(424242)), Contains("no model"));
}

TEST_CASE("a model without imputation refuses songs with gaps", "[bindings][predict][errors]") {
    const int dataset = ok(api::load_csv(genrelab::test::synthetic_songs_csv(), "{}")).at("dataset");
    const int model = train_to_end(dataset, R"({"label":"genre","features":["acousticness","speechiness"],"seed":1,
        "stages":[{"type":"scale","method":"standard"}],"classifier":{"type":"knn","k":3}})").at("model");
    CHECK(ok(api::model_info(model)).at("has_imputer") == false);
    CHECK_THAT(fails(api::predict_rows(model, R"([{"acousticness":0.5}])")), Contains("speechiness"));
    CHECK(ok(api::predict_rows(model, R"([{"acousticness":0.9,"speechiness":0.03}])")).at("predicted_labels")[0] == "classical");
}

TEST_CASE("the prediction job previews and writes a CSV of every row", "[bindings][predict]") {
    const std::string csv = genrelab::test::synthetic_songs_csv();
    const int dataset = ok(api::load_csv(csv, "{}")).at("dataset");
    const int model = train_to_end(dataset, genrelab::test::synthetic_recipe()).at("model");

    // a file without the label column, with 'energy' made non-numeric in most rows (read as text)
    std::string unlabelled = "track_id,energy,acousticness,speechiness,duration_ms,key,mode\n";
    for (int i = 0; i < 150; ++i)
        unlabelled += std::to_string(i) + "," + (i % 3 ? std::string("x") : std::to_string(0.1 + i * 0.005)) + "," +
                      std::to_string(0.9 - i * 0.005) + ",0.04," + std::to_string(200000 + i) + ",C,Major\n";
    const int other = ok(api::load_csv(unlabelled, "{}")).at("dataset");
    const int job = ok(api::start_prediction(model, other, R"({"limit":10})")).at("job");
    const json res = run_job(job);
    CHECK(res.at("n_rows") == 150);
    CHECK(res.at("rows").size() == 10);
    CHECK(res.at("predicted").size() == 10);
    CHECK(res.at("rows")[0].size() == 7);
    CHECK(res.at("label_present") == false);
    CHECK(res.at("accuracy").is_null());
    CHECK_THAT(res.at("warnings").dump(), Contains("energy"));
    size_t total = 0;
    for (const auto& c : res.at("counts")) total += c.get<size_t>();
    CHECK(total == 150);

    const json out = ok(api::predictions_csv(model, other));
    CHECK(out.at("n_rows") == 150);
    CHECK(out.at("columns").back() == "p_metal");
    const genrelab::io::Table back = genrelab::io::read_csv(out.at("csv").get<std::string>());
    CHECK(back.n_rows() == 150);
    CHECK(back.columns.size() == 7 + 1 + 3);
    CHECK(back.column("predicted_genre").cells[0] == res.at("classes")[res.at("predicted")[0].get<size_t>()]);
    CHECK(back.column("track_id").cells[149] == "149");

    // on the labelled training file: accuracy is reported, and the CSV without a preview job computes the same
    const json self = run_job(ok(api::start_prediction(model, dataset, "{}")).at("job"));
    CHECK(self.at("label_present") == true);
    CHECK(self.at("accuracy").get<double>() > 0.8);
    CHECK(self.at("rows").size() == 100);
    const json fresh = ok(api::predictions_csv(model, other));
    CHECK(fresh.at("csv") == out.at("csv"));
    const json all = ok(api::predict(model, dataset));
    const genrelab::io::Table mine = genrelab::io::read_csv(ok(api::predictions_csv(model, dataset)).at("csv").get<std::string>());
    REQUIRE(mine.n_rows() == 360);
    for (size_t r = 0; r < 360; r += 7)
        CHECK(mine.column("predicted_genre").cells[r] == all.at("classes")[all.at("predicted")[r].get<size_t>()]);
    // a column name already taken gets a suffix
    const int again = ok(api::load_csv(out.at("csv").get<std::string>(), "{}")).at("dataset");
    CHECK(ok(api::predictions_csv(model, again)).at("columns").back() == "p_metal_2");
    // errors
    CHECK_THAT(fails(api::start_prediction(model, other, R"({"limit":-1})")), Contains("limit"));
    const int wrong = ok(api::load_csv("a,b\n1,2\n3,4\n", "{}")).at("dataset");
    CHECK_THAT(fails(api::start_prediction(model, wrong, "{}")), Contains("energy"));
    CHECK_THAT(fails(api::predictions_csv(model, wrong)), Contains("energy"));
}
