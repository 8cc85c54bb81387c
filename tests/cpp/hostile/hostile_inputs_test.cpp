// Hostile inputs (issue 7): each file a stranger might hand the CLI or the page, through the functions the CLI
// calls (io::read_csv_file, pipeline::parse_recipe_text, pipeline::train, pipeline::load_model_text) and through
// the api the page's worker calls (bindings/api.hpp). Each must end in genrelab::Error / {"ok":false} whose
// message names the problem and where it is — never a crash, never numbers computed from garbage — and the api
// must stay usable afterwards (the loaded data and earlier models still work).
// The "1 GB file" is a sparse file (no disk, no memory): it must be refused from its size before any read.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <unistd.h>

#include "../pipeline/pipeline_fixture.hpp"
#include "bindings/api.hpp"
#include "core/error.hpp"
#include "io/csv_reader.hpp"
#include "pipeline/model_file.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/recipe.hpp"
#include "support/test_support.hpp"

using Catch::Matchers::Contains;
using nlohmann::json;
namespace fs = std::filesystem;
namespace api = genrelab::api;
namespace io = genrelab::io;
namespace pl = genrelab::pipeline;

namespace {

// A file in a fresh temp folder, removed with the object.
struct TempFile {
    fs::path path;
    explicit TempFile(const std::string& name, const std::string& bytes = {}) {
        path = fs::temp_directory_path() / ("genrelab-hostile-" + std::to_string(::getpid()) + "-" + name);
        std::ofstream(path, std::ios::binary) << bytes;
    }
    ~TempFile() {
        std::error_code ec;
        fs::remove(path, ec);
    }
};

json reply(const std::string& text) { return json::parse(text); }

// The api's answer must be {"ok":false} with a message containing `part`.
void api_refuses(const std::string& text, const std::string& part) {
    const json j = reply(text);
    INFO(text);
    REQUIRE(j.at("ok") == false);
    CHECK_THAT(j.at("error").get<std::string>(), Contains(part));
}

// Reads through the CLI's path (a file on disk) and the api's (bytes); both must refuse with `part`.
void csv_refused(const std::string& name, const std::string& bytes, const std::string& part) {
    TempFile f(name, bytes);
    CHECK_THROWS_WITH(io::read_csv_file(f.path.string()), Contains(part));
    api_refuses(api::load_csv(bytes, ""), part);
}

int load_ok(const std::string& csv) {
    const json j = reply(api::load_csv(csv, ""));
    INFO(j.dump().substr(0, 400));
    REQUIRE(j.at("ok") == true);
    return j.at("dataset");
}

// Runs a training job through the api to its end; returns the final reply ({"ok":false} on failure).
json api_train(int dataset, const std::string& recipe) {
    const json start = reply(api::start_training(dataset, recipe));
    if (start.at("ok") == false) return start;
    const int job = start.at("job");
    for (int i = 0; i < 100000; ++i) {
        const json s = reply(api::step_job(job, 20));
        if (s.at("ok") == false) return s;
        if (s.at("done") == true) break;
    }
    return reply(api::finish_job(job));
}

// After a refusal the api still works: the synthetic songs load and a kNN trains on them.
void api_still_works() {
    const int ds = load_ok(genrelab::test::synthetic_songs_csv(20));
    const json done = api_train(ds, genrelab::test::synthetic_recipe());
    INFO(done.dump().substr(0, 400));
    CHECK(done.at("ok") == true);
    api::forget_dataset(ds);
}

std::string shipped_model_text() { return genrelab::test::read_file(genrelab::test::source_dir() + "/models/demo-knn.model.json"); }

}  // namespace

// ---- CSV files ------------------------------------------------------------------------------------------

TEST_CASE("hostile CSV: an empty file or only whitespace", "[hostile]") {
    csv_refused("empty.csv", "", "the file is empty");
    csv_refused("blank.csv", " \r\n\n\t\n", "the file is empty");
    api_still_works();
}

TEST_CASE("hostile CSV: a header without rows", "[hostile]") {
    csv_refused("header.csv", "track,tempo,genre\n", "the file has a header but no data rows");
    csv_refused("header-blank.csv", "track,tempo,genre\n,,\n\n", "no data rows (only 2 empty rows)");
}

TEST_CASE("hostile CSV: binary bytes and text that is not UTF-8", "[hostile]") {
    // A PNG's first bytes: the NUL on line 2 marks a binary file.
    csv_refused("image.csv", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), "line 3 contains a NUL byte: this looks like a binary file");
    // Latin-1 "café" on line 3, column 'artist'.
    csv_refused("latin1.csv", "artist,genre\nabba,pop\ncaf\xe9,jazz\n", "line 3, column 'artist': bytes are not valid UTF-8");
    csv_refused("latin1-header.csv", "art\xefst,genre\na,b\n", "line 1 (the header): bytes are not valid UTF-8");
    csv_refused("utf16.csv", std::string("\xff\xfe" "a\0,\0b\0", 8), "UTF-16");
    api_still_works();
}

TEST_CASE("hostile CSV: ragged rows", "[hostile]") {
    // Too many fields: refused with the line and the counts (a shifted row usually means a missing quote).
    csv_refused("long-row.csv", "a,b,genre\n1,2,x\n3,4,y,5\n", "line 3 has 4 fields but the header has 3");
    // Too few: padded with missing cells, and said so with the first line.
    const io::Table t = io::read_csv("a,b,genre\n1,2,x\n3\n4,5,y\n");
    REQUIRE(t.n_rows() == 3);
    CHECK(t.column("b").missing[1]);
    CHECK(t.column("genre").missing[1]);
    REQUIRE(!t.warnings.empty());
    CHECK_THAT(t.warnings.front(), Contains("line 3"));
}

TEST_CASE("hostile CSV: an unterminated quote names the line where it opened", "[hostile]") {
    csv_refused("quote.csv", "name,genre\nfine,pop\n\"never closed,rock\nmore,jazz\n", "line 3: a quoted field starts here but its closing quote is missing");
    api_still_works();
}

TEST_CASE("hostile CSV: 10,000 columns load, more than the limit are refused by count", "[hostile]") {
    std::string header, row;
    for (int i = 0; i < 10000; ++i) {
        header += (i ? "," : "") + std::string("f") + std::to_string(i);
        row += (i ? "," : "") + std::to_string(i % 13);
    }
    const std::string wide = header + ",genre\n" + row + ",a\n" + row + ",b\n";
    const json j = reply(api::load_csv(wide, ""));
    REQUIRE(j.at("ok") == true);
    CHECK(j.at("columns").size() == 10001);
    CHECK(j.at("n_rows") == 2);
    api::forget_dataset(j.at("dataset"));

    io::CsvOptions narrow;
    narrow.max_columns = 5000;
    CHECK_THROWS_WITH(io::read_csv(wide, narrow), Contains("the header has 10,001 columns; the limit is 5,000"));
    std::string too_wide;
    for (int i = 0; i < 20001; ++i) too_wide += (i ? ",c" : "c") + std::to_string(i);
    csv_refused("too-wide.csv", too_wide + "\n" + std::string(20000, ',') + "1\n", "the header has 20,001 columns; the limit is 20,000");
}

TEST_CASE("hostile CSV: a 1 GB file is refused from its size before reading", "[hostile]") {
    TempFile f("huge.csv");
    fs::resize_file(f.path, std::uintmax_t{1} << 30);   // sparse: no disk used, nothing read
    CHECK_THROWS_WITH(io::read_csv_file(f.path.string()), Contains("is 1024 MB; the limit is 512 MB"));
    // In memory the same limit holds, and a caller can lower it (the page passes its own).
    io::CsvOptions small;
    small.max_bytes = 100;
    CHECK_THROWS_WITH(io::read_csv(std::string(101, 'a'), small), Contains("the file is 101 bytes; the limit is 100 bytes"));
}

TEST_CASE("hostile CSV: the api's load_csv honours max_bytes", "[hostile]") {
    // api.hpp documents {"max_bytes":N} and the page sends it; a caller may lower the limit, never raise it.
    api_refuses(api::load_csv("a,genre\n1,x\n2,y\n", R"({"max_bytes": 10})"), "the limit is");
    api_refuses(api::load_csv("a,genre\n1,x\n2,y\n", R"({"max_bytes": "lots"})"), "max_bytes must be a whole number");
}

// ---- labels and values ------------------------------------------------------------------------------------

TEST_CASE("hostile data: a label column with one class or no values", "[hostile]") {
    std::string one = "x,y,genre\n", none = "x,y,genre\n";
    for (int i = 0; i < 30; ++i) {
        one += std::to_string(i) + "," + std::to_string(i % 4) + ",rock\n";
        none += std::to_string(i) + "," + std::to_string(i % 4) + ",\n";
    }
    const std::string recipe = R"({"label":"genre","features":["x","y"],"classifier":{"type":"knn","k":3}})";
    CHECK_THROWS_WITH(pl::train(io::read_csv(one), pl::parse_recipe_text(recipe)), Contains("label column 'genre' has only one class ('rock')"));
    CHECK_THROWS_WITH(pl::train(io::read_csv(none), pl::parse_recipe_text(recipe)), Contains("label column 'genre' has no values"));
    const int a = load_ok(one), b = load_ok(none);
    api_refuses(api_train(a, recipe).dump(), "only one class");
    api_refuses(api_train(b, recipe).dump(), "every cell is missing");
    api_still_works();
}

TEST_CASE("hostile data: NaN and Inf in features", "[hostile]") {
    // "NaN" is a missing marker; "inf" and 1e999 are not numbers a song has: they count as invalid cells
    // (the profile says how many and where) and become missing, never ±Inf in the arithmetic.
    std::string csv = "x,y,genre\n";
    for (int i = 0; i < 40; ++i) {
        std::string x = std::to_string(i % 7), y = std::to_string(i % 5);
        if (i == 3) x = "NaN";
        if (i == 5) y = "inf";
        if (i == 8) y = "1e999";
        if (i == 9) x = "-Infinity";
        csv += x + "," + y + "," + (i % 2 ? "a" : "b") + "\n";
    }
    const json loaded = reply(api::load_csv(csv, ""));
    REQUIRE(loaded.at("ok") == true);
    const json ycol = loaded.at("columns").at(1);
    CHECK(ycol.at("type") == "numeric");
    CHECK(ycol.at("invalid") == 2);
    const io::Table t = io::read_csv(csv);
    CHECK(t.column("y").first_invalid_line == 7);
    for (double v : t.column("y").values) CHECK(!std::isinf(v));
    for (double v : t.column("x").values) CHECK(!std::isinf(v));
    // Without an imputer the missing values are named, with their column.
    const std::string no_impute = R"({"label":"genre","features":["x","y"],"classifier":{"type":"knn","k":3}})";
    CHECK_THROWS_WITH(pl::train(t, pl::parse_recipe_text(no_impute)), Contains("missing values in the") && Contains("add an imputation stage"));
    api_refuses(api_train(loaded.at("dataset"), no_impute).dump(), "missing values");
    // With one, training works and every probability is a number.
    const std::string with_impute = R"({"label":"genre","features":["x","y"],"stages":[{"type":"impute","strategy":"median"}],
                                        "classifier":{"type":"knn","k":3}})";
    const pl::FittedPipeline m = pl::train(t, pl::parse_recipe_text(with_impute));
    const pl::Predictions p = pl::predict(m, t);
    CHECK(p.scores.allFinite());
}

// ---- recipes -------------------------------------------------------------------------------------------

TEST_CASE("hostile recipe: unknown columns and unknown fields are named", "[hostile]") {
    const std::string csv = genrelab::test::synthetic_songs_csv(20);
    const io::Table t = io::read_csv(csv);
    const std::string bad_feature = R"({"label":"genre","features":["energy","tempo_bpm"],"classifier":{"type":"knn","k":3}})";
    CHECK_THROWS_WITH(pl::train(t, pl::parse_recipe_text(bad_feature)), Contains("tempo_bpm"));
    const std::string bad_label = R"({"label":"genre_name","features":["energy"],"classifier":{"type":"knn","k":3}})";
    CHECK_THROWS_WITH(pl::train(t, pl::parse_recipe_text(bad_label)), Contains("genre_name"));
    CHECK_THROWS_WITH(pl::parse_recipe_text(R"({"label":"genre","features":["energy"],"classifer":{}})"), Contains("unknown field 'classifer'"));
    CHECK_THROWS_WITH(pl::parse_recipe_text("{\"label\": \"genre\", "), Contains("JSON"));
    const int ds = load_ok(csv);
    api_refuses(api_train(ds, bad_feature).dump(), "tempo_bpm");
    api_refuses(api_train(ds, bad_label).dump(), "genre_name");
    api::forget_dataset(ds);
    api_still_works();
}

TEST_CASE("hostile recipe: absurd numbers are refused, not converted", "[hostile]") {
    // 1e300 as an integer setting: converting it would be undefined behaviour (UBSan's float-cast-overflow).
    CHECK_THROWS_AS(pl::parse_recipe_text(R"({"label":"g","features":["a"],"version":1e300})"), genrelab::Error);
    CHECK_THROWS_AS(pl::parse_recipe_text(R"({"label":"g","features":["a"],"seed":-1})"), genrelab::Error);
}

// ---- model files -------------------------------------------------------------------------------------------

TEST_CASE("hostile model file: wrong version, not a model, not JSON", "[hostile]") {
    json m = json::parse(shipped_model_text());
    m["format_version"] = 99;
    CHECK_THROWS_WITH(pl::load_model(m), Contains("format version 99, made by a newer Genrelab"));
    api_refuses(api::load_model(m.dump()), "format version 99");
    m["format_version"] = "1";
    CHECK_THROWS_WITH(pl::load_model(m), Contains("'format_version' must be an integer"));
    CHECK_THROWS_WITH(pl::load_model_text(R"({"format":"something-else"})"), Contains("not a Genrelab model file"));
    CHECK_THROWS_WITH(pl::load_model_text("PK\x03\x04 zip bytes"), Contains("not valid JSON"));
    api_refuses(api::load_model(""), "not valid JSON");
}

TEST_CASE("hostile model file: wrong shapes are refused with the field", "[hostile]") {
    const json good = json::parse(shipped_model_text());
    REQUIRE_NOTHROW(pl::load_model(good));
    {   // the training matrix says more rows than it holds
        json m = good;
        m["classifier"]["state"]["X"]["rows"] = m["classifier"]["state"]["X"]["rows"].get<long long>() + 1;
        CHECK_THROWS_WITH(pl::load_model(m), Contains("holds"));
    }
    {   // labels shorter than the training rows
        json m = good;
        m["classifier"]["state"]["y"].erase(0);
        CHECK_THROWS_AS(pl::load_model(m), genrelab::Error);
    }
    {   // a label outside the classes
        json m = good;
        m["classifier"]["state"]["y"][0] = 57;
        CHECK_THROWS_AS(pl::load_model(m), genrelab::Error);
    }
    {   // one feature fewer than the scaler was fitted on
        json m = good;
        m["recipe"]["features"].erase(m["recipe"]["features"].size() - 1);
        m["encoding"].erase(m["encoding"].size() - 1);
        CHECK_THROWS_AS(pl::load_model(m), genrelab::Error);
    }
    {   // a number where a list belongs
        json m = good;
        m["classes"] = 3;
        CHECK_THROWS_WITH(pl::load_model(m), Contains("wrong type"));
    }
    api_still_works();
}

TEST_CASE("hostile model file: a 500 MB array declaration is refused before allocating", "[hostile]") {
    // 100,000 × 655 doubles = 524 MB declared, 3 numbers held: refused from the declared size, nothing allocated.
    json m = json::parse(shipped_model_text());
    m["classifier"]["state"]["X"] = json{{"rows", 100000}, {"cols", 655}, {"data", {1, 2, 3}}};
    CHECK_THROWS_WITH(pl::load_model(m), Contains("100000×655 but holds 3 numbers"));
    // Past the absolute bound (1 GB of doubles) the declaration alone is enough to refuse.
    m["classifier"]["state"]["X"] = json{{"rows", 1000000}, {"cols", 1000000}, {"data", json::array()}};
    CHECK_THROWS_WITH(pl::load_model(m), Contains("is too large"));
    api_refuses(api::load_model(m.dump()), "is too large");
    // A whole file over the limit is refused before parsing (the page checks File.size against the same bound).
    CHECK(pl::kMaxModelFileBytes == size_t{256} << 20);
}

TEST_CASE("hostile model file: a huge model file on disk is refused from its size", "[hostile]") {
    TempFile f("huge.model.json");
    fs::resize_file(f.path, std::uintmax_t{500} << 20);   // sparse 500 MB
    CHECK_THROWS_WITH(pl::load_model_file(f.path.string()), Contains("500 MB; the limit is 256 MB"));
}

TEST_CASE("hostile inputs leave earlier work usable", "[hostile]") {
    const int ds = load_ok(genrelab::test::synthetic_songs_csv(20));
    const json trained = api_train(ds, genrelab::test::synthetic_recipe());
    REQUIRE(trained.at("ok") == true);
    const int model = trained.at("model");
    const json before = reply(api::predict(model, ds));
    api_refuses(api::load_csv("a,b\n1,\"x\n", ""), "closing quote");
    api_refuses(api::load_model("{\"format\":\"genrelab-model\",\"format_version\":7}"), "format version 7");
    api_refuses(api_train(ds, R"({"label":"genre","features":["nope"]})").dump(), "nope");
    const json after = reply(api::predict(model, ds));
    REQUIRE(after.at("ok") == true);
    CHECK(after.at("predicted") == before.at("predicted"));
    api::forget_model(model);
    api::forget_dataset(ds);
}
