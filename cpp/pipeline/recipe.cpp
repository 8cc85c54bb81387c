#include "pipeline/recipe.hpp"

#include <cmath>
#include <set>
#include <type_traits>

#include "core/error.hpp"
#include "pipeline/stages/params.hpp"

namespace genrelab::pipeline {

namespace {

void reject_unknown_keys(const json& j, const std::set<std::string>& known, const std::string& where) {
    for (auto it = j.begin(); it != j.end(); ++it)
        if (!known.count(it.key())) {
            std::string list;
            for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
            throw Error("recipe: unknown field '" + it.key() + "' in " + where + " (known: " + list + ")");
        }
}

template <class T>
T field(const json& j, const char* key, const T& fallback, const std::string& where) {
    if (!j.contains(key) || j.at(key).is_null()) return fallback;
    if constexpr (std::is_integral_v<T>) check_whole_number(j.at(key), key, where, std::is_unsigned_v<T>);
    try {
        return j.at(key).get<T>();
    } catch (const json::exception&) {
        throw Error("recipe: field '" + std::string(key) + "' in " + where + " has the wrong type (" +
                    j.at(key).dump().substr(0, 60) + ")");
    }
}

double fraction(const json& j, const char* key, double fallback) {
    const double f = field<double>(j, key, fallback, "split");
    if (!(f >= 0.0 && f < 1.0)) throw Error("recipe: split." + std::string(key) + " must be in [0, 1), got " + std::to_string(f));
    return f;
}

}  // namespace

Recipe parse_recipe(const json& j) {
    if (!j.is_object()) throw Error("recipe: expected a JSON object");
    reject_unknown_keys(j, {"format", "version", "label", "labels", "clean", "features", "seed", "split", "stages", "classifier", "name", "notes"},
                        "the recipe");
    if (j.contains("format") && j.at("format") != kRecipeFormat)
        throw Error("recipe: 'format' is " + j.at("format").dump() + ", expected \"" + kRecipeFormat + "\"");
    const int version = field<int>(j, "version", kRecipeVersion, "the recipe");
    if (version > kRecipeVersion)
        throw Error("recipe: version " + std::to_string(version) + " is newer than this Genrelab understands (" +
                    std::to_string(kRecipeVersion) + ")");

    Recipe r;
    r.name = field<std::string>(j, "name", "", "the recipe");
    r.notes = field<std::string>(j, "notes", "", "the recipe");
    r.label = field<std::string>(j, "label", "", "the recipe");
    if (r.label.empty()) throw Error("recipe: 'label' (the column holding the genre) is missing");
    if (j.contains("labels")) {
        if (!j.at("labels").is_object()) throw Error("recipe: 'labels' must be an object");
        json spec = j.at("labels");
        check_integer_settings(spec, json(preprocess::LabelMapParams{}), "labels");
        spec["type"] = "labels";
        r.labels = parse_params<preprocess::LabelMapParams>(spec);
        if (r.labels.min_count < 0 || r.labels.top_n < 0) throw Error("recipe: labels.min_count and labels.top_n must be ≥ 0");
    }
    if (j.contains("clean") && !j.at("clean").is_null()) {
        check_integer_settings(j.at("clean"), json(preprocess::CleanParams{}), "clean");
        try {
            r.clean = j.at("clean").get<preprocess::CleanParams>();
        } catch (const json::exception& e) {
            throw Error(std::string("recipe: 'clean' has a field of the wrong type (") + e.what() + ")");
        }
    }
    r.features = field<std::vector<std::string>>(j, "features", {}, "the recipe");
    if (r.features.empty()) throw Error("recipe: 'features' lists no columns");
    std::set<std::string> seen;
    for (const auto& f : r.features) {
        if (!seen.insert(f).second) throw Error("recipe: feature '" + f + "' is listed twice");
        if (f == r.label) throw Error("recipe: the label column '" + f + "' cannot also be a feature");
    }
    if (j.contains("seed")) {
        const auto& s = j.at("seed");
        if (!s.is_number_integer() || (s.is_number_integer() && !s.is_number_unsigned() && s.get<long long>() < 0))
            throw Error("recipe: 'seed' must be a non-negative integer");
        r.seed = s.get<uint64_t>();
    }
    if (j.contains("split")) {
        const json& s = j.at("split");
        if (!s.is_object()) throw Error("recipe: 'split' must be an object");
        reject_unknown_keys(s, {"method", "test_fraction", "validation_fraction", "group_column"}, "split");
        r.split.method = field<std::string>(s, "method", r.split.method, "split");
        if (r.split.method != "stratified" && r.split.method != "group")
            throw Error("recipe: split.method must be \"stratified\" or \"group\", got \"" + r.split.method + "\"");
        r.split.test_fraction = fraction(s, "test_fraction", r.split.test_fraction);
        r.split.validation_fraction = fraction(s, "validation_fraction", r.split.validation_fraction);
        if (r.split.test_fraction + r.split.validation_fraction >= 1.0)
            throw Error("recipe: test and validation fractions leave no training rows");
        r.split.group_column = field<std::string>(s, "group_column", "", "split");
        if (r.split.method == "group" && r.split.group_column.empty())
            throw Error("recipe: a group split needs split.group_column (e.g. \"artist_name\")");
    }
    if (r.split.test_fraction <= 0.0) throw Error("recipe: split.test_fraction must be above 0 to measure the model");
    if (j.contains("stages")) {
        if (!j.at("stages").is_array()) throw Error("recipe: 'stages' must be a list");
        for (const auto& st : j.at("stages")) {
            if (!st.is_object() || !st.contains("type") || !st.at("type").is_string())
                throw Error("recipe: every stage needs a \"type\", got " + st.dump().substr(0, 80));
            r.stages.push_back(st);
        }
    }
    if (j.contains("classifier")) {
        const json& c = j.at("classifier");
        if (!c.is_object() || !c.contains("type") || !c.at("type").is_string())
            throw Error("recipe: 'classifier' needs a \"type\" (e.g. {\"type\":\"knn\",\"k\":12})");
        r.classifier = c;
    }
    return r;
}

Recipe parse_recipe_text(const std::string& text) {
    json j;
    try {
        j = json::parse(text);
    } catch (const json::exception& e) {   // parse_error, and out_of_range.406 for a number like 1e555 (found by fuzz_recipe)
        throw Error(std::string("recipe: not valid JSON (") + e.what() + ")");
    }
    return parse_recipe(j);
}

json to_json(const Recipe& r) {
    json j{{"format", kRecipeFormat},
                {"version", kRecipeVersion},
                {"label", r.label},
                {"features", r.features},
                {"seed", r.seed},
                {"split",
                 {{"method", r.split.method},
                  {"test_fraction", r.split.test_fraction},
                  {"validation_fraction", r.split.validation_fraction},
                  {"group_column", r.split.group_column}}},
                {"stages", r.stages},
                {"classifier", r.classifier}};
    if (!r.labels.map.empty() || r.labels.min_count > 0 || r.labels.top_n > 0) j["labels"] = r.labels;
    if (r.clean) j["clean"] = *r.clean;
    if (!r.name.empty()) j["name"] = r.name;
    if (!r.notes.empty()) j["notes"] = r.notes;
    return j;
}

}  // namespace genrelab::pipeline
