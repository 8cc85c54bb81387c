#include "pipeline/model_file.hpp"

#include <fstream>

#include "core/error.hpp"
#include "pipeline/recipe.hpp"

namespace genrelab::pipeline {

const char* tool_version() { return "0.1.0"; }

namespace {

const json& required(const json& j, const char* key) {
    if (!j.contains(key)) throw Error(std::string("model file: '") + key + "' is missing");
    return j.at(key);
}

// A stage's recipe entry as saved: its params, with the type the file states.
json spec_of(const json& entry) {
    json spec = required(entry, "params");
    if (!spec.is_object()) throw Error("model file: a stage's 'params' must be an object");
    spec["type"] = required(entry, "type");
    return spec;
}

json stage_entry(const std::string& type, const json& params, const json& state) {
    return json{{"type", type}, {"params", params}, {"state", state}};
}

}  // namespace

json save_model(const FittedPipeline& m) {
    json stages = json::array();
    for (const auto& s : m.stages) stages.push_back(stage_entry(s->type(), s->params(), s->state()));
    return json{{"format", kModelFormat},
                {"format_version", kModelFormatVersion},
                {"created_by", std::string("genrelab ") + tool_version()},
                {"recipe", to_json(m.recipe)},
                {"classes", m.classes},
                {"encoding", m.encoding},
                {"stages", stages},
                {"classifier", stage_entry(m.classifier->type(), m.classifier->params(), m.classifier->state())},
                {"report", m.report},
                {"provenance", m.provenance},
                {"card", model_card(m)}};
}

FittedPipeline load_model(const json& file) {
    if (!file.is_object() || !file.contains("format"))
        throw Error("this is not a Genrelab model file (no 'format' field)");
    if (file.at("format") != kModelFormat)
        throw Error("this is not a Genrelab model file ('format' is " + file.at("format").dump().substr(0, 60) + ")");
    const json& version = required(file, "format_version");
    if (!version.is_number_integer()) throw Error("model file: 'format_version' must be an integer");
    if (version.get<long long>() > kModelFormatVersion)
        throw Error("this model file has format version " + version.dump() + ", made by a newer Genrelab; this one reads up to version " +
                    std::to_string(kModelFormatVersion));
    if (version.get<long long>() < 1) throw Error("model file: 'format_version' " + version.dump() + " is not valid");

    try {
        FittedPipeline m;
        m.recipe = parse_recipe(required(file, "recipe"));
        m.classes = required(file, "classes").get<std::vector<std::string>>();
        if (m.classes.size() < 2) throw Error("model file: a classifier needs at least two classes");
        if (!std::is_sorted(m.classes.begin(), m.classes.end()) ||
            std::adjacent_find(m.classes.begin(), m.classes.end()) != m.classes.end())
            throw Error("model file: 'classes' must be distinct and sorted");
        m.encoding = required(file, "encoding").get<FeatureEncoding>();
        if (m.encoding.columns.size() != m.recipe.features.size())
            throw Error("model file: the encoding has " + std::to_string(m.encoding.columns.size()) + " columns but the recipe lists " +
                        std::to_string(m.recipe.features.size()) + " features");
        size_t width = m.encoding.output_names().size();
        const json& stages = required(file, "stages");
        if (!stages.is_array()) throw Error("model file: 'stages' must be a list");
        for (const auto& entry : stages) {
            auto stage = make_stage(spec_of(entry));
            stage->load_state(required(entry, "state"), width);
            width = stage->output_names(std::vector<std::string>(width)).size();
            m.stages.push_back(std::move(stage));
        }
        const json& c = required(file, "classifier");
        m.classifier = make_classifier(spec_of(c));
        m.classifier->load_state(required(c, "state"), width, static_cast<int>(m.classes.size()));
        m.report = file.value("report", json::object());
        m.provenance = file.value("provenance", json::object());
        return m;
    } catch (const json::exception& e) {
        throw Error(std::string("model file: a field has the wrong type or shape (") + e.what() + ")");
    }
}

FittedPipeline load_model_text(const std::string& text) {
    if (text.size() > kMaxModelFileBytes)
        throw Error("model file is " + with_thousands(static_cast<long long>(text.size() >> 20)) + " MB; the limit is " +
                    std::to_string(kMaxModelFileBytes >> 20) + " MB");
    json j;
    try {
        j = json::parse(text);
    } catch (const json::exception& e) {   // parse_error, and out_of_range.406 for a number like 1e555 (found by fuzz_recipe)
        throw Error(std::string("this model file is not valid JSON — is it damaged or not a model file? (") + e.what() + ")");
    }
    return load_model(j);
}

FittedPipeline load_model_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) throw Error("cannot open the model file '" + path + "'");
    const std::streamoff size = in.tellg();
    if (size < 0) throw Error("cannot read the model file '" + path + "'");
    if (static_cast<unsigned long long>(size) > kMaxModelFileBytes)
        throw Error("model file '" + path + "' is " + with_thousands(static_cast<long long>(size >> 20)) + " MB; the limit is " +
                    std::to_string(kMaxModelFileBytes >> 20) + " MB");
    std::string text(static_cast<size_t>(size), '\0');
    in.seekg(0);
    if (size > 0 && !in.read(text.data(), size)) throw Error("cannot read the model file '" + path + "'");
    return load_model_text(text);
}

json model_card(const FittedPipeline& m) {
    const json& metrics = m.report.value("metrics", json::object());
    json per_class = json::array();
    if (metrics.contains("per_class")) per_class = metrics.at("per_class");
    json card{{"name", m.recipe.name.empty() ? m.recipe.classifier.value("type", "model") + " genre classifier" : m.recipe.name},
              {"intended_use",
               "Teaching and exploration: predicts a song's genre (one of the listed classes) from Spotify-style audio "
               "features. Not for decisions about artists or listeners."},
              {"classes", m.classes},
              {"features", m.recipe.features},
              {"label", m.recipe.label},
              {"training",
               {{"n_train", m.report.value("n_train", 0)},
                {"n_test", m.report.value("n_test", 0)},
                {"split", to_json(m.recipe).at("split")},
                {"seed", m.recipe.seed}}},
              {"metrics",
               {{"accuracy", metrics.value("accuracy", json(nullptr))},
                {"macro_f1", metrics.value("macro_f1", json(nullptr))},
                {"roc_auc_macro", metrics.value("roc_auc_macro", json(nullptr))},
                {"per_class", per_class}}},
              {"caveats",
               json::array({"Genres overlap: many songs plausibly belong to several; accuracy is measured against one label per song.",
                            "Measured on a random held-out split of the training file; songs by the same artist can appear on both "
                            "sides unless a group split was used, which makes the figures optimistic.",
                            "Audio features from another source or scale than the training file will give unreliable predictions."})}};
    if (m.provenance.contains("data")) card["data"] = m.provenance.at("data");
    return card;
}

}  // namespace genrelab::pipeline
