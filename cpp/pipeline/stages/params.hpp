// Reading an algorithm's params from a recipe entry: keys the params struct does not know are refused
// (a typo such as "stratgey" must not silently fall back to the default), and JSON type errors become
// messages that name the stage.
#pragma once
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "core/error.hpp"

namespace genrelab::pipeline {

// spec: the recipe entry {"type": …, params…}; `own_keys`: keys the adapter itself reads (besides "type").
template <class Params>
Params parse_params(const nlohmann::json& spec, const std::set<std::string>& own_keys = {}) {
    const std::string type = spec.value("type", "stage");
    const nlohmann::json defaults = Params{};
    nlohmann::json given = nlohmann::json::object();
    for (auto it = spec.begin(); it != spec.end(); ++it) {
        if (it.key() == "type" || own_keys.count(it.key())) continue;
        if (!defaults.contains(it.key())) {
            std::string known;
            for (auto d = defaults.begin(); d != defaults.end(); ++d) known += (known.empty() ? "" : ", ") + d.key();
            for (const auto& k : own_keys) known += (known.empty() ? "" : ", ") + k;
            throw Error("recipe: '" + type + "' has no setting '" + it.key() + "' (settings: " + known + ")");
        }
        given[it.key()] = it.value();
    }
    Params params;
    try {
        params = given.get<Params>();
    } catch (const nlohmann::json::exception& e) {
        throw Error("recipe: a setting of '" + type + "' has the wrong type or value (" + std::string(e.what()) + ")");
    }
    // nlohmann maps an unknown enum string to the enum's first value: catch it by writing the params back.
    const nlohmann::json echoed = params;
    for (auto it = given.begin(); it != given.end(); ++it)
        if (it.value().is_string() && echoed.contains(it.key()) && echoed.at(it.key()) != it.value())
            throw Error("recipe: '" + it.value().get<std::string>() + "' is not a valid value for '" + it.key() + "' of '" + type +
                        "'");
    return params;
}

// The recipe entry for params p: {"type": type, …p's fields…} plus `extra`.
template <class Params>
nlohmann::json params_entry(const std::string& type, const Params& p, const nlohmann::json& extra = nlohmann::json::object()) {
    nlohmann::json j = p;
    j["type"] = type;
    j.update(extra);
    return j;
}

}  // namespace genrelab::pipeline
