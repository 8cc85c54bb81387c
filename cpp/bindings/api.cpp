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
#include "bindings/registry.hpp"

namespace genrelab::api {

using nlohmann::json;

using namespace detail;

namespace {

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
            if (o.contains("max_bytes")) {
                const json& m = o.at("max_bytes");
                if (!m.is_number_unsigned() || m.get<unsigned long long>() == 0) throw Error("max_bytes must be a whole number above 0");
                // The caller may only lower the limit: the engine's own limit protects the worker's memory.
                options.max_bytes = std::min<size_t>(options.max_bytes, static_cast<size_t>(std::min<unsigned long long>(m.get<unsigned long long>(), SIZE_MAX)));
            }
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
        auto trainer = std::make_unique<pipeline::Trainer>(*j.table, pipeline::parse_recipe_text(recipe_json));
        pipeline::Trainer* t = trainer.get();
        const auto table = j.table;
        j.live = [t] { return t->live(); };
        j.finish = [t, table] {
            pipeline::FittedPipeline m = t->take();
            m.provenance = json{{"tool", std::string("genrelab ") + pipeline::tool_version()},
                                {"data", {{"rows", table->n_rows()}, {"columns", table->column_names()}}}};
            json report = m.report;
            return json{{"model", add_model(std::move(m))}, {"report", report}};
        };
        j.stepper = std::move(trainer);
        return ok({{"job", add_job(std::move(j))}});
    });
}

std::string step_job(int id, double budget_ms) {
    return guarded([&] {
        Job& j = job(id);
        const auto start = std::chrono::steady_clock::now();
        try {
            while (!j.done) {
                j.done = j.stepper->step();
                const double elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
                if (elapsed >= budget_ms) break;
            }
        } catch (...) {
            registry().jobs.erase(id);   // a failed job is gone; the dataset and earlier models stay
            throw;
        }
        return ok({{"done", j.done}, {"fraction", j.stepper->fraction()}, {"stage", j.stepper->stage()},
                   {"live", j.live ? j.live() : json(nullptr)}});
    });
}

std::string finish_training(int id) { return finish_job(id); }

std::string finish_job(int id) {
    return guarded([&] {
        Job& j = job(id);
        if (!j.done) throw Error("job #" + std::to_string(id) + " has not finished");
        json result;
        try {
            result = j.finish ? j.finish() : json::object();
        } catch (...) {
            registry().jobs.erase(id);
            throw;
        }
        registry().jobs.erase(id);
        return ok(result);
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
