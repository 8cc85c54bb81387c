// Tests of io/column_typing: missing markers, the number grammar and its exact conversion, and the
// column-type rules. Expected doubles are C++ literals (the compiler rounds them correctly), so a
// parser that is off by one ulp fails.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <limits>

#include "core/error.hpp"
#include "io/column_typing.hpp"
#include "io/csv_reader.hpp"

using namespace genrelab;
using namespace genrelab::io;
using Catch::Matchers::Contains;

namespace {

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

double number(std::string_view s) {
    double v = std::numeric_limits<double>::quiet_NaN();
    if (!parse_number(s, v)) FAIL("'" << std::string(s) << "' was not read as a number");
    return v;
}

bool is_number(std::string_view s) {
    double v;
    return parse_number(s, v);
}

Column typed(std::vector<std::string> cells) {
    Column c;
    c.name = "col";
    c.cells = std::move(cells);
    std::vector<long> lines(c.cells.size());
    for (size_t i = 0; i < lines.size(); ++i) lines[i] = static_cast<long>(i) + 2;
    type_column(c, lines);
    return c;
}

}  // namespace

TEST_CASE("missing markers are exactly the peers' list", "[io][typing]") {
    for (const char* m : {"", "?", "NA", "N/A", "NaN", "nan", "null", "NULL", "None"}) CHECK(is_missing_marker(m));
    for (const char* m : {"na", "n/a", "NAN", "Null", "none", "-", "??", " ", "0", "empty_field"}) CHECK_FALSE(is_missing_marker(m));
}

TEST_CASE("parse_number reads every spelling of the grammar exactly", "[io][typing]") {
    CHECK(same_bits(number("-5.2010000000000005"), -5.2010000000000005));
    CHECK(same_bits(number("115.00200000000001"), 115.00200000000001));
    CHECK(same_bits(number("32894.0"), 32894.0));
    CHECK(same_bits(number("+3.5"), 3.5));
    CHECK(same_bits(number("-0"), -0.0));
    CHECK(same_bits(number(".5"), 0.5));
    CHECK(same_bits(number("5."), 5.0));
    CHECK(same_bits(number("3.54e-06"), 3.54e-06));
    CHECK(same_bits(number("1E+3"), 1000.0));
    CHECK(same_bits(number("0.1"), 0.1));
    CHECK(same_bits(number("1234567890123456789012345"), 1234567890123456789012345.0));  // > 19 digits
    CHECK(same_bits(number("0.000000000000000000000000000001234"), 1.234e-30));
    CHECK(same_bits(number("9007199254740993"), 9007199254740993.0));  // 2^53 + 1: a halfway case
    CHECK(same_bits(number("2.2250738585072011e-308"), 2.2250738585072011e-308));
    CHECK(same_bits(number("4.9e-324"), 4.9e-324));      // the smallest subnormal
    CHECK(same_bits(number("1e-400"), 0.0));              // underflow rounds to zero, like strtod
    CHECK(same_bits(number("1.7976931348623157e308"), 1.7976931348623157e308));
    CHECK_FALSE(is_number("1e400"));                      // overflow would be Inf: not a number
    // Thousands separators: only the strict 1,234,567 pattern, optional fraction, no exponent.
    CHECK(same_bits(number("1,412"), 1412.0));
    CHECK(same_bits(number("1,234,567.25"), 1234567.25));
    CHECK(same_bits(number("-12,000"), -12000.0));
    double v;
    CHECK_FALSE(parse_number("1,412", v, false));
    for (const char* bad : {"1,41", "1,4122", "1234,567", ",123", "1,,234", "1,234e5", "1,234,56"}) CHECK_FALSE(is_number(bad));
    // Not numbers: words, hex, inf/nan spellings, spaces, signs alone, double dots.
    for (const char* bad : {"", "abc", "0x10", "inf", "-inf", "Infinity", "nan", "1 000", "1_000", "+", "-", ".",
                            "e5", "1e", "1e+", "1.2.3", "--1", "1-", "12a", " 1", "1 "})
        CHECK_FALSE(is_number(bad));
}

TEST_CASE("type_column applies the 90 percent numeric rule", "[io][typing]") {
    // 9 numbers + 1 word = 90 %: numeric, the word is invalid and becomes NaN.
    std::vector<std::string> cells = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "oops", "?"};
    Column c = typed(cells);
    CHECK(c.type == ColumnType::Numeric);
    CHECK(c.n_invalid == 1);
    CHECK(c.first_invalid == "oops");
    CHECK(c.first_invalid_line == 11);  // row 9 is on line 11 in typed()'s numbering
    CHECK(std::isnan(c.values[9]));
    CHECK(std::isnan(c.values[10]));
    CHECK(c.missing[10]);
    CHECK_FALSE(c.missing[9]);
    CHECK(c.values[0] == 1);
    // 8 numbers + 2 words = 80 %: not numeric (and 10 distinct of 10 → Text).
    cells[8] = "nine";
    Column d = typed(cells);
    CHECK(d.type == ColumnType::Text);
    CHECK(d.values.empty());
    CHECK(d.n_invalid == 0);
}

TEST_CASE("type_column recognises boolean columns", "[io][typing]") {
    Column b = typed({"1", "0", "1.0", "", "0"});
    CHECK(b.type == ColumnType::Boolean);
    REQUIRE(b.values.size() == 5);
    CHECK(b.values[0] == 1);
    CHECK(b.values[1] == 0);
    CHECK(b.values[2] == 1);
    CHECK(std::isnan(b.values[3]));
    Column words = typed({"Yes", "no", "YES", "NA", "No"});
    CHECK(words.type == ColumnType::Boolean);
    CHECK(words.values[0] == 1);
    CHECK(words.values[1] == 0);
    CHECK(std::isnan(words.values[3]));
    CHECK(typed({"true", "False", "TRUE"}).type == ColumnType::Boolean);
    CHECK(typed({"1", "1", "1"}).type == ColumnType::Numeric);         // one value only: a constant number
    CHECK(typed({"0", "1", "2"}).type == ColumnType::Numeric);         // three values
    CHECK(typed({"yes", "false", "yes", "false", "yes"}).type == ColumnType::Categorical);  // mixed vocabularies
    CHECK(typed({"Major", "Minor", "Major", "Minor"}).type == ColumnType::Categorical);    // not boolean by design
}

TEST_CASE("type_column separates categorical text and empty columns", "[io][typing]") {
    std::vector<std::string> keys;
    for (int i = 0; i < 200; ++i) keys.push_back(std::string(1, static_cast<char>('A' + i % 7)) + (i % 2 ? "#" : ""));
    CHECK(typed(keys).type == ColumnType::Categorical);  // 14 distinct of 200
    std::vector<std::string> names;
    for (int i = 0; i < 200; ++i) names.push_back("artist " + std::to_string(i % 120));
    CHECK(typed(names).type == ColumnType::Text);  // 120 distinct > max(50, 5 % of 200)
    // 5 % of the rows beats 50 on big columns: 1,500 distinct values in 40,000 rows is categorical.
    std::vector<std::string> many;
    for (int i = 0; i < 40000; ++i) many.push_back("g" + std::to_string(i % 1500));
    CHECK(typed(many).type == ColumnType::Categorical);
    for (int i = 0; i < 40000; i += 2) many[i] = "u" + std::to_string(i);
    CHECK(typed(many).type == ColumnType::Text);
    CHECK(typed({"Ann", "Bob", "Cy"}).type == ColumnType::Text);  // all distinct: names, not 3 categories
    Column e = typed({"", "NA", "?"});
    CHECK(e.type == ColumnType::Empty);
    CHECK(e.missing == std::vector<bool>{true, true, true});
    CHECK(e.values.empty());
}

TEST_CASE("decimal commas next to thousands separators are not read as thousands", "[io][typing]") {
    const Table t = read_csv("a;b;c\n\"1,500\";1,500;x\n0,25;2,000;y\n3;3;z\n");
    // Column a mixes "1,500" with the decimal comma "0,25": neither is read as a number.
    CHECK(t.column("a").type != ColumnType::Numeric);
    bool warned = false;
    for (const auto& w : t.warnings) warned = warned || w.find("column 'a' seems to use ',' as the decimal mark (e.g. '0,25')") == 0;
    CHECK(warned);
    // Column b has only valid thousands: 1500, 2000, 3.
    CHECK(t.column("b").values == std::vector<double>{1500, 2000, 3});
    // One stray "1,23" among many thousands does not switch the thousands off (it is just invalid).
    std::vector<std::string> cells;
    for (int i = 0; i < 30; ++i) cells.push_back(std::to_string(1 + i) + ",500");
    cells.push_back("1,23");
    Column c = typed(cells);
    CHECK(c.type == ColumnType::Numeric);
    CHECK(c.values[0] == 1500);
    CHECK(c.n_invalid == 1);
    CHECK(c.first_invalid == "1,23");
    // "0,125" is a decimal comma, never thousands.
    double v;
    CHECK_FALSE(parse_number("0,125", v));
}

TEST_CASE("force_type re-types a column on request", "[io][typing]") {
    std::vector<long> lines = {2, 3, 4};
    Column c;
    c.name = "tempo";
    c.cells = {"?", "fast", "120.5"};
    type_column(c, lines);
    CHECK(c.type == ColumnType::Text);  // half of the present cells are not numbers
    force_type(c, ColumnType::Numeric, lines);
    CHECK(c.type == ColumnType::Numeric);
    CHECK(c.values[2] == 120.5);
    CHECK(std::isnan(c.values[0]));
    CHECK(c.n_invalid == 1);
    CHECK(c.first_invalid == "fast");
    c.cells = {"yes", "0", "maybe"};
    force_type(c, ColumnType::Boolean, lines);
    CHECK(c.values[0] == 1);
    CHECK(c.values[1] == 0);
    CHECK(c.n_invalid == 1);
    CHECK(c.first_invalid_line == 4);
    force_type(c, ColumnType::Text, lines);
    CHECK(c.values.empty());
    CHECK_THROWS_WITH(force_type(c, ColumnType::Empty, lines), Contains("cannot be forced to be empty"));
    CHECK_THROWS_WITH(force_type(c, ColumnType::Numeric, {1, 2}), Contains("column 'tempo' has 3 cells but the table has 2 rows"));
}
