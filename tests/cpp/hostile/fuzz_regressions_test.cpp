// Replays every input in tests/data/fuzz-regressions/<target>/ through the same code the libFuzzer target runs
// (cpp/fuzz/fuzz_bodies.hpp): each must be accepted or refused with genrelab::Error — any other exception fails
// here, and under the sanitizer build (scripts/test's sanitizer layer) any memory or UB error fails too.
// Files there are crashes scripts/fuzz found (minimised), kept after the fix, plus hand-made hostile inputs.
#include <catch2/catch.hpp>
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "fuzz/fuzz_bodies.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;

namespace {

using Body = void (*)(const uint8_t*, size_t);

size_t replay(const std::string& target, Body body) {
    const fs::path dir = fs::path(genrelab::test::test_data("fuzz-regressions")) / target;
    REQUIRE(fs::is_directory(dir));
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.is_regular_file() && e.path().filename().string()[0] != '.') files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        const std::string bytes = genrelab::test::read_file(f.string());
        INFO(target << "/" << f.filename().string() << " (" << bytes.size() << " bytes)");
        try {
            body(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
        } catch (const genrelab::Error&) {
            // a clear refusal: fine
        } catch (const std::exception& e) {
            FAIL("not a genrelab::Error: " << e.what());
        }
    }
    return files.size();
}

}  // namespace

TEST_CASE("fuzz regressions: csv", "[hostile][fuzz]") { CHECK(replay("csv", genrelab::fuzz::csv_body) > 0); }
TEST_CASE("fuzz regressions: recipe", "[hostile][fuzz]") { CHECK(replay("recipe", genrelab::fuzz::recipe_body) > 0); }
TEST_CASE("fuzz regressions: model_file", "[hostile][fuzz]") { CHECK(replay("model_file", genrelab::fuzz::model_file_body) > 0); }
