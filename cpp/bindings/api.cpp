#include "bindings/api.hpp"

#include <chrono>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "io/csv_reader.hpp"
#include "io/profile.hpp"
#include "pipeline/model_file.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/suggest.hpp"

namespace genrelab::api {

using nlohmann::json;

namespace {

struct Job {
    std::shared_ptr<const io::Table> table;   // kept alive while the job runs, even if the dataset is forgotten
    std::unique_ptr<pipeline::Trainer> trainer;
    bool done = false;
};

// All state of the module; one worker owns one module, so plain globals suffice.
struct Registry {
    int next_id = 1;
    std::map<int, std::shared_ptr<const io::Table>> datasets;
    std::map<int, Job> jobs;
    std::map<int, std::shared_ptr<pipeline::FittedPipeline>> models;
};
Registry& registry() {
    static Registry r;
    return r;
}

std::string ok(json j = json::object()) {
    j["ok"] = true;
    return j.dump();
}

std::string fail(const std::string& message) { return json{{"ok", false}, {"error", message}}.dump(); }

// Runs `body`, turning every exception into {"ok":false,"error":…}: nothing may cross the wasm boundary.
template <class F>
std::string guarded(F&& body) {
    try {
        return body();
    } catch (const Error& e) {
        return fail(e.what());
    } catch (const json::exception& e) {
        return fail(std::string("bad JSON: ") + e.what());
    } catch (const std::bad_alloc&) {
        return fail("out of memory: the data or the model is too large for this browser tab");
    } catch (const std::exception& e) {
        return fail(std::string("internal error: ") + e.what());
    } catch (...) {
        return fail("internal error");
    }
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

json model_summary(const pipeline::FittedPipeline& m) {
    return json{{"recipe", pipeline::to_json(m.recipe)},
                {"classes", m.classes},
                {"features", m.recipe.features},
                {"report", m.report},
                {"card", pipeline::model_card(m)}};
}

json predictions_json(const pipeline::FittedPipeline& m, const pipeline::Predictions& p) {
    json probs = json::array();
    for (Index r = 0; r < p.scores.rows(); ++r) {
        std::vector<double> row(static_cast<size_t>(p.scores.cols()));
        for (Index c = 0; c < p.scores.cols(); ++c) row[static_cast<size_t>(c)] = p.scores(r, c);
        probs.push_back(std::move(row));
    }
    return json{{"classes", m.classes}, {"predicted", p.predicted}, {"scores", probs}, {"scores_are_probabilities", p.probabilities}};
}

}  // namespace

std::string version() {
    return ok({{"version", pipeline::tool_version()},
               {"model_format", pipeline::kModelFormat},
               {"model_format_version", pipeline::kModelFormatVersion}});
}

std::string load_csv(const std::string& bytes, const std::string& options_json) {
    return guarded([&] {
        io::CsvOptions options;
        if (!options_json.empty()) {
            const json o = json::parse(options_json);
            const std::string d = o.value("delimiter", "auto");
            if (d == "auto") options.delimiter = 0;
            else if (d.size() == 1) options.delimiter = d[0];
            else if (d == "\\t" || d == "tab") options.delimiter = '\t';
            else throw Error("delimiter must be one character or \"auto\", got \"" + d + "\"");
        }
        auto table = std::make_shared<io::Table>(io::read_csv(bytes, options));
        const int id = registry().next_id++;
        json columns = io::profile(*table);
        const json warnings = table->warnings;
        const auto n_rows = table->n_rows();
        const std::string delimiter(1, table->delimiter);
        registry().datasets[id] = std::move(table);
        return ok({{"dataset", id}, {"n_rows", n_rows}, {"delimiter", delimiter}, {"columns", columns}, {"warnings", warnings}});
    });
}

std::string forget_dataset(int id) {
    return guarded([&] {
        dataset(id);
        registry().datasets.erase(id);
        return ok();
    });
}

std::string suggest_recipe(int id) {
    return guarded([&] { return ok({{"recipe", pipeline::to_json(pipeline::suggest_recipe(*dataset(id)))}}); });
}

std::string start_training(int dataset_id, const std::string& recipe_json) {
    return guarded([&] {
        Job j;
        j.table = dataset(dataset_id);
        j.trainer = std::make_unique<pipeline::Trainer>(*j.table, pipeline::parse_recipe_text(recipe_json));
        const int id = registry().next_id++;
        registry().jobs[id] = std::move(j);
        return ok({{"job", id}});
    });
}

std::string step_job(int id, double budget_ms) {
    return guarded([&] {
        Job& j = job(id);
        const auto start = std::chrono::steady_clock::now();
        try {
            while (!j.done) {
                j.done = j.trainer->step();
                const double elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
                if (elapsed >= budget_ms) break;
            }
        } catch (...) {
            registry().jobs.erase(id);   // a failed job is gone; the dataset and earlier models stay
            throw;
        }
        return ok({{"done", j.done}, {"fraction", j.trainer->fraction()}, {"stage", j.trainer->stage()}, {"live", j.trainer->live()}});
    });
}

std::string finish_training(int id) {
    return guarded([&] {
        Job& j = job(id);
        if (!j.done) throw Error("job #" + std::to_string(id) + " has not finished");
        pipeline::FittedPipeline m = j.trainer->take();
        m.provenance = json{{"tool", std::string("genrelab ") + pipeline::tool_version()},
                            {"data", {{"rows", j.table->n_rows()}, {"columns", j.table->column_names()}}}};
        registry().jobs.erase(id);
        json report = m.report;
        const int model_id = add_model(std::move(m));
        return ok({{"model", model_id}, {"report", report}});
    });
}

std::string cancel_job(int id) {
    return guarded([&] {
        registry().jobs.erase(id);
        return ok();
    });
}

std::string save_model(int id) {
    return guarded([&] { return ok({{"text", pipeline::save_model(*model(id)).dump()}}); });
}

std::string load_model(const std::string& text) {
    return guarded([&] {
        pipeline::FittedPipeline m = pipeline::load_model_text(text);
        json summary = model_summary(m);
        return ok({{"model", add_model(std::move(m))}, {"summary", summary}});
    });
}

std::string forget_model(int id) {
    return guarded([&] {
        model(id);
        registry().models.erase(id);
        return ok();
    });
}

std::string predict(int model_id, int dataset_id) {
    return guarded([&] {
        const auto m = model(model_id);
        const auto t = dataset(dataset_id);
        return ok(predictions_json(*m, pipeline::predict(*m, *t)));
    });
}

std::string evaluate(int model_id, int dataset_id) {
    return guarded([&] {
        const auto m = model(model_id);
        const auto t = dataset(dataset_id);
        return ok({{"metrics", pipeline::evaluate(*m, *t)}});
    });
}

}  // namespace genrelab::api
