// Tests of io::write_csv / format_number: RFC 4180 quoting, shortest round-trip numbers, and the round
// trip write_csv → read_csv giving back the same cells.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <limits>

#include "core/error.hpp"
#include "core/rng.hpp"
#include "io/column_typing.hpp"
#include "io/csv_reader.hpp"
#include "io/csv_writer.hpp"
#include "support/test_support.hpp"

using namespace genrelab;
using namespace genrelab::io;
using Catch::Matchers::Contains;

TEST_CASE("write_csv quotes only the fields that need it", "[io][csv_writer]") {
    const std::string out = write_csv({"name", "note", "n"}, {{"plain", "a,b", "1"},
                                                              {"say \"hi\"", "two\nlines", ""},
                                                              {" padded ", "cr\rhere", "x"}});
    CHECK(out ==
          "name,note,n\n"
          "plain,\"a,b\",1\n"
          "\"say \"\"hi\"\"\",\"two\nlines\",\n"
          "\" padded \",\"cr\rhere\",x\n");
    CHECK(write_csv({"a;b", "c"}, {{"1,5", "x;y"}}, ';') == "\"a;b\";c\n1,5;\"x;y\"\n");
    CHECK(write_csv({"only"}, {{""}, {"v"}}) == "only\n\"\"\nv\n");  // an empty one-column row is not a blank line
    CHECK(csv_field("a\"b") == "\"a\"\"b\"");
    CHECK_THROWS_MATCHES(write_csv({"a", "b"}, {{"1", "2"}, {"3"}}), Error,
                         Catch::Matchers::Message("write_csv: row 2 has 1 cells but the header has 2"));
}

TEST_CASE("format_number gives the shortest text that reads back exactly", "[io][csv_writer]") {
    // Expected strings are what Python's repr() prints for the same doubles (without its trailing ".0").
    CHECK(format_number(0.1) == "0.1");
    CHECK(format_number(0.1 + 0.2) == "0.30000000000000004");
    CHECK(format_number(-5.2010000000000005) == "-5.2010000000000005");
    CHECK(format_number(32894.0) == "32894");
    CHECK(format_number(100) == "100");
    CHECK(format_number(-0.0) == "-0");
    CHECK(format_number(1e16) == "1e+16");
    CHECK(format_number(1234567890123456.0) == "1234567890123456");
    CHECK(format_number(123456789012345680.0) == "1.2345678901234568e+17");
    CHECK(format_number(0.0001) == "0.0001");
    CHECK(format_number(0.00001) == "1e-05");
    CHECK(format_number(1.5e-7) == "1.5e-07");
    CHECK(format_number(3.54e-06) == "3.54e-06");
    CHECK(format_number(1e300) == "1e+300");
    CHECK(format_number(5e-324) == "5e-324");
    CHECK(format_number(1.7976931348623157e308) == "1.7976931348623157e+308");
    CHECK(format_number(std::numeric_limits<double>::quiet_NaN()) == "NaN");
    CHECK(format_number(std::numeric_limits<double>::infinity()) == "inf");
    CHECK(format_number(-std::numeric_limits<double>::infinity()) == "-inf");
}

TEST_CASE("format_number round-trips random doubles through parse_number", "[io][csv_writer]") {
    Rng rng(11);
    for (int i = 0; i < 20000; ++i) {
        // Random bit patterns cover every exponent; skip NaN/Inf.
        uint64_t bits = rng.next_u64();
        double x;
        std::memcpy(&x, &bits, sizeof x);
        if (!std::isfinite(x)) continue;
        const std::string s = format_number(x);
        double back;
        REQUIRE(parse_number(s, back));
        REQUIRE(std::memcmp(&back, &x, sizeof x) == 0);
    }
}

TEST_CASE("format_number prints what Python's repr prints", "[io][csv_writer][reference]") {
    // tests/data/reference/io_csv.json "reprs": [x, repr(x)] from scripts/reference/io_csv.py (Python's
    // repr is David Gay's shortest round-trip; its trailing ".0" removed) for random bit patterns, every
    // 7th power of two (lopsided rounding intervals) and rounded decimals.
    const auto ref = test::reference("io_csv");
    size_t mismatches = 0;
    for (const auto& pair : ref.at("reprs")) {
        const double x = pair[0].get<double>();
        const std::string want = pair[1].get<std::string>();
        const std::string got = format_number(x);
        if (got != want && ++mismatches <= 5) WARN("format_number(" << want << ") = " << got);
    }
    CHECK(mismatches == 0);
    CHECK(ref.at("reprs").size() > 2000);
}

TEST_CASE("write_csv then read_csv gives the same cells", "[io][csv_writer]") {
    const std::vector<std::string> header = {"title", "artist", "value", "empty_sometimes"};
    std::vector<std::vector<std::string>> rows = {
        {"Cheer up, You're Not Dead Yet", "Blockhead", "0.1", ""},
        {"Pick Up - 12\" Extended", "Röyksopp", "-5.2010000000000005", "x"},
        {"two\nlines", "cr\r\nlf", "1,412", "?"},
        {"semi;colon", "tab\there", "1e-300", ""},
        {"\"quoted\"", "日本語 🎵", "", "NA"},
    };
    Rng rng(5);
    for (int i = 0; i < 200; ++i)
        rows.push_back({"t" + std::to_string(i), "a" + std::to_string(rng.below(30)), format_number(rng.normal() * 1e3), ""});
    for (char delim : {',', ';', '\t'}) {
        const Table t = read_csv(write_csv(header, rows, delim));
        REQUIRE(t.delimiter == delim);
        REQUIRE(t.column_names() == header);
        REQUIRE(t.n_rows() == rows.size());
        for (size_t r = 0; r < rows.size(); ++r)
            for (size_t j = 0; j < header.size(); ++j) REQUIRE(t.columns[j].cells[r] == rows[r][j]);
    }
}
