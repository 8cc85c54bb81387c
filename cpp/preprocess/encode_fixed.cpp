#include "preprocess/encode_fixed.hpp"

#include <limits>

#include "core/error.hpp"

namespace genrelab::preprocess {

namespace {
std::string lower_ascii(const std::string& s) {
    std::string out = s;
    for (auto& ch : out)
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    return out;
}
}  // namespace

std::optional<int> note_name_to_pitch_class(const std::string& cell) {
    static const struct {
        const char* name;
        int pc;
    } kNotes[] = {{"C", 0},  {"C#", 1}, {"Db", 1}, {"D", 2},  {"D#", 3}, {"Eb", 3},  {"E", 4},  {"F", 5},  {"F#", 6},
                  {"Gb", 6}, {"G", 7},  {"G#", 8}, {"Ab", 8}, {"A", 9},  {"A#", 10}, {"Bb", 10}, {"B", 11}};
    for (const auto& n : kNotes)
        if (cell == n.name) return n.pc;
    return std::nullopt;
}

std::optional<int> mode_to_number(const std::string& cell) {
    const std::string l = lower_ascii(cell);
    if (l == "major") return 1;
    if (l == "minor") return 0;
    return std::nullopt;
}

std::optional<int> boolean_to_number(const std::string& cell) {
    const std::string l = lower_ascii(cell);
    if (l == "true" || l == "yes" || l == "t" || l == "y" || l == "1") return 1;
    if (l == "false" || l == "no" || l == "f" || l == "n" || l == "0") return 0;
    return std::nullopt;
}

const char* describe(FixedCode code) {
    switch (code) {
        case FixedCode::NoteName: return "note name → pitch class 0..11 (C = 0, C#/Db = 1, … B = 11)";
        case FixedCode::Mode: return "Major → 1, Minor → 0";
        case FixedCode::Boolean: return "true/yes/t/y/1 → 1, false/no/f/n/0 → 0";
    }
    return "";
}

Vector encode_fixed(FixedCode code, const CategoricalColumn& col) {
    detail::check_column(col, "fixed encoder");
    Vector out(static_cast<Index>(col.size()));
    for (size_t r = 0; r < col.size(); ++r) {
        if (col.is_missing(r)) {
            out[static_cast<Index>(r)] = std::numeric_limits<double>::quiet_NaN();
            continue;
        }
        std::optional<int> v;
        const char* expected = "";
        switch (code) {
            case FixedCode::NoteName: v = note_name_to_pitch_class(col.cells[r]); expected = "a note name (C, C#/Db, D, … B)"; break;
            case FixedCode::Mode: v = mode_to_number(col.cells[r]); expected = "Major or Minor"; break;
            case FixedCode::Boolean: v = boolean_to_number(col.cells[r]); expected = "a yes/no value (true/false, yes/no, 1/0)"; break;
        }
        if (!v) throw Error("column '" + col.name + "' has '" + col.cells[r] + "' on " + col.where(r) + ", which is not " + expected);
        out[static_cast<Index>(r)] = *v;
    }
    return out;
}

std::optional<FixedCode> detect_fixed_code(const CategoricalColumn& col) {
    detail::check_column(col, "fixed encoder");
    bool note = true, mode = true, boolean = true, any = false;
    for (size_t r = 0; r < col.size() && (note || mode || boolean); ++r) {
        if (col.is_missing(r)) continue;
        any = true;
        note = note && note_name_to_pitch_class(col.cells[r]).has_value();
        mode = mode && mode_to_number(col.cells[r]).has_value();
        boolean = boolean && boolean_to_number(col.cells[r]).has_value();
    }
    if (!any) return std::nullopt;
    if (note) return FixedCode::NoteName;
    if (mode) return FixedCode::Mode;
    if (boolean) return FixedCode::Boolean;
    return std::nullopt;
}

}  // namespace genrelab::preprocess
