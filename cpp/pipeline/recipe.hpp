// A recipe is the whole analysis as plain JSON: which columns, which label, the seed, the split, the
// preprocessing stages in order and the classifier. The same recipe and seed give the same model natively
// and in the browser. Unknown keys are rejected (a typo must not silently fall back to a default).
//
// {"format":"genrelab-recipe","version":1,"label":"music_genre","features":["tempo",…],"seed":42,
//  "labels":{"map":{"album rock":"rock"},"min_count":3},
//  "split":{"method":"stratified","test_fraction":0.2,"validation_fraction":0,"group_column":""},
//  "stages":[{"type":"impute","strategy":"median"},{"type":"scale","method":"standard"}],
//  "classifier":{"type":"knn","k":12,"metric":"euclidean","weights":"uniform"}}
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "preprocess/clean.hpp"
#include "preprocess/label_map.hpp"

namespace genrelab::pipeline {

using nlohmann::json;

inline constexpr const char* kRecipeFormat = "genrelab-recipe";
inline constexpr int kRecipeVersion = 1;

struct SplitSpec {
    // stratified: seeded stratified train/validation/test (the peers' exact protocol when validation is 0)
    // group: no value of group_column (e.g. artist) in two parts
    std::string method = "stratified";
    double test_fraction = 0.2;
    double validation_fraction = 0.0;
    std::string group_column;
};

struct Recipe {
    std::string name;            // optional, for people: "Demo kNN"
    std::string notes;           // optional free text
    std::string label;
    // Optional label grouping before anything else: fine → broad genres, rare classes dropped, top-N kept.
    // {"map":{"album rock":"rock",…},"unmapped":"keep"|"drop"|"other","other_label":"other","min_count":3,"top_n":0}
    preprocess::LabelMapParams labels;
    std::vector<std::string> features;
    // Optional data hygiene on the table before anything else, at training time only (rows dropped,
    // sentinels → missing, duplicates, the same track under several genres): see preprocess/clean.hpp.
    // Sentinels in feature columns that new data may also carry belong in a "missing_if" stage instead.
    std::optional<preprocess::CleanParams> clean;
    uint64_t seed = 42;
    SplitSpec split;
    std::vector<json> stages;   // each {"type": …, params…}, applied in order
    json classifier = json{{"type", "knn"}};
};

// Parses and checks a recipe; throws genrelab::Error naming the bad field.
Recipe parse_recipe(const json& j);
Recipe parse_recipe_text(const std::string& text);
json to_json(const Recipe&);

}  // namespace genrelab::pipeline
