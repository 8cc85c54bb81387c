#include <catch2/catch.hpp>
#include <cmath>

#include "core/error.hpp"
#include "preprocess/encode_fixed.hpp"
#include "preprocess/encode_label.hpp"
#include "support/test_support.hpp"

using namespace genrelab;
using namespace genrelab::preprocess;
using Catch::Matchers::Contains;

namespace {
CategoricalColumn column(const std::string& name, const std::vector<std::string>& cells) {
    CategoricalColumn c;
    c.name = name;
    c.cells = cells;
    for (size_t r = 0; r < cells.size(); ++r) c.lines.push_back(static_cast<long>(r) + 2);
    return c;
}
}  // namespace

TEST_CASE("LabelEncoder sorts classes by code point like the peers", "[preprocess][encode]") {
    // Expected order written by hand from Python: sorted(["Rock", "Hip-Hop", "Electronic", "Anime", "Électro", "blues"])
    // → ['Anime', 'Electronic', 'Hip-Hop', 'Rock', 'blues', 'Électro'] (upper case before lower case, É last).
    const auto y = column("genre", {"Rock", "Hip-Hop", "Electronic", "Anime", "Électro", "blues", "Rock"});
    const LabelEncoderModel m = fit(LabelEncoderParams{}, y);
    CHECK(m.classes == std::vector<std::string>{"Anime", "Electronic", "Hip-Hop", "Rock", "blues", "Électro"});
    const Labels codes = transform(m, y);
    CHECK(codes == Labels{3, 2, 1, 0, 5, 4, 3});
    CHECK(inverse_transform(m, codes) == y.cells);
    CHECK(n_classes(m) == 6);
    const LabelEncoderModel back = nlohmann::json::parse(nlohmann::json(m).dump()).get<LabelEncoderModel>();
    CHECK(transform(back, y) == codes);
}

TEST_CASE("LabelEncoder errors name the label and its line", "[preprocess][encode][errors]") {
    const LabelEncoderModel m = fit(LabelEncoderParams{}, column("music_genre", {"Rock", "Jazz"}));
    REQUIRE_THROWS_WITH(transform(m, column("music_genre", {"Jazz", "Blues"})),
                        Contains("label 'Blues' on line 3 is not one of the 2 classes") && Contains("Jazz, Rock"));
    REQUIRE_THROWS_WITH(fit(LabelEncoderParams{}, column("music_genre", {"Rock", ""})), Contains("'music_genre' is empty on line 3"));
    REQUIRE_THROWS_WITH(fit(LabelEncoderParams{}, column("music_genre", {"Rock", "Rock"})), Contains("needs at least 2"));
    REQUIRE_THROWS_WITH(inverse_transform(m, Labels{0, 2}), Contains("class index 2 at position 1 is outside 0..1"));
    nlohmann::json j = m;
    j["classes"] = {"Rock", "Jazz"};
    REQUIRE_THROWS_WITH(j.get<LabelEncoderModel>(), Contains("sorted by code point"));
}

TEST_CASE("Note names and modes and booleans have fixed codes", "[preprocess][encode]") {
    // The peers' NOTE_TO_PC table (../shared/peers/peers_common.py), checked value by value.
    const std::vector<std::pair<std::string, int>> notes = {{"C", 0}, {"C#", 1}, {"Db", 1}, {"D", 2},   {"D#", 3},  {"Eb", 3},
                                                            {"E", 4}, {"F", 5},  {"F#", 6}, {"Gb", 6},  {"G", 7},   {"G#", 8},
                                                            {"Ab", 8}, {"A", 9}, {"A#", 10}, {"Bb", 10}, {"B", 11}};
    for (const auto& [name, pc] : notes) CHECK(note_name_to_pitch_class(name) == pc);
    CHECK_FALSE(note_name_to_pitch_class("H").has_value());
    CHECK_FALSE(note_name_to_pitch_class("c#").has_value());   // exact spelling, like the peers

    const auto key = column("key", {"A#", "", "C", "Gb"});
    const Vector k = encode_fixed(FixedCode::NoteName, key);
    CHECK(k[0] == 10);
    CHECK(std::isnan(k[1]));
    CHECK(k[2] == 0);
    CHECK(k[3] == 6);
    CHECK(detect_fixed_code(key) == FixedCode::NoteName);

    const auto mode = column("mode", {"Major", "minor", "MINOR"});
    CHECK(detect_fixed_code(mode) == FixedCode::Mode);
    const Vector md = encode_fixed(FixedCode::Mode, mode);
    CHECK(md[0] == 1);
    CHECK(md[1] == 0);
    CHECK(md[2] == 0);

    const auto flag = column("explicit", {"true", "False", "yes", "N", "1", "0"});
    CHECK(detect_fixed_code(flag) == FixedCode::Boolean);
    const Vector b = encode_fixed(FixedCode::Boolean, flag);
    CHECK(b[0] == 1);
    CHECK(b[1] == 0);
    CHECK(b[2] == 1);
    CHECK(b[3] == 0);
    CHECK(b[4] == 1);
    CHECK(b[5] == 0);

    CHECK_FALSE(detect_fixed_code(column("artist", {"Adele", "C"})).has_value());
    CHECK_FALSE(detect_fixed_code(column("empty", {"", ""})).has_value());
}

TEST_CASE("Fixed encoders name the column and value and line of a bad cell", "[preprocess][encode][errors]") {
    REQUIRE_THROWS_WITH(encode_fixed(FixedCode::NoteName, column("key", {"C", "H"})),
                        Contains("column 'key' has 'H' on line 3, which is not a note name"));
    REQUIRE_THROWS_WITH(encode_fixed(FixedCode::Mode, column("mode", {"Dorian"})), Contains("'Dorian' on line 2, which is not Major or Minor"));
    REQUIRE_THROWS_WITH(encode_fixed(FixedCode::Boolean, column("explicit", {"maybe"})), Contains("'maybe' on line 2"));
}
