#include "bindings/api_prepare.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "bindings/registry.hpp"
#include "pipeline/builtin_label_maps.hpp"
#include "pipeline/recipe.hpp"
#include "preprocess/clean.hpp"
#include "preprocess/label_map.hpp"
#include "preprocess/leakage.hpp"
#include "preprocess/split.hpp"

namespace genrelab::api {

using nlohmann::json;
using namespace detail;

namespace {

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// The same key choice as the trainer's leakage report: (artist, track) when the table has them, else whole rows.
preprocess::LeakageParams leakage_keys(const io::Table& t, const std::string& label) {
    auto find = [&](std::initializer_list<const char*> words) -> std::string {
        for (const auto& name : t.column_names()) {
            const std::string l = lower(name);
            for (const char* w : words)
                if (l.find(w) != std::string::npos) return name;
        }
        return "";
    };
    preprocess::LeakageParams p;
    const std::string artist = find({"artist"}), track = find({"track_name", "title", "song", "track"});
    if (!artist.empty() && !track.empty() && artist != track) p.key_columns = {artist, track};
    else p.exclude_columns = {label};
    return p;
}

long long count_missing(const io::Column& c) { return static_cast<long long>(std::count(c.missing.begin(), c.missing.end(), true)); }

}  // namespace

std::string preview_preparation(int dataset_id, const std::string& recipe_json) {
    return guarded([&] {
        const auto source = dataset(dataset_id);
        json rj = json::parse(recipe_json);
        if (!rj.is_object()) throw Error("the preparation settings must be a JSON object");
        // Only the parts that act on rows matter here; a placeholder feature lets an unfinished recipe parse.
        const bool no_features = !rj.contains("features") || !rj.at("features").is_array() || rj.at("features").empty();
        if (no_features) rj["features"] = json::array({"\x01placeholder"});
        const pipeline::Recipe r = pipeline::parse_recipe(rj);
        source->column(r.label);   // throws, naming the columns

        json out{{"rows_before", source->n_rows()}, {"columns_before", source->column_names().size()}};
        io::Table t = *source;
        out["clean"] = nullptr;
        if (r.clean) out["clean"] = preprocess::clean(*r.clean, t);

        json missing = json::array();
        const std::vector<std::string> names_before = source->column_names(), names_after = t.column_names();
        if (!no_features)
            for (const auto& f : r.features) {
                const bool before_has = std::find(names_before.begin(), names_before.end(), f) != names_before.end();
                const bool after_has = std::find(names_after.begin(), names_after.end(), f) != names_after.end();
                missing.push_back(json{{"column", f},
                                       {"missing_before", before_has ? json(count_missing(source->column(f))) : json(nullptr)},
                                       {"missing_after_clean", after_has ? json(count_missing(t.column(f))) : json(nullptr)}});
            }
        out["missing"] = missing;

        const preprocess::LabelMapResult lm =
            preprocess::apply_label_map(r.labels, t.column(r.label).cells, t.column(r.label).missing);
        out["labels"] = lm.report;
        out["rows_after"] = lm.kept_rows.size();

        // The split, cut exactly as the trainer cuts it (pipeline.cpp's Trainer::prepare).
        json split{{"method", r.split.method}, {"train", 0}, {"validation", 0}, {"test", 0}, {"error", nullptr}};
        out["leakage"] = nullptr;
        try {
            const pipeline::ClassDiscovery d = pipeline::discover_classes(t, r);
            const pipeline::LabelledRows lr = pipeline::label_rows(t, r, d.classes);
            const int K = static_cast<int>(d.classes.size());
            preprocess::SplitIndices s;
            if (r.split.method == "group")
                s = preprocess::group_split(pick(t.column(r.split.group_column).cells, lr.rows), lr.y, r.split.validation_fraction,
                                            r.split.test_fraction, r.seed);
            else if (r.split.validation_fraction == 0.0)
                s = preprocess::stratified_peer_split(lr.y, K, r.split.test_fraction, static_cast<uint32_t>(r.seed));
            else
                s = preprocess::stratified_split(lr.y, K, r.split.validation_fraction, r.split.test_fraction, r.seed);
            split["train"] = s.train.size();
            split["validation"] = s.validation.size();
            split["test"] = s.test.size();
            split["classes"] = d.classes.size();
            const preprocess::SplitRows rows{pick(lr.rows, s.train), pick(lr.rows, s.validation), pick(lr.rows, s.test)};
            out["leakage"] = preprocess::check_leakage(leakage_keys(t, r.label), t, rows);
        } catch (const Error& e) {
            split["error"] = e.what();
        }
        out["split"] = split;

        json drops = json::array();
        for (const auto& s : preprocess::suggest_drop_columns(*source, r.label)) drops.push_back(json(s));
        out["drop_suggestions"] = drops;
        return ok(out);
    });
}

std::string label_maps(int dataset_id, const std::string& label) {
    return guarded([&] {
        std::set<std::string> distinct;
        if (dataset_id > 0 && !label.empty()) {
            const auto t = dataset(dataset_id);
            const io::Column& c = t->column(label);
            for (size_t i = 0; i < c.cells.size(); ++i)
                if (!c.missing[i]) distinct.insert(c.cells[i]);
        }
        json maps = json::array();
        for (const auto& b : pipeline::builtin_label_maps()) {
            const preprocess::LabelMapFile f = preprocess::parse_label_map_file(json::parse(b.json));
            json coverage = nullptr;
            if (!distinct.empty()) {
                long long hits = 0;
                for (const auto& l : distinct) hits += f.map.count(l) ? 1 : 0;
                coverage = static_cast<double>(hits) / static_cast<double>(distinct.size());
            }
            maps.push_back(json{{"file", b.file},
                                {"name", f.name},
                                {"description", f.description},
                                {"broad", f.broad},
                                {"map", f.map},
                                {"coverage", coverage}});
        }
        return ok(json{{"maps", maps}});
    });
}

}  // namespace genrelab::api
