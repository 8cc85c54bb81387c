// The data-preparation stages as recipe entries (regression_impute, group_impute), the built-in genre maps and
// the suggested recipes for the two real files.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>

#include "core/error.hpp"
#include "core/rng.hpp"
#include "io/csv_reader.hpp"
#include "pipeline/builtin_label_maps.hpp"
#include "pipeline/model_file.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/suggest.hpp"
#include "pipeline_fixture.hpp"
#include "support/test_support.hpp"

using namespace genrelab;
using namespace genrelab::pipeline;
using Catch::Matchers::Contains;

namespace {

// 40 artists × 8 songs, 2 genres; an artist's songs share a typical duration (so the group median knows it),
// tempo = 60 + 100·energy (so a regression recovers it); some durations and tempos missing.
std::string artist_songs_csv() {
    Rng rng(8);
    std::string csv = "artist,energy,acousticness,tempo,duration_ms,genre\n";
    for (int a = 0; a < 40; ++a) {
        const double typical = 150000 + 4000 * a;
        const bool loud = a % 2 == 0;
        for (int s = 0; s < 8; ++s) {
            const double e = (loud ? 0.75 : 0.3) + 0.1 * rng.normal();
            const double ac = (loud ? 0.2 : 0.7) + 0.1 * rng.normal();
            const std::string tempo = rng.uniform() < 0.15 ? "?" : std::to_string(60 + 100 * e);
            const std::string dur = rng.uniform() < 0.2 ? "" : std::to_string(typical + 1000 * rng.normal());
            csv += "Artist " + std::to_string(a) + "," + std::to_string(e) + "," + std::to_string(ac) + "," + tempo + "," + dur + "," +
                   (loud ? "rock" : "folk") + "\n";
        }
    }
    return csv;
}

const json* find_stage_report(const json& report, const std::string& type) {
    for (const auto& s : report.at("stages"))
        if (s.at("type") == type) return &s.at("report");
    return nullptr;
}

}  // namespace

TEST_CASE("regression_impute stage fills a column and reports its R2", "[pipeline][regression_impute]") {
    const io::Table t = io::read_csv(artist_songs_csv());
    const Recipe r = parse_recipe_text(R"({"label":"genre","features":["energy","acousticness","tempo","duration_ms"],"seed":4,
        "stages":[{"type":"regression_impute","column":"tempo","hidden":[8],"epochs":150,"batch_size":16},
                  {"type":"impute","strategy":"median"},{"type":"scale","method":"standard"}],
        "classifier":{"type":"knn","k":5}})");
    const FittedPipeline m = train(t, r);
    const json* rep = find_stage_report(m.report, "regression_impute");
    REQUIRE(rep != nullptr);
    // tempo is an exact linear function of energy: the held-out training rows are predicted almost perfectly.
    CHECK(rep->at("validation_r2").get<double>() > 0.95);
    CHECK(rep->at("n_fit").get<long long>() + rep->at("n_validation").get<long long>() < m.report.at("n_train").get<long long>());
    CHECK_THAT(rep->at("summary").get<std::string>(), Contains("R²"));
    // The imputed tempo (before scaling) of rows whose tempo was '?' is close to 60 + 100·energy.
    const Matrix enc = encode(m.encoding, t, [&] {
        std::vector<size_t> all(t.n_rows());
        for (size_t i = 0; i < all.size(); ++i) all[i] = i;
        return all;
    }());
    const Matrix filled = m.stages[0]->transform(enc);
    int checked = 0;
    for (Index i = 0; i < enc.rows(); ++i)
        if (std::isnan(enc(i, 2))) {
            CHECK(filled(i, 2) == Approx(60 + 100 * enc(i, 0)).margin(6.0));
            ++checked;
        }
    CHECK(checked > 20);
    // Save → load → identical predictions.
    const FittedPipeline loaded = load_model_text(save_model(m).dump());
    const Predictions a = predict(m, t), b = predict(loaded, t);
    CHECK(a.predicted == b.predicted);
    CHECK(test::max_abs_diff(a.scores, b.scores) == 0.0);
}

TEST_CASE("regression_impute stage refuses bad settings", "[pipeline][regression_impute]") {
    const io::Table t = io::read_csv(artist_songs_csv());
    auto recipe = [](const std::string& stage) {
        return parse_recipe_text(R"({"label":"genre","features":["energy","acousticness","tempo"],"stages":[)" + stage +
                                 R"(,{"type":"impute"}],"classifier":{"type":"knn","k":3}})");
    };
    CHECK_THROWS_WITH(train(t, recipe(R"({"type":"regression_impute"})")), Contains("needs \"column\""));
    CHECK_THROWS_WITH(train(t, recipe(R"({"type":"regression_impute","column":"loudness"})")), Contains("'loudness', which is not among the features"));
    CHECK_THROWS_WITH(train(t, recipe(R"({"type":"regression_impute","column":"tempo","hiden":[3]})")), Contains("no setting 'hiden'"));
    CHECK_THROWS_WITH(train(t, recipe(R"({"type":"regression_impute","column":"tempo","validation_fraction":0.99})")),
                      Contains("validation_fraction"));
}

TEST_CASE("group_impute stage fills from the artist's training songs only", "[pipeline][group_impute][leakage]") {
    const io::Table t = io::read_csv(artist_songs_csv());
    // A group split keeps every artist on one side, so the test artists are unknown to the imputer.
    const Recipe r = parse_recipe_text(R"({"label":"genre","features":["energy","acousticness","duration_ms"],"seed":2,
        "split":{"method":"group","group_column":"artist","test_fraction":0.25},
        "stages":[{"type":"group_impute","column":"duration_ms","group_column":"artist"},{"type":"scale","method":"standard"}],
        "classifier":{"type":"knn","k":5}})");
    const FittedPipeline m = train(t, r);
    const json state = m.stages[0]->state();
    const auto medians = state.at("model").at("group_median").at(0).get<std::map<std::string, double>>();
    // Each known artist's median equals the median of that artist's known durations in the file (the whole
    // artist is in training), and the artists of the test rows are absent.
    std::map<std::string, std::vector<double>> by_artist;
    const io::Column& art = t.column("artist");
    const io::Column& dur = t.column("duration_ms");
    for (size_t i = 0; i < t.n_rows(); ++i)
        if (!dur.missing[i]) by_artist[art.cells[i]].push_back(dur.values[i]);
    CHECK(medians.size() < by_artist.size());
    CHECK(medians.size() >= by_artist.size() / 2);
    for (const auto& [artist, med] : medians) {
        auto v = by_artist.at(artist);
        std::sort(v.begin(), v.end());
        const double expected = v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
        CHECK(med == Approx(expected).margin(1e-9));
    }
    const json* rep = find_stage_report(m.report, "group_impute");
    REQUIRE(rep != nullptr);
    CHECK(rep->at("groups").get<size_t>() == medians.size());
    CHECK(rep->at("filled_from_group").get<long long>() > 10);
    // A song of an unseen artist gets the global training median.
    const io::Table fresh = io::read_csv("artist,energy,acousticness,tempo,duration_ms,genre\nNobody,0.5,0.5,100,,rock\nArtist 0,0.5,0.5,100,1,rock\n");
    const Matrix X = m.stages[0]->transform_rows(encode(m.encoding, fresh, {0, 1}), fresh, {0, 1});
    CHECK(X(1, 2) == 1.0);
    CHECK(X(0, 2) == state.at("model").at("global_median").at(0).get<double>());
    // Save → load → identical predictions.
    const FittedPipeline loaded = load_model_text(save_model(m).dump());
    CHECK(predict(m, t).predicted == predict(loaded, t).predicted);
}

TEST_CASE("group_impute stage refuses bad settings", "[pipeline][group_impute]") {
    const io::Table t = io::read_csv(artist_songs_csv());
    auto recipe = [](const std::string& stage) {
        return parse_recipe_text(R"({"label":"genre","features":["energy","duration_ms"],"stages":[)" + stage + R"(],"classifier":{"type":"knn","k":3}})");
    };
    CHECK_THROWS_WITH(train(t, recipe(R"({"type":"group_impute","column":"duration_ms"})")), Contains("needs \"group_column\""));
    CHECK_THROWS_WITH(train(t, recipe(R"({"type":"group_impute","column":"duration_ms","group_column":"artist","statistic":"mean"})")),
                      Contains("\"median\" only"));
    CHECK_THROWS_WITH(train(t, recipe(R"({"type":"group_impute","column":"duration_ms","group_column":"label_of_record"})")),
                      Contains("label_of_record"));
    const FittedPipeline m = train(t, recipe(R"({"type":"group_impute","column":"duration_ms","group_column":"artist"})"));
    json file = save_model(m);
    file["stages"][0]["state"]["index"] = 7;
    CHECK_THROWS_WITH(load_model(file), Contains("out of range"));
}

TEST_CASE("the built-in genre maps are the shipped files", "[pipeline][label_maps]") {
    REQUIRE(builtin_label_maps().size() == 2);
    for (const auto& b : builtin_label_maps()) {
        const json shipped = json::parse(test::read_file(test::source_dir() + "/models/label_maps/" + b.file));
        INFO(b.file << ": run scripts/embed-label-maps after editing a map");
        CHECK(json::parse(b.json) == shipped);
    }
    CHECK_FALSE(best_label_map({"rock", "pop", "jazz"}).has_value());   // already broad: no map
    const auto m = best_label_map({"album rock", "dutch pop", "dance pop", "adult standards", "zzz unknown"});
    REQUIRE(m.has_value());
    CHECK(m->file == "top2000_to_broad.json");
    CHECK(m->coverage == Approx(0.8));
}

TEST_CASE("suggested recipe for music_genre.csv", "[pipeline][suggest][real]") {
    const auto path = test::shared_data("music_genre.csv");
    if (!path) return;
    const io::Table t = io::read_csv_file(*path);
    const Recipe r = suggest_recipe(t);
    const json j = to_json(r);
    CHECK(r.label == "music_genre");
    for (const char* gone : {"instance_id", "artist_name", "track_name", "obtained_date"})
        CHECK(std::find(r.features.begin(), r.features.end(), gone) == r.features.end());
    CHECK(r.features.size() == 13);
    CHECK(r.labels.map.empty());
    CHECK(r.split.method == "stratified");   // the peers' protocol on a big file
    CHECK(j.at("stages").at(0) == json::parse(R"({"type":"missing_if","column":"duration_ms","less_than":0})"));
    CHECK(j.at("stages").at(1).at("strategy") == "median");
    CHECK(j.at("stages").at(2).at("method") == "standard");
    REQUIRE(r.clean.has_value());
    REQUIRE(r.clean->to_missing.size() == 1);
    CHECK(r.clean->to_missing[0].column == "artist_name");
    CHECK(r.clean->conflicting_labels.keys == std::vector<std::string>{"artist_name", "track_name"});
    // "?" tempo is already missing when read (4,980 cells), so the median imputation fills it.
    CHECK(t.column("tempo").missing.size() == t.n_rows());
    CHECK(std::count(t.column("tempo").missing.begin(), t.column("tempo").missing.end(), true) == 4980);
}

TEST_CASE("suggested recipe for spotify_top2000.csv groups genres and splits by artist", "[pipeline][suggest][real]") {
    const auto path = test::shared_data("spotify_top2000.csv");
    if (!path) return;
    const io::Table t = io::read_csv_file(*path);
    const Recipe r = suggest_recipe(t);
    CHECK(r.label == "Top Genre");
    for (const char* gone : {"Index", "Title", "Artist"})
        CHECK(std::find(r.features.begin(), r.features.end(), gone) == r.features.end());
    CHECK(std::find(r.features.begin(), r.features.end(), "Length (Duration)") != r.features.end());
    CHECK(t.column("Length (Duration)").type == io::ColumnType::Numeric);   // "1,412" read as 1412
    CHECK(r.labels.map.size() == 149);
    CHECK(r.labels.map.at("album rock") == "rock");
    CHECK(r.labels.min_count == 10);
    CHECK(r.split.method == "group");
    CHECK(r.split.group_column == "Artist");
    const ClassDiscovery d = discover_classes(t, r);
    CHECK(d.classes.size() >= 6);
    CHECK(d.classes.size() <= 10);
    // It trains as suggested (a quick kNN), and no artist is on both sides.
    const FittedPipeline m = train(t, r);
    CHECK(m.report.at("metrics").at("accuracy").get<double>() > 0.2);
}

TEST_CASE("one_hot stage turns a coded column into indicators over the training values", "[pipeline][one_hot]") {
    const io::Table t = io::read_csv(test::synthetic_songs_csv());
    const Recipe r = parse_recipe_text(R"({"label":"genre","features":["energy","key","mode"],"seed":3,
        "stages":[{"type":"impute","strategy":"median"},{"type":"one_hot","column":"key"},{"type":"scale","method":"standard"}],
        "classifier":{"type":"knn","k":5}})");
    const FittedPipeline m = train(t, r);
    const auto names = m.feature_names();
    REQUIRE(names.size() == 2 + 12);
    CHECK(names[0] == "energy");
    CHECK(names[1] == "key=0");
    CHECK(names[12] == "key=11");
    CHECK(names[13] == "mode");
    // Before scaling each row has exactly one indicator set, the one of its pitch class (C# = 1).
    const io::Table one = io::read_csv("energy,key,mode,genre\n0.5,C#,Major,metal\n");
    Matrix X = encode(m.encoding, one, {0});
    X = m.stages[0]->transform(X);
    X = m.stages[1]->transform(X);
    CHECK(X.row(0).segment(1, 12).sum() == 1.0);
    CHECK(X(0, 2) == 1.0);
    // An unseen code gives all zeros; a missing one stays missing.
    Matrix odd(2, 3);
    odd << 0.5, 40, 1, 0.5, NAN, 1;
    const Matrix y = m.stages[1]->transform(odd);
    CHECK(y.row(0).segment(1, 12).sum() == 0.0);
    CHECK(std::isnan(y(1, 5)));
    const FittedPipeline loaded = load_model_text(save_model(m).dump());
    CHECK(predict(m, t).predicted == predict(loaded, t).predicted);
    json file = save_model(m);
    file["stages"][1]["state"]["values"] = json::array({3.0, 1.0});
    CHECK_THROWS_WITH(load_model(file), Contains("increasing order"));
    Recipe bad = r;
    bad.stages[1] = json{{"type", "one_hot"}, {"column", "energy"}};
    CHECK_THROWS_WITH(train(t, bad), Contains("looks like a measurement"));
}
