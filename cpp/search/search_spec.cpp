#include "search/search_spec.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "core/error.hpp"
#include "core/portable_math.hpp"
#include "core/rng.hpp"
#include "pipeline/stage.hpp"

namespace genrelab::search {

namespace {

constexpr size_t kMaxCandidates = 10000;   // a search beyond this is a mistake in the spec, not a plan
constexpr int kMaxFolds = 100;

void reject_unknown_keys(const json& j, const std::set<std::string>& known, const std::string& where) {
    for (auto it = j.begin(); it != j.end(); ++it)
        if (!known.count(it.key())) {
            std::string list;
            for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
            throw Error("search spec: unknown field '" + it.key() + "' in " + where + " (known: " + list + ")");
        }
}

std::vector<std::string> split_path(const std::string& path) {
    std::vector<std::string> parts;
    std::string cur;
    for (char ch : path) {
        if (ch == '.') {
            parts.push_back(cur);
            cur.clear();
        } else {
            cur += ch;
        }
    }
    parts.push_back(cur);
    for (const auto& p : parts)
        if (p.empty()) throw Error("search spec: params path '" + path + "' has an empty part (write e.g. \"classifier.k\")");
    return parts;
}

bool is_index(const std::string& s) {
    return !s.empty() && s.size() < 9 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void check_path_root(const std::string& path) {
    const std::string root = split_path(path).front();
    if (root == "classifier" || root == "stages" || root == "features") return;
    if (root == "label" || root == "labels" || root == "clean" || root == "split" || root == "seed")
        throw Error("search spec: params path '" + path + "' would change which rows are trained and tested, so the candidates' " +
                    "scores could not be compared; only settings under 'classifier', 'stages' and 'features' can vary");
    throw Error("search spec: params path '" + path + "' does not start with 'classifier', 'stages' or 'features'");
}

double number(const json& v, const std::string& what) {
    if (!v.is_number()) throw Error("search spec: " + what + " must be a number, got " + v.dump().substr(0, 60));
    const double d = v.get<double>();
    if (!std::isfinite(d)) throw Error("search spec: " + what + " must be finite");
    return d;
}

ParamDomain parse_domain(const std::string& path, const json& v) {
    check_path_root(path);
    split_path(path);
    ParamDomain d;
    d.path = path;
    if (v.is_array()) {
        if (v.empty()) throw Error("search spec: params '" + path + "' lists no values");
        d.values.assign(v.begin(), v.end());
        return d;
    }
    if (v.is_object() && v.size() == 1) {
        const std::string kind = v.begin().key();
        const json& range = v.begin().value();
        const std::string what = "params '" + path + "' " + kind;
        if (kind == "uniform" || kind == "log_uniform" || kind == "int_uniform") {
            if (!range.is_array() || range.size() != 2) throw Error("search spec: " + what + " needs [low, high]");
            d.lo = number(range[0], what + " low");
            d.hi = number(range[1], what + " high");
            if (kind == "uniform") {
                d.kind = ParamDomain::Kind::Uniform;
                if (!(d.lo < d.hi)) throw Error("search spec: " + what + " needs low < high, got [" + range[0].dump() + ", " + range[1].dump() + "]");
            } else if (kind == "log_uniform") {
                d.kind = ParamDomain::Kind::LogUniform;
                if (!(d.lo > 0 && d.lo < d.hi))
                    throw Error("search spec: " + what + " needs 0 < low < high, got [" + range[0].dump() + ", " + range[1].dump() + "]");
            } else {
                d.kind = ParamDomain::Kind::IntUniform;
                if (!range[0].is_number_integer() || !range[1].is_number_integer() || !(d.lo <= d.hi) || std::fabs(d.lo) > 1e15 ||
                    std::fabs(d.hi) > 1e15)
                    throw Error("search spec: " + what + " needs two whole numbers low ≤ high, got " + range.dump().substr(0, 60));
            }
            return d;
        }
    }
    throw Error("search spec: params '" + path + "' must be a list of values or one of {\"uniform\":[a,b]}, " +
                "{\"log_uniform\":[a,b]}, {\"int_uniform\":[a,b]}; got " + v.dump().substr(0, 80) +
                " (a single value that is itself a list or object goes inside a list: [[64,64]])");
}

ParamGrid parse_grid(const json& g) {
    if (!g.is_object()) throw Error("search spec: 'params' must be an object {path: values} or a list of such objects");
    ParamGrid grid;
    for (auto it = g.begin(); it != g.end(); ++it) grid.push_back(parse_domain(it.key(), it.value()));   // json objects iterate sorted
    return grid;
}

template <class T>
T field(const json& j, const char* key, const T& fallback, const std::string& where) {
    if (!j.contains(key) || j.at(key).is_null()) return fallback;
    try {
        return j.at(key).get<T>();
    } catch (const json::exception&) {
        throw Error("search spec: field '" + std::string(key) + "' in " + where + " has the wrong type (" + j.at(key).dump().substr(0, 60) +
                    ")");
    }
}

bool all_lists(const SearchSpec& s) {
    for (const auto& g : s.grids)
        for (const auto& d : g)
            if (d.kind != ParamDomain::Kind::List) return false;
    return true;
}

// Grid point `i` of one grid (last path varies fastest, as scikit-learn's ParameterGrid).
json grid_point(const ParamGrid& g, size_t i) {
    json params = json::object();
    for (size_t p = g.size(); p-- > 0;) {
        const size_t n = g[p].values.size();
        params[g[p].path] = g[p].values[i % n];
        i /= n;
    }
    return params;
}

size_t one_grid_size(const ParamGrid& g) {
    size_t n = 1;
    for (const auto& d : g) {
        if (d.values.empty()) return 0;
        if (n > kMaxCandidates * 100 / d.values.size() + 1) return kMaxCandidates * 100;   // saturate: too many anyway
        n *= d.values.size();
    }
    return n;
}

json draw(const ParamDomain& d, Rng& rng) {
    switch (d.kind) {
        case ParamDomain::Kind::List: return d.values[rng.below(d.values.size())];
        case ParamDomain::Kind::Uniform: return rng.uniform(d.lo, d.hi);
        case ParamDomain::Kind::LogUniform: return portable::exp(rng.uniform(portable::log(d.lo), portable::log(d.hi)));
        case ParamDomain::Kind::IntUniform: {
            const auto lo = static_cast<long long>(d.lo), hi = static_cast<long long>(d.hi);
            return lo + static_cast<long long>(rng.below(static_cast<uint64_t>(hi - lo) + 1));
        }
    }
    return nullptr;
}

}  // namespace

std::string describe(const json& params) {
    std::string s;
    for (auto it = params.begin(); it != params.end(); ++it) {
        const json& v = it.value();
        s += (s.empty() ? "" : ", ") + it.key() + " = " + (v.is_string() ? v.get<std::string>() : v.dump());
    }
    return s.empty() ? "the base recipe" : s;
}

json set_path(json recipe, const std::string& path, const json& value) {
    const std::vector<std::string> parts = split_path(path);
    json* node = &recipe;
    std::string walked;
    for (size_t i = 0; i < parts.size(); ++i) {
        const std::string& key = parts[i];
        const bool last = i + 1 == parts.size();
        const std::string here = walked.empty() ? "the recipe" : "'" + walked + "'";
        if (node->is_array()) {
            if (!is_index(key))
                throw Error("search spec: params path '" + path + "': " + here + " is a list, so '" + key + "' must be a position (0, 1, …)");
            const size_t idx = std::stoul(key);
            if (idx >= node->size())
                throw Error("search spec: params path '" + path + "': " + here + " has only " + std::to_string(node->size()) +
                            (node->size() == 1 ? " entry" : " entries") + " (positions count from 0)");
            node = &(*node)[idx];
        } else if (node->is_object()) {
            if (!node->contains(key) && !last)
                throw Error("search spec: params path '" + path + "': " + here + " has no '" + key + "'");
            node = &(*node)[key];
        } else {
            throw Error("search spec: params path '" + path + "': " + here + " is a single value, not an object or a list");
        }
        walked += (walked.empty() ? "" : ".") + key;
    }
    *node = value;
    return recipe;
}

SearchSpec parse_search_spec(const json& j) {
    if (!j.is_object()) throw Error("search spec: expected a JSON object");
    reject_unknown_keys(j, {"recipe", "method", "n_iter", "seed", "params", "cv", "select", "refit"}, "the search spec");
    SearchSpec s;
    if (!j.contains("recipe") || !j.at("recipe").is_object()) throw Error("search spec: 'recipe' (the base recipe, an object) is missing");
    s.recipe = j.at("recipe");
    const pipeline::Recipe base = pipeline::parse_recipe(s.recipe);
    const std::string method = field<std::string>(j, "method", "grid", "the search spec");
    if (method == "grid") s.method = SearchMethod::Grid;
    else if (method == "random") s.method = SearchMethod::Random;
    else throw Error("search spec: 'method' must be \"grid\" or \"random\", got \"" + method + "\"");
    s.n_iter = field<int>(j, "n_iter", 10, "the search spec");
    if (s.n_iter < 1 || static_cast<size_t>(s.n_iter) > kMaxCandidates)
        throw Error("search spec: 'n_iter' must be between 1 and " + with_thousands(kMaxCandidates) + ", got " + std::to_string(s.n_iter));
    s.seed = base.seed;
    if (j.contains("seed")) {
        const json& sd = j.at("seed");
        if (!sd.is_number_integer() || (!sd.is_number_unsigned() && sd.get<long long>() < 0))
            throw Error("search spec: 'seed' must be a non-negative integer");
        s.seed = sd.get<uint64_t>();
    }
    const json params = j.value("params", json::object());
    if (params.is_array()) {
        if (params.empty()) throw Error("search spec: 'params' is an empty list");
        for (const auto& g : params) s.grids.push_back(parse_grid(g));
    } else {
        s.grids.push_back(parse_grid(params));
    }
    if (s.method == SearchMethod::Grid)
        for (const auto& g : s.grids)
            for (const auto& d : g)
                if (d.kind != ParamDomain::Kind::List)
                    throw Error("search spec: params '" + d.path + "' is a distribution, which only a random search can draw from; " +
                                "give a list of values for a grid search or set \"method\": \"random\"");
    if (j.contains("cv")) {
        const json& cv = j.at("cv");
        if (!cv.is_object()) throw Error("search spec: 'cv' must be an object like {\"folds\": 5}");
        reject_unknown_keys(cv, {"folds", "stratified", "shuffle", "train_scores"}, "cv");
        s.cv.folds = field<int>(cv, "folds", s.cv.folds, "cv");
        s.cv.stratified = field<bool>(cv, "stratified", s.cv.stratified, "cv");
        s.cv.shuffle = field<bool>(cv, "shuffle", s.cv.shuffle, "cv");
        s.cv.train_scores = field<bool>(cv, "train_scores", s.cv.train_scores, "cv");
    }
    if (s.cv.folds < 2 || s.cv.folds > kMaxFolds)
        throw Error("search spec: cv.folds must be between 2 and " + std::to_string(kMaxFolds) + ", got " + std::to_string(s.cv.folds));
    if (j.contains("select")) {
        const json& sel = j.at("select");
        if (!sel.is_object()) throw Error("search spec: 'select' must be {\"metric\": …} or {\"weighted\": {\"w1\": 1, \"w2\": 1}}");
        reject_unknown_keys(sel, {"metric", "weighted"}, "select");
        if (sel.contains("metric") && sel.contains("weighted"))
            throw Error("search spec: 'select' takes either \"metric\" or \"weighted\", not both");
        if (sel.contains("weighted")) {
            const json& w = sel.at("weighted");
            if (!w.is_object()) throw Error("search spec: select.weighted must be {\"w1\": …, \"w2\": …}");
            reject_unknown_keys(w, {"w1", "w2"}, "select.weighted");
            s.select.metric = "weighted";
            s.select.w1 = w.contains("w1") ? number(w.at("w1"), "select.weighted.w1") : 1.0;
            s.select.w2 = w.contains("w2") ? number(w.at("w2"), "select.weighted.w2") : 1.0;
            if (s.select.w1 < 0 || s.select.w2 < 0 || s.select.w1 + s.select.w2 <= 0)
                throw Error("search spec: select.weighted needs w1, w2 ≥ 0, not both 0");
        } else {
            s.select.metric = field<std::string>(sel, "metric", "accuracy", "select");
            static const std::set<std::string> metrics{"accuracy", "macro_f1", "roc_auc_macro", "log_loss", "weighted"};
            if (!metrics.count(s.select.metric))
                throw Error("search spec: select.metric must be accuracy, macro_f1, roc_auc_macro, log_loss or weighted, got \"" +
                            s.select.metric + "\"");
        }
    }
    if (!s.cv.train_scores && s.select.metric == "weighted")
        throw Error("search spec: the weighted score needs the training folds' accuracy; remove \"train_scores\": false from 'cv'");
    s.refit = field<bool>(j, "refit", true, "the search spec");
    if (s.method == SearchMethod::Grid && grid_size(s) > kMaxCandidates)
        throw Error("search spec: the grid has " + with_thousands(static_cast<long long>(grid_size(s))) + " candidates (at most " +
                    with_thousands(kMaxCandidates) + "); use fewer values or a random search");
    return s;
}

SearchSpec parse_search_spec_text(const std::string& text) {
    json j;
    try {
        j = json::parse(text);
    } catch (const json::exception& e) {
        throw Error(std::string("search spec: not valid JSON (") + e.what() + ")");
    }
    return parse_search_spec(j);
}

json to_json(const SearchSpec& s) {
    json params = json::array();
    for (const auto& g : s.grids) {
        json o = json::object();
        for (const auto& d : g) {
            switch (d.kind) {
                case ParamDomain::Kind::List: o[d.path] = d.values; break;
                case ParamDomain::Kind::Uniform: o[d.path] = {{"uniform", {d.lo, d.hi}}}; break;
                case ParamDomain::Kind::LogUniform: o[d.path] = {{"log_uniform", {d.lo, d.hi}}}; break;
                case ParamDomain::Kind::IntUniform:
                    o[d.path] = {{"int_uniform", {static_cast<long long>(d.lo), static_cast<long long>(d.hi)}}};
                    break;
            }
        }
        params.push_back(o);
    }
    json select = s.select.metric == "weighted" ? json{{"weighted", {{"w1", s.select.w1}, {"w2", s.select.w2}}}}
                                                : json{{"metric", s.select.metric}};
    return json{{"recipe", s.recipe},
                {"method", s.method},
                {"n_iter", s.n_iter},
                {"seed", s.seed},
                {"params", params.size() == 1 ? params[0] : params},
                {"cv", {{"folds", s.cv.folds}, {"stratified", s.cv.stratified}, {"shuffle", s.cv.shuffle}, {"train_scores", s.cv.train_scores}}},
                {"select", select},
                {"refit", s.refit}};
}

size_t grid_size(const SearchSpec& s) {
    size_t n = 0;
    for (const auto& g : s.grids) n += one_grid_size(g);
    return n;
}

std::vector<Candidate> expand(const SearchSpec& s) {
    std::vector<json> points;
    if (s.method == SearchMethod::Grid || all_lists(s)) {
        const size_t total = grid_size(s);
        std::vector<size_t> chosen(total);
        for (size_t i = 0; i < total; ++i) chosen[i] = i;
        if (s.method == SearchMethod::Random && static_cast<size_t>(s.n_iter) < total) {
            // Without replacement: a partial Fisher–Yates shuffle, draws kept in the order drawn.
            Rng rng(s.seed);
            for (size_t i = 0; i < static_cast<size_t>(s.n_iter); ++i) std::swap(chosen[i], chosen[i + rng.below(total - i)]);
            chosen.resize(static_cast<size_t>(s.n_iter));
        }
        for (size_t i : chosen) {
            for (const auto& g : s.grids) {
                const size_t n = one_grid_size(g);
                if (i < n) {
                    points.push_back(grid_point(g, i));
                    break;
                }
                i -= n;
            }
        }
    } else {
        Rng rng(s.seed);
        for (int it = 0; it < s.n_iter; ++it) {
            const ParamGrid& g = s.grids[s.grids.size() == 1 ? 0 : rng.below(s.grids.size())];
            json params = json::object();
            for (const auto& d : g) params[d.path] = draw(d, rng);
            points.push_back(params);
        }
    }

    std::vector<Candidate> out;
    out.reserve(points.size());
    for (size_t c = 0; c < points.size(); ++c) {
        json recipe = s.recipe;
        for (auto it = points[c].begin(); it != points[c].end(); ++it) recipe = set_path(std::move(recipe), it.key(), it.value());
        Candidate cand;
        cand.params = points[c];
        try {
            cand.recipe = pipeline::parse_recipe(recipe);
            pipeline::make_classifier(cand.recipe.classifier);   // constructing checks every setting
            for (const auto& st : cand.recipe.stages) pipeline::make_stage(st);
        } catch (const Error& e) {
            throw Error("search: candidate " + std::to_string(c + 1) + " (" + describe(points[c]) + "): " + e.what());
        }
        out.push_back(std::move(cand));
    }
    return out;
}

}  // namespace genrelab::search
