// api_prepare.hpp: the page's preparation preview on a small CSV whose quirks are counted by construction
// (a sentinel, an impossible duration, a too-short song, an exact duplicate, one track under two genres,
// fine genres to group), and the built-in genre maps.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "bindings/api.hpp"
#include "bindings/api_prepare.hpp"

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

// 30 songs: genres "album rock" ×12, "dance pop" ×12, "zzz" ×6; rows 0..29, artist "A<i/3>", track "T<i>".
//   tempo "?" on rows 0, 1 (missing as read) and "0" on row 2 (a sentinel: 3 missing after the to_missing rule);
//   duration -1 on rows 3, 4; duration 10000 (10 s) on row 5; row 7 repeats row 6 exactly; row 8 has
//   the track of row 9 (artist A3, "T9") under another genre.
std::string csv() {
    std::string s = "artist,track,tempo,duration_ms,genre\n";
    for (int i = 0; i < 30; ++i) {
        const std::string genre = i < 12 ? "album rock" : i < 24 ? "dance pop" : "zzz";
        std::string artist = "A" + std::to_string(i / 3), track = "T" + std::to_string(i);
        std::string tempo = i < 2 ? "?" : i == 2 ? "0" : std::to_string(100 + i);
        std::string dur = i == 3 || i == 4 ? "-1" : i == 5 ? "10000" : std::to_string(200000 + i);
        if (i == 7) {
            s += "A2,T6,106,200006,album rock\n";
            continue;
        }
        if (i == 8) {
            s += "A3,T9,108,200008,dance pop\n";
            continue;
        }
        s += artist + "," + track + "," + tempo + "," + dur + "," + genre + "\n";
    }
    return s;
}

}  // namespace

TEST_CASE("preview_preparation counts what each cleaning rule and the grouping do", "[bindings][prepare]") {
    const int ds = ok(api::load_csv(csv(), "{}")).at("dataset");
    const json recipe = json::parse(R"({"label":"genre","features":["tempo","duration_ms"],"seed":1,
        "clean":{"to_missing":[{"column":"tempo","equals":["0"]},{"column":"duration_ms","less_than":0}],
                 "ranges":[{"column":"duration_ms","min":30000}],
                 "drop_duplicate_rows":true,
                 "conflicting_labels":{"keys":["artist","track"],"label":"genre","policy":"drop_all"}},
        "labels":{"map":{"album rock":"rock","dance pop":"pop"},"unmapped":"keep","min_count":7},
        "split":{"method":"stratified","test_fraction":0.25}})");
    const json p = ok(api::preview_preparation(ds, recipe.dump()));
    CHECK(p.at("rows_before") == 30);
    const json& rules = p.at("clean").at("rules");
    auto rule = [&](const std::string& name, const std::string& column = "") {
        for (const auto& r : rules)
            if (r.at("rule") == name && (column.empty() || r.at("column") == column)) return r;
        FAIL("no rule " << name << " " << column);
        return json();
    };
    CHECK(rule("to_missing", "tempo").at("missing_before") == 2);
    CHECK(rule("to_missing", "tempo").at("missing_after") == 3);
    CHECK(rule("to_missing", "duration_ms").at("missing_after") == 2);
    CHECK(rule("range", "duration_ms").at("rows_before") == 30);
    CHECK(rule("range", "duration_ms").at("rows_after") == 29);       // the 10 s song; missing durations kept
    CHECK(rule("duplicate_rows").at("rows_after") == 28);             // row 7
    CHECK(rule("conflicting_labels").at("rows_after") == 26);         // both rows of (A3, T9)
    CHECK(p.at("clean").at("rows_after") == 26);
    // Missing per feature: as read, then after the sentinel rules (rows dropped later do not count twice).
    CHECK(p.at("missing").at(0) == json::parse(R"({"column":"tempo","missing_before":2,"missing_after_clean":3})"));
    CHECK(p.at("missing").at(1).at("missing_before") == 0);
    CHECK(p.at("missing").at(1).at("missing_after_clean") == 2);
    // Grouping: 26 rows; zzz (6 rows) is below min_count 7 and goes.
    const json& labels = p.at("labels");
    CHECK(labels.at("rows_after") == 20);
    CHECK(p.at("rows_after") == 20);
    CHECK(labels.at("dropped_rare") == json::parse(R"({"zzz":6})"));
    // The split as training cuts it: 25 % of each class in test.
    CHECK(p.at("split").at("error").is_null());
    CHECK(p.at("split").at("classes") == 2);
    CHECK(p.at("split").at("train").get<int>() + p.at("split").at("test").get<int>() == 20);
    CHECK(p.at("split").at("test") == 5);
    CHECK(p.at("leakage").at("key").get<std::string>().find("artist") != std::string::npos);
    // Drop suggestions come from the profile (artist and track are names, not features).
    bool track_flagged = false;
    for (const auto& d : p.at("drop_suggestions")) track_flagged = track_flagged || d.at("column") == "track";
    CHECK(track_flagged);
}

TEST_CASE("preview_preparation reports split problems without failing and refuses bad input", "[bindings][prepare]") {
    const int ds = ok(api::load_csv(csv(), "{}")).at("dataset");
    // No features and no cleaning: only the label and the split matter.
    const json p = ok(api::preview_preparation(ds, R"({"label":"genre","split":{"method":"group","group_column":"artist","test_fraction":0.2}})"));
    CHECK(p.at("missing").empty());
    CHECK(p.at("rows_after") == 30);
    CHECK(p.at("split").at("method") == "group");
    const json one = ok(api::preview_preparation(ds, R"({"label":"track"})"));
    CHECK_THAT(one.at("split").at("error").get<std::string>(), Contains("distinct values"));
    auto error = [](const std::string& reply) {
        const json j = json::parse(reply);
        REQUIRE(j.at("ok") == false);
        return j.at("error").get<std::string>();
    };
    CHECK_THAT(error(api::preview_preparation(ds, R"({"label":"loudness"})")), Contains("loudness"));
    CHECK_THAT(error(api::preview_preparation(ds, "[1]")), Contains("JSON object"));
    CHECK_THAT(error(api::preview_preparation(ds, R"({"label":"genre","clean":{"to_missing":[{"column":"bpm","equals":["0"]}]}})")),
               Contains("bpm"));
    CHECK_THAT(error(api::preview_preparation(999, R"({"label":"genre"})")), Contains("999"));
}

TEST_CASE("label_maps lists the shipped maps with their coverage of a column", "[bindings][prepare]") {
    const int ds = ok(api::load_csv(csv(), "{}")).at("dataset");
    const json j = ok(api::label_maps(ds, "genre"));
    REQUIRE(j.at("maps").size() == 2);
    json top;
    for (const auto& m : j.at("maps"))
        if (m.at("file") == "top2000_to_broad.json") top = m;
    REQUIRE(top.is_object());
    CHECK(top.at("map").at("album rock") == "rock");
    CHECK(top.at("coverage").get<double>() == Approx(2.0 / 3.0));   // album rock, dance pop; not zzz
    CHECK(ok(api::label_maps(0, "")).at("maps").at(0).at("coverage").is_null());
}
