#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "io/csv_reader.hpp"
#include "preprocess/clean.hpp"
#include "preprocess/leakage.hpp"
#include "support/test_support.hpp"

using namespace genrelab;
using namespace genrelab::preprocess;
using Catch::Matchers::Contains;

namespace {
io::Table small_table() {
    io::Table t;
    const std::vector<std::vector<std::string>> cols = {
        {"Adele", "Muse", "Adele", "Zaz", "Muse", "", "Sade", "Zaz"},
        {"Hello", "Uprising", "Hello", "Je veux", "Starlight", "Song", "Smooth", "Je veux"},
        {"Pop", "Rock", "Soul", "Pop", "Rock", "Rap", "Soul", "Pop"}};
    const std::vector<std::string> names = {"artist", "track", "genre"};
    for (size_t c = 0; c < 3; ++c) {
        io::Column col;
        col.name = names[c];
        col.cells = cols[c];
        for (const auto& s : cols[c]) col.missing.push_back(s.empty());
        t.columns.push_back(col);
    }
    for (long r = 0; r < 8; ++r) t.line_of_row.push_back(r + 2);
    return t;
}
}  // namespace

TEST_CASE("Leakage check counts keys shared between splits", "[preprocess][leakage]") {
    const io::Table t = small_table();
    SplitRows s;
    s.train = {0, 1, 3, 5};
    s.validation = {4};
    s.test = {2, 6, 7};
    LeakageParams p;
    p.key_columns = {"artist", "track"};
    const LeakageReport rep = check_leakage(p, t, s);
    REQUIRE(rep.overlaps.size() == 3);
    const SplitOverlap& tt = rep.overlaps[1];
    CHECK(tt.fitted_on == "train");
    CHECK(tt.evaluated_on == "test");
    CHECK(tt.shared_keys == 2);    // (Adele, Hello) and (Zaz, Je veux)
    CHECK(tt.shared_rows == 2);
    CHECK(tt.rows == 3);
    CHECK(tt.example_lines == std::vector<long>{4, 9});
    CHECK(tt.summary == "2 (artist, track) pairs of the test set also appear in training, 66.7 % of the test rows: accuracy on them may be optimistic.");
    CHECK(rep.overlaps[0].shared_keys == 0);
    CHECK(rep.overlaps[0].summary == "none of the (artist, track) pairs of the validation set appears in training.");
    CHECK(rep.summary.rfind("None of the (artist, track)", 0) == 0);

    // Whole rows without the label: the same three rows match; with the label, (Adele, Hello) differs (Pop/Soul).
    LeakageParams whole;
    whole.exclude_columns = {"genre"};
    CHECK(check_leakage(whole, t, s).overlaps[1].shared_rows == 2);
    whole.exclude_columns = {};
    const LeakageReport rows = check_leakage(whole, t, s);
    CHECK(rows.overlaps[1].shared_rows == 1);
    CHECK(rows.key_description == "identical rows");
    CHECK(nlohmann::json(rows)["overlaps"][1]["shared_rows"] == 1);
}

TEST_CASE("Leakage check refuses broken splits", "[preprocess][leakage][errors]") {
    const io::Table t = small_table();
    LeakageParams p;
    p.key_columns = {"artist", "track"};
    REQUIRE_THROWS_WITH(check_leakage(p, t, SplitRows{{0, 1}, {}, {1, 2}}), Contains("row 1 is in both the train and the test split"));
    REQUIRE_THROWS_WITH(check_leakage(p, t, SplitRows{{0, 9}, {}, {1}}), Contains("names row 9 but the table has 8 rows"));
    REQUIRE_THROWS_WITH(check_leakage(p, t, SplitRows{{0, 0}, {}, {1}}), Contains("lists row 0 twice"));
    p.key_columns = {"artist", "title"};
    REQUIRE_THROWS_WITH(check_leakage(p, t, SplitRows{{0}, {}, {1}}), Contains("no column 'title'"));
}

TEST_CASE("FitGuard asserts stages saw training rows only", "[preprocess][leakage]") {
    FitGuard g;
    g.record("median imputer", {4, 1, 2, 2});
    g.record("scaler", {1, 2});
    CHECK(g.rows("median imputer") == std::vector<size_t>{1, 2, 4});
    CHECK(g.stages() == std::vector<std::string>{"median imputer", "scaler"});
    CHECK_NOTHROW(g.require_within({1, 2, 3, 4}));
    REQUIRE_THROWS_WITH(g.require_within({1, 2, 3}), Contains("stage 'median imputer' was fitted on 1 row(s) outside the training rows (e.g. row 4)"));
    REQUIRE_THROWS_WITH(g.require_disjoint({0, 2}, "test"), Contains("stage 'median imputer' was fitted on 1 row(s) of the test set (e.g. row 2)"));
    REQUIRE_THROWS_WITH(g.rows("encoder"), Contains("no rows were recorded for stage 'encoder'"));
    CHECK(g.summary()["scaler"]["rows"] == 2);
}

TEST_CASE("Leakage in music_genre.csv under a naive split", "[preprocess][leakage][real-data]") {
    const auto path = test::shared_data("music_genre.csv");
    if (!path) return;
    // Checked with pandas 1.5.3: test = rows whose index (after the 5 blank rows) is a multiple of 5, train =
    // the rest; ignoring artist 'empty_field', 1,200 (artist_name, track_name) pairs of the test set occur in
    // training, on 1,224 of the 10,000 test rows (12.2 %); no test row equals a training row outside instance_id.
    io::Table t = io::read_csv_file(*path);
    CleanParams c;
    c.to_missing.push_back(MissingRule{"artist_name", {"empty_field"}, std::nullopt, std::nullopt});
    clean(c, t);
    SplitRows s;
    for (size_t r = 0; r < t.n_rows(); ++r) (r % 5 == 0 ? s.test : s.train).push_back(r);
    LeakageParams p;
    p.key_columns = {"artist_name", "track_name"};
    const LeakageReport rep = check_leakage(p, t, s);
    REQUIRE(rep.overlaps.size() == 1);
    CHECK(rep.overlaps[0].shared_keys == 1200);
    CHECK(rep.overlaps[0].shared_rows == 1224);
    CHECK(rep.overlaps[0].summary ==
          "1,200 (artist_name, track_name) pairs of the test set also appear in training, 12.2 % of the test rows: accuracy on them may be optimistic.");
    LeakageParams whole;
    whole.exclude_columns = {"instance_id"};
    CHECK(check_leakage(whole, t, s).overlaps[0].shared_rows == 0);
}
