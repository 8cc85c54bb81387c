// Reading an algorithm's params from a recipe entry: keys the params struct does not know are refused
// (a typo such as "stratgey" must not silently fall back to the default), and JSON type errors become
// messages that name the stage.
#pragma once
#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "core/error.hpp"

namespace genrelab::pipeline {

// A JSON number that is read into an integer setting must be a whole number the setting can hold:
// converting 1e300 or 2.5 silently (nlohmann's get<int> is a static_cast, undefined for out-of-range floats)
// would make a stranger's recipe mean something else than it says.
inline void check_whole_number(const nlohmann::json& v, const std::string& key, const std::string& where, bool non_negative) {
    if (!v.is_number()) return;   // a string where a number belongs is reported by the caller
    const bool whole = v.is_number_integer() || (std::isfinite(v.get<double>()) && std::floor(v.get<double>()) == v.get<double>());
    const double d = v.get<double>();
    const bool fits = v.is_number_unsigned() ? v.get<uint64_t>() <= 2147483647u : (d >= -2147483648.0 && d <= 2147483647.0);
    if (!whole || !fits || (non_negative && d < 0))
        throw Error("recipe: '" + key + "' in " + where + " must be a whole number" + (non_negative ? " ≥ 0" : "") + " below 2,147,483,648, got " +
                    v.dump().substr(0, 40));
}

// The same for every integer setting of a params struct, found from its defaults' JSON.
inline void check_integer_settings(const nlohmann::json& given, const nlohmann::json& defaults, const std::string& where) {
    if (!given.is_object()) return;
    for (auto it = given.begin(); it != given.end(); ++it)
        if (defaults.contains(it.key()) && defaults.at(it.key()).is_number_integer())
            check_whole_number(it.value(), it.key(), where, defaults.at(it.key()).is_number_unsigned());
}


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
    check_integer_settings(given, defaults, "'" + type + "'");
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
