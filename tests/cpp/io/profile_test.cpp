// Tests of io::profile: counts, statistics (checked against hand-computed values), examples, the
// drop suggestions, and the JSON form.
#include <catch2/catch.hpp>
#include <cmath>

#include "io/csv_reader.hpp"
#include "io/profile.hpp"

using namespace genrelab;
using namespace genrelab::io;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {
const ColumnProfile& find(const std::vector<ColumnProfile>& ps, const std::string& name) {
    for (const auto& p : ps)
        if (p.name == name) return p;
    FAIL("no profile for " << name);
    throw;
}
}  // namespace

TEST_CASE("profile counts and summarises a numeric column", "[io][profile]") {
    const Table t = read_csv("x,label\n1,a\n2,b\n?,a\n4,b\n2.0,a\nbad,b\n1,a\n2,b\n3,a\n4,b\n5,a\n");
    const auto ps = profile(t);
    const ColumnProfile& x = find(ps, "x");
    CHECK(x.type == ColumnType::Numeric);
    CHECK(x.missing == 1);
    CHECK(x.invalid == 1);
    CHECK(x.first_invalid == "bad");
    CHECK(x.first_invalid_line == 7);
    CHECK(x.distinct == 5);  // 1 2 4 3 5 ("2" and "2.0" are one value)
    // Values 1 2 4 2 1 2 3 4 5: mean 24/9; sample variance (Σx² − (Σx)²/n)/(n−1) = (80 − 64)/8 = 2.
    CHECK(x.min == 1);
    CHECK(x.max == 5);
    CHECK(x.mean == Approx(24.0 / 9).epsilon(1e-14));
    CHECK(x.stddev == Approx(std::sqrt(2.0)).epsilon(1e-14));
    // First five distinct non-missing texts in file order ("1" again is skipped; "bad" is present, not missing).
    CHECK(x.examples == std::vector<std::string>{"1", "2", "4", "2.0", "bad"});
    CHECK(x.suggestion.empty());
    const ColumnProfile& label = find(ps, "label");
    CHECK(label.type == ColumnType::Categorical);
    CHECK(label.distinct == 2);
    CHECK(std::isnan(label.mean));
    CHECK(label.examples == std::vector<std::string>{"a", "b"});
}

TEST_CASE("profile suggests dropping ids names constants dates and empty columns", "[io][profile]") {
    std::string csv = "instance_id,Unnamed: 0,counter,year,name,title,when,stamp,const,nothing,genre\n";
    for (int i = 0; i < 120; ++i) {
        csv += std::to_string(30000 + 7 * i) + ".0," + std::to_string(5200 + 3 * i) + "," + std::to_string(i + 1) + "," +
               std::to_string(1950 + i % 60) + ",Person " + std::to_string(i) + ",\"Song " + std::to_string(i % 115) + ", live\"," +
               std::to_string(1 + i % 28) + "-Apr,2019-01-" + (i % 28 < 9 ? "0" : "") + std::to_string(1 + i % 28) + "T12:30:00Z," +
               "same,," + (i % 2 ? "rock" : "jazz") + "\n";
    }
    const Table t = read_csv(csv);
    const auto ps = profile(t);
    CHECK(find(ps, "instance_id").suggestion == "drop: looks like an id (all values distinct)");
    CHECK(find(ps, "Unnamed: 0").suggestion == "drop: looks like an id (all values distinct)");
    CHECK(find(ps, "counter").suggestion == "drop: looks like an id (all values distinct)");  // 1..120: a row counter
    CHECK(find(ps, "year").suggestion.empty());
    CHECK(find(ps, "name").suggestion == "drop: looks like an id or a name (100 % of values distinct)");
    CHECK(find(ps, "title").suggestion == "drop: looks like an id or a name (95 % of values distinct)");
    CHECK(find(ps, "when").suggestion == "drop: looks like a date (e.g. '1-Apr')");
    CHECK(find(ps, "stamp").suggestion == "drop: looks like a date (e.g. '2019-01-01T12:30:00Z')");
    CHECK(find(ps, "const").suggestion == "drop: constant (every value is 'same')");
    CHECK(find(ps, "nothing").suggestion == "drop: empty (every value is missing)");
    CHECK(find(ps, "nothing").type == ColumnType::Empty);
    CHECK(find(ps, "nothing").missing == 120);
    CHECK(find(ps, "genre").suggestion.empty());
}

TEST_CASE("looks_like_date knows common date spellings and refuses look-alikes", "[io][profile]") {
    for (const char* d : {"4-Apr", "Apr-4", "04-Apr-2019", "4 Apr 2019", "Apr 4, 2019", "April 2019", "2019-01-02",
                          "2019/1/2", "02/01/2019", "1.2.19", "2019-01", "2019-01-02 13:45", "2019-01-02T13:45:10.5+01:00",
                          "12/31/2020 11:59 PM"})
        CHECK(looks_like_date(d));
    for (const char* d : {"0/4", "Apr", "4", "2019", "C#", "13-13-2020", "2019-13-01", "45-Apr", "4-Apricot", "1.5",
                          "Major", "3-4", "2019-01-02T25:00"})
        CHECK_FALSE(looks_like_date(d));
}

TEST_CASE("profile to_json writes null for statistics that do not apply", "[io][profile]") {
    const Table t = read_csv("n,s\n1,a\n3,a\n");
    const nlohmann::json j = profile(t);
    REQUIRE(j.size() == 2);
    CHECK(j[0]["name"] == "n");
    CHECK(j[0]["type"] == "numeric");
    CHECK(j[0]["mean"] == 2.0);
    CHECK(j[0]["stddev"].get<double>() == Approx(std::sqrt(2.0)));
    CHECK(j[0]["examples"] == nlohmann::json::array({"1", "3"}));
    CHECK(j[1]["type"] == "categorical");  // 1 distinct value in 2 rows
    CHECK(j[1]["mean"].is_null());
    CHECK(j[1]["min"].is_null());
    CHECK(j[1]["suggestion"] == "drop: constant (every value is 'a')");
    CHECK(j[1]["missing"] == 0);
}
