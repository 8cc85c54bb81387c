#include "pipeline/suggest.hpp"

#include <algorithm>
#include <cctype>

#include "core/error.hpp"
#include "io/profile.hpp"

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
    r.stages.push_back(json{{"type", "impute"}, {"strategy", "median"}});
    r.stages.push_back(json{{"type", "scale"}, {"method", "standard"}});
    r.classifier = json{{"type", "knn"}, {"k", 12}, {"metric", "euclidean"}, {"weights", "uniform"}};
    return r;
}

}  // namespace genrelab::pipeline
