#include "pipeline/suggest.hpp"

#include <algorithm>
#include <cctype>

#include "core/error.hpp"
#include "io/profile.hpp"
#include "pipeline/builtin_label_maps.hpp"

namespace genrelab::pipeline {

namespace {

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool named_like_label(const std::string& name) {
    const std::string l = lower(name);
    for (const char* word : {"genre", "label", "class", "category", "style", "target"})
        if (l.find(word) != std::string::npos) return true;
    return false;
}

// The first column whose lower-cased name contains one of `words`, among `names`.
std::string find_named(const std::vector<io::ColumnProfile>& profiles, std::initializer_list<const char*> words) {
    for (const char* w : words)
        for (const auto& p : profiles)
            if (lower(p.name).find(w) != std::string::npos) return p.name;
    return "";
}

constexpr size_t kGroupSplitMaxRows = 10000;   // smaller files: an artist's songs on both sides inflate accuracy

}  // namespace

Recipe suggest_recipe(const io::Table& table) {
    const auto profiles = io::profile(table);
    std::string label;
    // A genre column with many fine genres (Top-2000's "Top Genre": 149) types as text; its name still says label.
    for (const auto& p : profiles)
        if ((p.type == io::ColumnType::Categorical || p.type == io::ColumnType::Text) && named_like_label(p.name)) {
            label = p.name;
            break;
        }
    if (label.empty())
        for (const auto& p : profiles)
            if (p.type == io::ColumnType::Categorical) label = p.name;
    if (label.empty())
        throw Error("no column looks like a genre label (a column with a few repeated text values); choose the label column yourself");

    Recipe r;
    r.label = label;
    for (const auto& p : profiles) {
        if (p.name == label || !p.suggestion.empty()) continue;
        if (p.type == io::ColumnType::Numeric || p.type == io::ColumnType::Boolean || p.type == io::ColumnType::Categorical)
            r.features.push_back(p.name);
    }
    if (r.features.empty()) throw Error("no numeric or categorical column is left to use as a feature besides '" + label + "'");
    // A negative duration is a sentinel for "unknown" (music_genre.csv uses -1): mark it missing first.
    for (const auto& p : profiles)
        if (p.type == io::ColumnType::Numeric && lower(p.name).find("duration") != std::string::npos && p.min < 0 &&
            std::find(r.features.begin(), r.features.end(), p.name) != r.features.end())
            r.stages.push_back(json{{"type", "missing_if"}, {"column", p.name}, {"less_than", 0}});
    // Fine genres a shipped map covers (Top-2000's "Top Genre": 149 values, 54 with one song) are grouped into
    // broad ones; genres it does not know become "other"; classes still too small to split are dropped.
    {
        const io::Column& col = table.column(label);
        std::vector<std::string> distinct;
        for (size_t i = 0; i < col.cells.size(); ++i)
            if (!col.missing[i]) distinct.push_back(col.cells[i]);
        std::sort(distinct.begin(), distinct.end());
        distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
        if (distinct.size() > 12)
            if (auto match = best_label_map(distinct)) {
                r.labels.map = match->map.map;
                r.labels.unmapped = preprocess::Unmapped::Other;
                r.labels.other_label = "other";
                r.labels.min_count = 10;
                r.notes = "Genres grouped with the shipped map " + match->file + " (it covers " +
                          std::to_string(static_cast<int>(match->coverage * 100 + 0.5)) + " % of the " + std::to_string(distinct.size()) +
                          " genres of '" + label + "').";
            }
    }
    // Data hygiene (training only): a text placeholder for "unknown" (music_genre.csv's artist "empty_field")
    // becomes missing, and the same (artist, track) under several labels is reported (kept: a person decides).
    const std::string artist = find_named(profiles, {"artist"});
    const std::string track = find_named(profiles, {"track_name", "title", "song", "track"});
    preprocess::CleanParams clean;
    bool any_clean = false;
    for (const auto& p : profiles) {
        if (p.type != io::ColumnType::Text && p.type != io::ColumnType::Categorical) continue;
        const io::Column& col = table.column(p.name);
        for (const auto& cell : col.cells)
            if (cell == "empty_field") {
                clean.to_missing.push_back(preprocess::MissingRule{p.name, {"empty_field"}, std::nullopt, std::nullopt});
                any_clean = true;
                break;
            }
    }
    if (!artist.empty() && !track.empty() && artist != track && artist != label && track != label) {
        clean.conflicting_labels.keys = {artist, track};
        clean.conflicting_labels.label = label;
        clean.conflicting_labels.policy = preprocess::ConflictPolicy::Keep;
        any_clean = true;
    }
    if (any_clean) r.clean = clean;
    // An artist column stays out of the features (free text) but decides the split when fine genres were
    // grouped in a small file: there an artist's genre is nearly fixed, so an artist on both sides of the split
    // lets the model score by recognising the artist's sound rather than the genre's.
    if (!artist.empty() && artist != label && !r.labels.map.empty() && table.n_rows() < kGroupSplitMaxRows) {
        r.split.method = "group";
        r.split.group_column = artist;
    }
    r.stages.push_back(json{{"type", "impute"}, {"strategy", "median"}});
    r.stages.push_back(json{{"type", "scale"}, {"method", "standard"}});
    r.classifier = json{{"type", "knn"}, {"k", 12}, {"metric", "euclidean"}, {"weights", "uniform"}};
    return r;
}

}  // namespace genrelab::pipeline
