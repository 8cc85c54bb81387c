#include "bindings/api_importance.hpp"

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>

#include "bindings/registry.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"
#include "metrics/permutation_importance.hpp"
#include "pipeline/pipeline.hpp"
#include "preprocess/clean.hpp"
#include "preprocess/split.hpp"

namespace genrelab::api {

using nlohmann::json;
using namespace detail;

namespace {

// The rows a model is scored on: the labelled rows of `table` (after the recipe's cleaning), or only the
// test part of the recipe's split — the same calls, in the same order, as pipeline::Trainer::prepare, so
// the same seed gives the same rows as at training time.
struct EvalRows {
    std::shared_ptr<io::Table> table;   // the cleaned copy, or a copy of the dataset
    std::vector<size_t> rows;
    Labels y;
};

EvalRows evaluation_rows(const pipeline::FittedPipeline& m, const io::Table& source, bool test_only) {
    const pipeline::Recipe& r = m.recipe;
    EvalRows out;
    out.table = std::make_shared<io::Table>(source);
    if (r.clean) preprocess::clean(*r.clean, *out.table);
    const io::Table& t = *out.table;
    for (const auto& f : r.features) t.column(f);   // names the available columns when one is missing
    const pipeline::LabelledRows lr = pipeline::label_rows(t, r, m.classes);
    if (lr.rows.empty()) throw Error("no row of this file has a label the model knows (column '" + r.label + "')");
    if (!test_only) {
        out.rows = lr.rows;
        out.y = lr.y;
        return out;
    }
    const int K = static_cast<int>(m.classes.size());
    preprocess::SplitIndices split;
    if (r.split.method == "group")
        split = preprocess::group_split(pick(t.column(r.split.group_column).cells, lr.rows), lr.y, r.split.validation_fraction,
                                        r.split.test_fraction, r.seed);
    else if (r.split.validation_fraction == 0.0)
        split = preprocess::stratified_peer_split(lr.y, K, r.split.test_fraction, static_cast<uint32_t>(r.seed));
    else
        split = preprocess::stratified_split(lr.y, K, r.split.validation_fraction, r.split.test_fraction, r.seed);
    out.rows = pick(lr.rows, split.test);
    out.y = pick(lr.y, split.test);
    if (out.rows.size() < 2) throw Error("the recipe's split leaves fewer than 2 test rows in this file; use \"rows\":\"all\"");
    return out;
}

// A table holding only `rows` of `t` (every column, so stages that read other columns still work).
std::shared_ptr<io::Table> row_subset(const io::Table& t, const std::vector<size_t>& rows) {
    auto out = std::make_shared<io::Table>();
    out->delimiter = t.delimiter;
    out->line_of_row = pick(t.line_of_row, rows);
    for (const auto& c : t.columns) {
        io::Column s;
        s.name = c.name;
        s.type = c.type;
        s.cells = pick(c.cells, rows);
        if (!c.values.empty()) s.values = pick(c.values, rows);
        if (!c.missing.empty()) s.missing = pick(c.missing, rows);
        s.n_invalid = c.n_invalid;
        out->columns.push_back(std::move(s));
    }
    return out;
}

}  // namespace

std::string start_importance(int model_id, int dataset_id, const std::string& options_json) {
    return guarded([&] {
        const auto m = model(model_id);
        const auto source = dataset(dataset_id);
        const json o = options_json.empty() ? json::object() : json::parse(options_json);
        if (!o.is_object()) throw Error("importance options must be a JSON object");
        metrics::PermutationImportanceParams params;
        params.n_repeats = o.value("n_repeats", 5);
        params.seed = o.value("seed", m->recipe.seed);
        if (params.n_repeats < 1 || params.n_repeats > 100)
            throw Error("'n_repeats' must be between 1 and 100 (got " + std::to_string(params.n_repeats) + ")");
        const std::string which = o.value("rows", std::string("test"));
        if (which != "test" && which != "all") throw Error("'rows' must be \"test\" or \"all\" (got \"" + which + "\")");
        const long long max_rows = o.value("max_rows", 2000LL);
        if (max_rows < 100 || max_rows > 100000) throw Error("'max_rows' must be between 100 and 100,000");
        if (m->recipe.features.empty()) throw Error("the model has no input columns to shuffle");

        EvalRows ev = evaluation_rows(*m, *source, which == "test");
        if (ev.rows.size() > static_cast<size_t>(max_rows)) {   // a seeded sample, kept in file order
            std::vector<size_t> idx(ev.rows.size());
            for (size_t i = 0; i < idx.size(); ++i) idx[i] = i;
            Rng rng(params.seed ^ 0x5A17ULL);
            rng.shuffle(idx);
            idx.resize(static_cast<size_t>(max_rows));
            std::sort(idx.begin(), idx.end());
            ev.rows = pick(ev.rows, idx);
            ev.y = pick(ev.y, idx);
        }
        auto sub = row_subset(*ev.table, ev.rows);
        auto y = std::make_shared<Labels>(std::move(ev.y));
        const double baseline = metrics::accuracy_of(*y, pipeline::predict(*m, *sub).predicted);

        std::vector<size_t> column_index;
        for (const auto& f : m->recipe.features) {
            const auto& names = sub->column_names();
            column_index.push_back(static_cast<size_t>(std::find(names.begin(), names.end(), f) - names.begin()));
        }
        // Column j's cells (and parsed values, missing flags) moved by perm, the model run, then restored.
        const metrics::PermutedScore score = [m, sub, y, column_index](int j, const std::vector<Index>& perm) {
            io::Column& c = sub->columns[column_index[static_cast<size_t>(j)]];
            const io::Column saved = c;
            for (size_t i = 0; i < perm.size(); ++i) {
                const size_t from = static_cast<size_t>(perm[i]);
                c.cells[i] = saved.cells[from];
                if (!c.values.empty()) c.values[i] = saved.values[from];
                if (!c.missing.empty()) c.missing[i] = saved.missing[from];
            }
            double s = 0;
            try {
                s = metrics::accuracy_of(*y, pipeline::predict(*m, *sub).predicted);
            } catch (...) {
                c = saved;
                throw;
            }
            c = saved;
            return s;
        };
        auto fitter = std::make_unique<metrics::PermutationImportanceFitter>(params, static_cast<int>(column_index.size()),
                                                                            static_cast<Index>(y->size()), baseline, score);
        metrics::PermutationImportanceFitter* f = fitter.get();
        Job j;
        j.table = source;
        j.stepper = std::move(fitter);
        const size_t n_rows = y->size();
        j.finish = [f, m, which, n_rows, params] {
            const auto& r = f->result();
            json features = json::array();
            for (size_t c = 0; c < m->recipe.features.size(); ++c)
                features.push_back(json{{"name", m->recipe.features[c]}, {"mean", r.mean[c]}, {"std", r.std[c]}, {"drops", r.drops[c]}});
            return json{{"scoring", "accuracy"}, {"rows", which},          {"n_rows", n_rows},   {"n_repeats", params.n_repeats},
                        {"seed", params.seed},   {"baseline", r.baseline}, {"features", features}};
        };
        return ok({{"job", add_job(std::move(j))}});
    });
}

}  // namespace genrelab::api
