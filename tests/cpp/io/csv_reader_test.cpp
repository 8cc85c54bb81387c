// Tests of io::read_csv: the RFC 4180 rules, the repairs (with their warnings) and the refusals (with
// their messages), on small inline CSV texts whose expected cells are written out by hand, plus a
// reference test against pandas (tests/data/reference/io_csv.json, made by scripts/reference/io_csv.py).
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <string>

#include "core/error.hpp"
#include "io/csv_reader.hpp"
#include "support/test_support.hpp"

using namespace genrelab;
using namespace genrelab::io;
using Catch::Matchers::Contains;

namespace {

std::vector<std::string> column_cells(const Table& t, const std::string& name) { return t.column(name).cells; }

bool any_warning_contains(const Table& t, const std::string& text) {
    for (const auto& w : t.warnings)
        if (w.find(text) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("read_csv reads a plain comma file with its header", "[io][csv]") {
    const Table t = read_csv("a,b,c\n1,2,3\n4,5,6\n");
    REQUIRE(t.columns.size() == 3);
    CHECK(t.column_names() == std::vector<std::string>{"a", "b", "c"});
    CHECK(t.n_rows() == 2);
    CHECK(t.delimiter == ',');
    CHECK(column_cells(t, "b") == std::vector<std::string>{"2", "5"});
    CHECK(t.line_of_row == std::vector<long>{2, 3});
    CHECK(t.warnings.empty());
}

TEST_CASE("read_csv handles quoted delimiters doubled quotes and line breaks in quotes", "[io][csv]") {
    const std::string csv =
        "title,artist,n\n"
        "\"Cheer up, You're Not Dead Yet\",Blockhead,1\n"
        "\"Pick Up - 12\"\" Extended\",\"A \"\"B\"\" C\",2\n"
        "\"two\nlines\",\"three\r\nline\rends\",3\n"
        "last,row,4\n";
    const Table t = read_csv(csv);
    REQUIRE(t.n_rows() == 4);
    CHECK(column_cells(t, "title") ==
          std::vector<std::string>{"Cheer up, You're Not Dead Yet", "Pick Up - 12\" Extended", "two\nlines", "last"});
    CHECK(column_cells(t, "artist") == std::vector<std::string>{"Blockhead", "A \"B\" C", "three\r\nline\rends", "row"});
    // Row 2 starts on line 4 and holds three line breaks ("\n", "\r\n", "\r"), so row 3 starts on line 8.
    CHECK(t.line_of_row == std::vector<long>{2, 3, 4, 8});
}

TEST_CASE("read_csv accepts CRLF LF and CR line ends and a BOM", "[io][csv]") {
    const std::string crlf = "a,b\r\n1,2\r\n3,4\r\n";
    const std::string lf = "a,b\n1,2\n3,4\n";
    const std::string cr = "a,b\r1,2\r3,4";  // old Mac style, no final line end
    const std::string bom = "\xEF\xBB\xBF" "a,b\n1,2\n3,4\n";
    for (const std::string& csv : {crlf, lf, cr, bom}) {
        const Table t = read_csv(csv);
        REQUIRE(t.column_names() == std::vector<std::string>{"a", "b"});  // the BOM is not part of "a"
        CHECK(column_cells(t, "b") == std::vector<std::string>{"2", "4"});
        CHECK(t.line_of_row == std::vector<long>{2, 3});
        CHECK(t.column("a").values == std::vector<double>{1, 3});
    }
}

TEST_CASE("read_csv detects semicolon and tab delimiters", "[io][csv]") {
    const Table semi = read_csv("name;price;n\n\"a;b\";1,5;3\nc;2,25;4\n");
    CHECK(semi.delimiter == ';');
    CHECK(column_cells(semi, "name") == std::vector<std::string>{"a;b", "c"});
    const Table tab = read_csv("name\tprice, EUR\tn\nx, y\t1.5\t3\nz\t2\t4\n");
    CHECK(tab.delimiter == '\t');
    CHECK(tab.column_names() == std::vector<std::string>{"name", "price, EUR", "n"});
    CHECK(column_cells(tab, "name") == std::vector<std::string>{"x, y", "z"});
    CHECK(detect_delimiter("a,b;c,d\n1,2;3,4\n") == ',');  // 2 commas vs 1 semicolon, both consistent
    CHECK(detect_delimiter("a;b;c\n1,5;2;3\n4;5,5;6\n") == ';');  // commas are inconsistent (decimal commas)
    CHECK(detect_delimiter("just_one_column\n1\n2\n") == ',');
    // An explicit delimiter wins over detection.
    CsvOptions opt;
    opt.delimiter = ';';
    const Table forced = read_csv("a,b;c\n1,2;3\n", opt);
    CHECK(forced.column_names() == std::vector<std::string>{"a,b", "c"});
}

TEST_CASE("read_csv trims cells and header names but keeps inner spaces", "[io][csv]") {
    const Table t = read_csv("  name , value \n  a b  ,  7 \n\" quoted \", \"x, y\" \n");
    CHECK(t.column_names() == std::vector<std::string>{"name", "value"});
    CHECK(column_cells(t, "name") == std::vector<std::string>{"a b", "quoted"});
    CHECK(column_cells(t, "value") == std::vector<std::string>{"7", "x, y"});  // a quote may follow spaces
}

TEST_CASE("read_csv drops all-empty rows with a warning", "[io][csv]") {
    const Table t = read_csv("a,b\n1,2\n,\n\n  ,  \n3,4\n,,\n");
    CHECK(t.n_rows() == 2);
    CHECK(t.line_of_row == std::vector<long>{2, 6});
    REQUIRE(t.warnings.size() == 1);
    CHECK_THAT(t.warnings[0], Contains("4 empty rows were skipped") && Contains("first on line 3"));
}

TEST_CASE("read_csv pads short rows and refuses long ones", "[io][csv]") {
    const Table t = read_csv("a,b,c\n1,2,3\n4,5\n6\n");
    CHECK(column_cells(t, "c") == std::vector<std::string>{"3", "", ""});
    CHECK(t.column("c").missing == std::vector<bool>{false, true, true});
    REQUIRE(t.warnings.size() == 1);
    CHECK_THAT(t.warnings[0], Contains("2 rows have fewer fields") && Contains("first on line 3"));

    // 11 data lines; the one on line 12 has a fourth field.
    std::string csv = "a,b,c\n";
    for (int i = 0; i < 10; ++i) csv += "1,2,3\n";
    csv += "1,2,3,4\n";
    CHECK_THROWS_MATCHES(read_csv(csv), Error, Catch::Matchers::Message(
        "line 12 has 4 fields but the header has 3 (a field holding the delimiter ',' must be quoted)"));
    // Extra fields that are all empty (a trailing delimiter) are ignored with a warning.
    const Table trailing = read_csv("a,b\n1,2,\n3,4,,\n");
    CHECK(column_cells(trailing, "b") == std::vector<std::string>{"2", "4"});
    CHECK(any_warning_contains(trailing, "2 rows end with empty fields past the header's 2 columns"));
    // Huge rows are counted, not stored: a million extra empty fields, then a 200,001-field row.
    const Table wide = read_csv("a,b\n1,2" + std::string(1000000, ',') + "\n3,4\n");
    CHECK(wide.n_rows() == 2);
    CHECK_THROWS_WITH(read_csv("a,b\n1,2\n3" + std::string(200000, ',') + "x\n"),
                      Contains("line 3 has 200,001 fields but the header has 2"));
}

TEST_CASE("read_csv names the line where an unterminated quote opened", "[io][csv]") {
    CHECK_THROWS_WITH(read_csv("a,b\n1,2\n3,\"open\n4,5\n6,7\n"),
                      Contains("line 3: a quoted field starts here but its closing quote is missing"));
    CHECK_THROWS_WITH(read_csv("\"a,b\n1,2\n"), Contains("line 1:"));
}

TEST_CASE("read_csv refuses invalid UTF-8 naming line and column", "[io][csv]") {
    // "Caf\xE9" is Latin-1 for Café.
    CHECK_THROWS_MATCHES(read_csv("id,artist_name\n1,ok\n2,Caf\xE9\n"), Error,
                         Catch::Matchers::Message("line 3, column 'artist_name': bytes are not valid UTF-8 (save the file as UTF-8)"));
    CHECK_THROWS_WITH(read_csv("id,na\xFFme\n1,2\n"), Contains("line 1 (the header): bytes are not valid UTF-8"));
    // Overlong encodings, surrogates and truncated sequences are invalid too; real UTF-8 is fine.
    CHECK_THROWS_WITH(read_csv("a\n\xC0\xAF\n"), Contains("line 2, column 'a'"));
    CHECK_THROWS_WITH(read_csv("a\n\xED\xA0\x80\n"), Contains("not valid UTF-8"));
    CHECK_THROWS_WITH(read_csv("a\nx\xE2\x82"), Contains("not valid UTF-8"));
    const Table t = read_csv("a\nRöyksopp\n日本語 🎵\n");
    CHECK(column_cells(t, "a") == std::vector<std::string>{"Röyksopp", "日本語 🎵"});
}

TEST_CASE("read_csv refuses binary files empty files and headers without rows", "[io][csv]") {
    CHECK_THROWS_WITH(read_csv(std::string("a,b\n1,\0,2\n", 10)), Contains("line 2 contains a NUL byte") && Contains("binary"));
    CHECK_THROWS_WITH(read_csv(std::string("\xFF\xFE" "a\0,\0b\0", 8)), Contains("UTF-16"));
    CHECK_THROWS_MATCHES(read_csv(""), Error, Catch::Matchers::Message("the file is empty"));
    CHECK_THROWS_MATCHES(read_csv("\xEF\xBB\xBF \r\n\n"), Error, Catch::Matchers::Message("the file is empty"));
    CHECK_THROWS_MATCHES(read_csv("a,b,c\n"), Error, Catch::Matchers::Message("the file has a header but no data rows"));
    CHECK_THROWS_MATCHES(read_csv("a,b,c"), Error, Catch::Matchers::Message("the file has a header but no data rows"));
    CHECK_THROWS_WITH(read_csv("a,b\n,\n\n"), Contains("no data rows (only 2 empty rows)"));
}

TEST_CASE("read_csv enforces max_bytes and max_columns", "[io][csv]") {
    CsvOptions opt;
    opt.max_bytes = 10;
    CHECK_THROWS_WITH(read_csv("a,b\n1,2\n3,4\n", opt), Contains("the limit is"));
    CsvOptions cols;
    cols.max_columns = 3;
    CHECK_THROWS_WITH(read_csv("a,b,c,d\n1,2,3,4\n", cols), Contains("the header has 4 columns; the limit is 3"));
    CHECK_THROWS_WITH(read_csv_file("/nonexistent/file.csv"), Contains("cannot open '/nonexistent/file.csv'"));
}

TEST_CASE("read_csv makes empty and duplicate header names unique with warnings", "[io][csv]") {
    const Table t = read_csv("tempo,,tempo,tempo_2,tempo\n1,2,3,4,5\n");
    CHECK(t.column_names() == std::vector<std::string>{"tempo", "column_2", "tempo_3", "tempo_2", "tempo_4"});
    CHECK(t.warnings.size() == 3);
    CHECK(any_warning_contains(t, "column 2 has no name in the header; it is called 'column_2'"));
    CHECK(any_warning_contains(t, "the header names 'tempo' more than once; column 3 is called 'tempo_3'"));
    CHECK(column_cells(t, "tempo_2") == std::vector<std::string>{"4"});
    CHECK(column_cells(t, "tempo_3") == std::vector<std::string>{"3"});
}

TEST_CASE("read_csv reads 10000 columns", "[io][csv]") {
    std::string header, row1, row2;
    for (int j = 0; j < 10000; ++j) {
        const char* sep = j ? "," : "";
        header += sep + std::string("c") + std::to_string(j);
        row1 += sep + std::to_string(j);
        row2 += sep + std::to_string(2 * j) + ".5";
    }
    const Table t = read_csv(header + "\n" + row1 + "\n" + row2 + "\n");
    REQUIRE(t.columns.size() == 10000);
    CHECK(t.n_rows() == 2);
    CHECK(t.column("c9999").values == std::vector<double>{9999, 19998.5});
    CHECK_THROWS_WITH(t.column("nope"), Contains("no column 'nope'; columns are: c0, c1") && Contains("and 9,970 more"));
}

TEST_CASE("Table column lookup names the available columns", "[io][table]") {
    Table t = read_csv("a,b\n1,2\n");
    CHECK(t.has_column("a"));
    CHECK_FALSE(t.has_column("A"));
    CHECK_THROWS_MATCHES(t.column("tempo"), Error, Catch::Matchers::Message("no column 'tempo'; columns are: a, b"));
    t.column("a").name = "renamed";  // the non-const overload gives write access
    CHECK(t.column_names() == std::vector<std::string>{"renamed", "b"});
    CHECK(std::string(to_string(ColumnType::Categorical)) == "categorical");
    CHECK(nlohmann::json(ColumnType::Boolean) == "boolean");
    CHECK(nlohmann::json("text").get<ColumnType>() == ColumnType::Text);
}

TEST_CASE("read_csv_file reads the hand-written files in tests/data/csv", "[io][csv]") {
    // semicolon_crlf_bom.csv: a BOM, ';', CRLF, decimal commas, a quoted ';' and a line break in quotes.
    const Table t = read_csv_file(test::test_data("csv/semicolon_crlf_bom.csv"));
    CHECK(t.delimiter == ';');
    CHECK(t.column_names() == std::vector<std::string>{"Titel", "Künstler", "Preis", "Anzahl"});
    CHECK(column_cells(t, "Titel") == std::vector<std::string>{"Erste; zweite", "Zeile\r\numbrochen", "Drei"});
    CHECK(t.column("Anzahl").type == ColumnType::Numeric);
    CHECK(t.column("Anzahl").values == std::vector<double>{1200, 3, 4});  // "1,200" with ';' as delimiter: thousands
    CHECK(t.column("Preis").type != ColumnType::Numeric);  // "1,5" is a decimal comma: not read as a number
    CHECK(any_warning_contains(t, "column 'Preis' seems to use ',' as the decimal mark"));

    CHECK_THROWS_WITH(read_csv_file(test::test_data("csv/latin1.csv")),
                      Contains("line 3, column 'artist': bytes are not valid UTF-8"));
}

TEST_CASE("read_csv gives the cells and numbers pandas gives on an awkward seeded file", "[io][csv][reference]") {
    // tests/data/reference/io_csv.json: scripts/reference/io_csv.py wrote a seeded CSV (quotes, CRLF/LF,
    // BOM, blank and all-empty rows, short rows, non-ASCII, numbers in many spellings) and read it with
    // pandas.read_csv(dtype=str, keep_default_na=False) (cells stripped, all-empty rows dropped) and
    // Python's float() for the column 'x' (correctly rounded; null = missing marker).
    const auto ref = test::reference("io_csv");
    const Table t = read_csv(ref.at("csv").get<std::string>());
    REQUIRE(t.column_names() == ref.at("header").get<std::vector<std::string>>());
    const auto& cells = ref.at("cells");
    REQUIRE(t.n_rows() == cells.size());
    size_t mismatches = 0;
    for (size_t r = 0; r < cells.size(); ++r)
        for (size_t j = 0; j < t.columns.size(); ++j)
            if (t.columns[j].cells[r] != cells[r][j].get<std::string>()) {
                if (++mismatches < 5) WARN("row " << r << " column " << j << ": '" << t.columns[j].cells[r] << "' vs pandas '" << cells[r][j] << "'");
            }
    CHECK(mismatches == 0);

    const Column& x = t.column("x");
    REQUIRE(x.type == ColumnType::Numeric);
    const auto& xv = ref.at("x_values");
    size_t invalid = 0, bit_mismatches = 0;
    for (size_t r = 0; r < xv.size(); ++r) {
        if (xv[r].is_null()) {
            CHECK(x.missing[r]);
            CHECK(std::isnan(x.values[r]));
        } else if (xv[r].is_string()) {
            ++invalid;
            CHECK_FALSE(x.missing[r]);
            CHECK(std::isnan(x.values[r]));
        } else {
            const double want = xv[r].get<double>();
            if (std::memcmp(&want, &x.values[r], sizeof want) != 0 && ++bit_mismatches < 5)
                WARN("row " << r << ": '" << x.cells[r] << "' read as " << x.values[r] << ", Python says " << want);
        }
    }
    CHECK(bit_mismatches == 0);
    CHECK(x.n_invalid == invalid);
    CHECK(invalid > 0);
    CHECK(t.column("flag").type == ColumnType::Boolean);
    CHECK(t.column("cat").type == ColumnType::Categorical);
}
