#include <catch2/catch.hpp>
#include <set>

#include "core/error.hpp"
#include "io/csv_reader.hpp"
#include "preprocess/label_map.hpp"
#include "support/test_support.hpp"

using namespace genrelab;
using namespace genrelab::preprocess;
using Catch::Matchers::Contains;

namespace {
LabelMapFile load(const std::string& name) {
    return parse_label_map_file(nlohmann::json::parse(test::read_file(test::source_dir() + "/models/label_maps/" + name)));
}
}  // namespace

TEST_CASE("Label map maps then drops rare classes then keeps the top N", "[preprocess][label_map]") {
    LabelMapParams p;
    p.map = {{"album rock", "rock"}, {"dutch indie", "rock"}, {"dance pop", "pop"}, {"pop", "pop"}, {"bebop", "jazz"}};
    const std::vector<std::string> y = {"album rock", "dance pop", "album rock", "polka", "", "dutch indie", "bebop", "pop", "polka"};
    const auto keep = apply_label_map(p, y);
    CHECK(keep.labels == std::vector<std::string>{"rock", "pop", "rock", "polka", "rock", "jazz", "pop", "polka"});
    CHECK(keep.kept_rows == std::vector<size_t>{0, 1, 2, 3, 5, 6, 7, 8});
    CHECK(keep.report.missing_label_rows == 1);
    CHECK(keep.report.unmapped_labels == std::vector<std::string>{"polka"});
    CHECK(keep.report.unmapped_rows == 2);
    CHECK(keep.report.counts_before.size() == 6);
    CHECK(keep.report.counts_after == ClassCounts{{"jazz", 1}, {"polka", 2}, {"pop", 2}, {"rock", 3}});

    p.unmapped = Unmapped::Other;
    p.other_label = "other";
    CHECK(apply_label_map(p, y).labels[3] == "other");
    p.unmapped = Unmapped::Drop;
    CHECK(apply_label_map(p, y).kept_rows == std::vector<size_t>{0, 1, 2, 5, 6, 7});

    p.unmapped = Unmapped::Keep;
    p.min_count = 2;
    const auto rare = apply_label_map(p, y);
    CHECK(rare.report.dropped_rare == ClassCounts{{"jazz", 1}});
    CHECK(rare.report.rows_after == 7);

    p.min_count = 0;
    p.top_n = 2;   // rock (3), then polka and pop tie at 2: "polka" < "pop" by name
    const auto top = apply_label_map(p, y);
    CHECK(top.report.counts_after == ClassCounts{{"polka", 2}, {"rock", 3}});
    CHECK(top.report.dropped_beyond_top == ClassCounts{{"jazz", 1}, {"pop", 2}});
    CHECK(top.report.summary.find("kept the 2 largest") != std::string::npos);

    // On a table: the label column is rewritten and the other columns follow the kept rows.
    io::Table t;
    io::Column g, x;
    g.name = "Top Genre";
    g.cells = y;
    x.name = "Year";
    for (int i = 0; i < 9; ++i) x.cells.push_back(std::to_string(2000 + i));
    t.columns = {x, g};
    for (long i = 0; i < 9; ++i) t.line_of_row.push_back(i + 2);
    const LabelMapReport rep = apply_label_map(p, t, "Top Genre");
    CHECK(t.column("Top Genre").cells == std::vector<std::string>{"rock", "rock", "polka", "rock", "polka"});
    CHECK(t.column("Year").cells == std::vector<std::string>{"2000", "2002", "2003", "2005", "2008"});
    CHECK(t.line_of_row == std::vector<long>{2, 4, 5, 7, 10});
    CHECK(nlohmann::json(rep)["counts_after"]["rock"] == 3);
    // Params round-trip.
    CHECK(nlohmann::json(nlohmann::json(p).get<LabelMapParams>()) == nlohmann::json(p));
}

TEST_CASE("The Spotify 114-genre map covers every genre", "[preprocess][label_map]") {
    // The 114 track_genre values of the public "Spotify Tracks" dataset (Spotify's 126 recommendation genre
    // seeds minus bossanova, holidays, metal-misc, movies, new-release, philippines-opm, post-dubstep,
    // rainy-day, road-trip, soundtracks, summer, work-out), listed here independently of the map file.
    const std::set<std::string> genres = {
        "acoustic", "afrobeat", "alt-rock", "alternative", "ambient", "anime", "black-metal", "bluegrass", "blues", "brazil",
        "breakbeat", "british", "cantopop", "chicago-house", "children", "chill", "classical", "club", "comedy", "country",
        "dance", "dancehall", "death-metal", "deep-house", "detroit-techno", "disco", "disney", "drum-and-bass", "dub",
        "dubstep", "edm", "electro", "electronic", "emo", "folk", "forro", "french", "funk", "garage", "german", "gospel",
        "goth", "grindcore", "groove", "grunge", "guitar", "happy", "hard-rock", "hardcore", "hardstyle", "heavy-metal",
        "hip-hop", "honky-tonk", "house", "idm", "indian", "indie-pop", "indie", "industrial", "iranian", "j-dance",
        "j-idol", "j-pop", "j-rock", "jazz", "k-pop", "kids", "latin", "latino", "malay", "mandopop", "metal", "metalcore",
        "minimal-techno", "mpb", "new-age", "opera", "pagode", "party", "piano", "pop-film", "pop", "power-pop",
        "progressive-house", "psych-rock", "punk-rock", "punk", "r-n-b", "reggae", "reggaeton", "rock-n-roll", "rock",
        "rockabilly", "romance", "sad", "salsa", "samba", "sertanejo", "show-tunes", "singer-songwriter", "ska", "sleep",
        "songwriter", "soul", "spanish", "study", "swedish", "synth-pop", "tango", "techno", "trance", "trip-hop", "turkish",
        "world-music"};
    REQUIRE(genres.size() == 114);
    const LabelMapFile f = load("spotify_114_to_10.json");
    CHECK(f.broad.size() == 10);
    std::set<std::string> keys, used;
    for (const auto& [fine, broad] : f.map) {
        keys.insert(fine);
        used.insert(broad);
    }
    CHECK(keys == genres);
    CHECK(used.size() == 10);   // every broad genre gets at least one fine genre
    CHECK(f.map.at("hip-hop") == "hip-hop/r&b");
    CHECK(f.map.at("death-metal") == "metal/punk");
}

TEST_CASE("The Top-2000 map covers every genre of the file", "[preprocess][label_map][real-data]") {
    const LabelMapFile f = load("top2000_to_broad.json");
    CHECK(f.map.size() == 149);
    CHECK(f.map.at("album rock") == "rock");
    CHECK(f.map.at("dutch indie") == "rock");
    CHECK(f.map.at("dance pop") == "pop");
    const auto path = test::shared_data("spotify_top2000.csv");
    if (!path) return;
    const io::Table t = io::read_csv_file(*path);
    const io::Column& g = t.column("Top Genre");
    std::set<std::string> distinct(g.cells.begin(), g.cells.end());
    CHECK(distinct.size() == 149);   // README: 149 fine genres
    for (const auto& d : distinct) {
        INFO("genre " << d);
        CHECK(f.map.count(d) == 1);
    }
    LabelMapParams p;
    p.map = f.map;
    p.unmapped = Unmapped::Drop;
    p.min_count = 30;
    const auto res = apply_label_map(p, g.cells);
    CHECK(res.report.unmapped_rows == 0);
    CHECK(res.report.counts_before.size() == 149);
    CHECK(res.report.counts_after.size() == 10);   // the smallest broad genre (country) has 30 songs
    CHECK(res.report.rows_after == 1994);
}

TEST_CASE("Label maps refuse bad files and settings with clear messages", "[preprocess][label_map][errors]") {
    auto j = nlohmann::json::parse(R"({"format":"genrelab-label-map","version":1,"broad":["rock"],"map":{"album rock":"rok"}})");
    REQUIRE_THROWS_WITH(parse_label_map_file(j), Contains("'album rock' maps to 'rok', which is not one of the broad genres"));
    j["format"] = "other";
    REQUIRE_THROWS_WITH(parse_label_map_file(j), Contains("'format' must be \"genrelab-label-map\""));
    j = nlohmann::json::parse(R"({"format":"genrelab-label-map","version":1,"broad":["rock"],"map":{"album rock":7}})");
    REQUIRE_THROWS_WITH(parse_label_map_file(j), Contains("the target of 'album rock' is not a text"));
    LabelMapParams p;
    p.top_n = -1;
    REQUIRE_THROWS_WITH(apply_label_map(p, {"a"}), Contains("top_n must be ≥ 0"));
    p = LabelMapParams{};
    p.map = {{"a", ""}};
    REQUIRE_THROWS_WITH(apply_label_map(p, {"a"}), Contains("'a' maps to an empty label"));
    io::Table t;
    REQUIRE_THROWS_WITH(apply_label_map(LabelMapParams{}, t, "genre"), Contains("no column 'genre'"));
}
