#include "bindings/api_search.hpp"

#include <memory>

#include "bindings/registry.hpp"
#include "pipeline/model_file.hpp"
#include "search/model_search.hpp"

namespace genrelab::api {

using namespace detail;

std::string start_search(int dataset_id, const std::string& spec_json) {
    return guarded([&] {
        Job j;
        j.table = dataset(dataset_id);
        auto fitter = std::make_unique<search::SearchFitter>(*j.table, search::parse_search_spec_text(spec_json));
        search::SearchFitter* f = fitter.get();
        const json started{{"n_candidates", f->candidates().size()},
                           {"folds", f->data().folds.size()},
                           {"n_train", f->data().train_rows.size()}};
        const auto table = j.table;
        j.live = [f] { return f->live(); };
        j.finish = [f, table] {
            search::SearchResult r = f->take();
            json out{{"search", search::table_json(r)}, {"csv", search::table_csv(r)}, {"model", nullptr}, {"report", nullptr}};
            if (r.model) {
                r.model->provenance = json{{"tool", std::string("genrelab ") + pipeline::tool_version()},
                                           {"data", {{"rows", table->n_rows()}, {"columns", table->column_names()}}}};
                out["report"] = r.model->report;
                out["model"] = add_model(std::move(*r.model));
            }
            return out;
        };
        j.stepper = std::move(fitter);
        json reply = started;
        reply["job"] = add_job(std::move(j));
        return ok(reply);
    });
}

}  // namespace genrelab::api
