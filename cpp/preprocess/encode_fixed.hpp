// Encoders with a fixed vocabulary, so nothing is learned and train/test cannot disagree:
//   NoteName — a key as a note name → pitch class: C 0, C#/Db 1, D 2, D#/Eb 3, E 4, F 5, F#/Gb 6, G 7,
//              G#/Ab 8, A 9, A#/Bb 10, B 11 (exact spelling, like the peers' NOTE_TO_PC; Spotify's API
//              gives the same numbers in its `key` field);
//   Mode     — "Major" → 1, "Minor" → 0 in any letter case (the peers' MODE_TO_NUM; Spotify's `mode`);
//   Boolean  — true/false, yes/no, t/f, y/n in any letter case, and 1/0 → 1/0 (io's Boolean column type).
// Missing cells give NaN (to be imputed like any number). A value outside the vocabulary throws, naming
// the column, the value and its line. detect_fixed_code applies the peers' rule: a column is a note-name
// (or mode, or boolean) column when every non-missing value is in that vocabulary.
//   col: n cells (encode_common.hpp); result: a length-n vector.
// No scikit-learn counterpart (sklearn would need a hand-written mapping).
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/types.hpp"
#include "preprocess/encode_common.hpp"

namespace genrelab::preprocess {

enum class FixedCode { NoteName, Mode, Boolean };
NLOHMANN_JSON_SERIALIZE_ENUM(FixedCode, {{FixedCode::NoteName, "note_name"}, {FixedCode::Mode, "mode"}, {FixedCode::Boolean, "boolean"}})

// The code of one value, or nullopt when it is outside the vocabulary.
std::optional<int> note_name_to_pitch_class(const std::string& cell);
std::optional<int> mode_to_number(const std::string& cell);
std::optional<int> boolean_to_number(const std::string& cell);

Vector encode_fixed(FixedCode code, const CategoricalColumn& col);
// Note names first, then mode, then boolean; nullopt when no vocabulary covers every value (or all are missing).
std::optional<FixedCode> detect_fixed_code(const CategoricalColumn& col);
// A sentence for reports; the output feature keeps the column's name ("key").
const char* describe(FixedCode code);   // "note name → pitch class 0..11", …

}  // namespace genrelab::preprocess
