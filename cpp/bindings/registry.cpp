#include "bindings/registry.hpp"

namespace genrelab::api::detail {

Registry& registry() {
    static Registry r;
    return r;
}

std::shared_ptr<const io::Table> dataset(int id) {
    auto it = registry().datasets.find(id);
    if (it == registry().datasets.end()) throw Error("no dataset #" + std::to_string(id) + " is loaded");
    return it->second;
}

Job& job(int id) {
    auto it = registry().jobs.find(id);
    if (it == registry().jobs.end()) throw Error("no job #" + std::to_string(id) + " (finished or cancelled)");
    return it->second;
}

std::shared_ptr<pipeline::FittedPipeline> model(int id) {
    auto it = registry().models.find(id);
    if (it == registry().models.end()) throw Error("no model #" + std::to_string(id) + " is loaded");
    return it->second;
}

int add_model(pipeline::FittedPipeline m) {
    const int id = registry().next_id++;
    registry().models[id] = std::make_shared<pipeline::FittedPipeline>(std::move(m));
    return id;
}

int add_job(Job j) {
    const int id = registry().next_id++;
    registry().jobs[id] = std::move(j);
    return id;
}

std::string ok(json j) {
    j["ok"] = true;
    return j.dump();
}

std::string fail(const std::string& message) { return json{{"ok", false}, {"error", message}}.dump(); }

}  // namespace genrelab::api::detail
