#include <set>

#include "pipeline/builtin_label_maps.hpp"

namespace genrelab::pipeline {

std::optional<MapMatch> best_label_map(const std::vector<std::string>& distinct_labels, double min_coverage) {
    std::set<std::string> labels;
    for (const auto& l : distinct_labels)
        if (!l.empty()) labels.insert(l);
    if (labels.empty()) return std::nullopt;
    std::optional<MapMatch> best;
    for (const auto& b : builtin_label_maps()) {
        MapMatch m{b.file, preprocess::parse_label_map_file(nlohmann::json::parse(b.json)), 0};
        long long hits = 0;
        std::set<std::string> targets;
        for (const auto& l : labels) {
            auto it = m.map.map.find(l);
            if (it != m.map.map.end()) {
                ++hits;
                targets.insert(it->second);
            }
        }
        m.coverage = static_cast<double>(hits) / static_cast<double>(labels.size());
        // A map that leaves the labels as they are (already broad) or merges them all is no help.
        if (m.coverage < min_coverage || targets.size() < 2 || targets.size() >= labels.size()) continue;
        if (!best || m.coverage > best->coverage) best = std::move(m);
    }
    return best;
}

}  // namespace genrelab::pipeline
