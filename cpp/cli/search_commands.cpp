// genrelab search: grid or random search with k-fold cross-validation on the training part of a recipe's
// split (cpp/search/), a results table, and the winner refitted and reported on the test part.
#include <cstdio>
#include <iostream>
#include <string>

#include "cli/cli_support.hpp"
#include "core/error.hpp"
#include "io/csv_reader.hpp"
#include "pipeline/model_file.hpp"
#include "search/model_search.hpp"

namespace genrelab::cli {
namespace {
using nlohmann::json;

std::string mean_std(const json& ms, int digits = 4) {
    if (ms.at("mean").is_null()) return "-";
    return fixed(ms.at("mean").get<double>(), digits) + "±" + fixed(ms.at("std").get<double>(), digits);
}

std::string or_dash(const json& v, int digits = 4) { return v.is_null() ? "-" : fixed(v.get<double>(), digits); }

void print_table(const json& t) {
    std::printf("%s search, %d-fold%s cross-validation on %s training rows (%s test rows kept aside), ranked by %s\n",
                t.at("method").get<std::string>().c_str(), t.at("cv").at("folds").get<int>(),
                t.at("cv").at("stratified").get<bool>() ? " stratified" : "",
                with_thousands(t.at("n_train").get<long long>()).c_str(), with_thousands(t.at("n_test").get<long long>()).c_str(),
                t.at("selection").at("metric").get<std::string>().c_str());
    std::printf("%4s %-17s %-17s %-17s %-17s %-17s %8s %8s %9s  %s\n", "rank", "val accuracy", "train accuracy", "val macro F1",
                "val macro AUROC", "val log-loss", "acc gap", "weighted", "fit s", "params");
    for (const auto& row : t.at("rows")) {
        const json& v = row.at("validation");
        std::string params = search::describe(row.at("params"));
        if (row.at("error").is_string()) params += "   FAILED: " + row.at("error").get<std::string>();
        std::printf("%4d %-17s %-17s %-17s %-17s %-17s %8s %8s %9s  %s\n", row.at("rank").get<int>(), mean_std(v.at("accuracy")).c_str(),
                    mean_std(row.at("train").at("accuracy")).c_str(), mean_std(v.at("macro_f1")).c_str(),
                    mean_std(v.at("roc_auc_macro")).c_str(), mean_std(v.at("log_loss")).c_str(), or_dash(row.at("acc_gap")).c_str(),
                    or_dash(row.at("weighted_score")).c_str(), or_dash(row.at("fit_seconds").at("mean"), 3).c_str(), params.c_str());
    }
}

int cmd_search(const Args& a) {
    need(a, 1, "one CSV file");
    if (!a.options.count("--spec")) throw Error("search needs --spec SPEC.json\nusage: " + a.usage);
    const search::SearchSpec spec = search::parse_search_spec_text(read_text(a.options.at("--spec")));
    if (a.options.count("--out") && !spec.refit)
        throw Error("--out needs the winner refitted: remove \"refit\": false from the spec");
    const io::Table t = io::read_csv_file(a.positional[0]);
    const bool quiet = a.has("--quiet");
    int last_permille = -1;
    Progress progress([&](double f, const std::string& what) {
        const int permille = static_cast<int>(f * 1000);
        if (!quiet && permille != last_permille) {
            std::fprintf(stderr, "\r%5.1f%% %-100.100s", f * 100, what.c_str());
            last_permille = permille;
        }
    });
    search::SearchResult r = search::run_search(t, spec, progress);
    if (!quiet) std::fprintf(stderr, "\n");
    print_table(search::table_json(r));
    if (a.options.count("--table")) write_text(a.options.at("--table"), search::table_csv(r));
    if (r.model) {
        const json& m = r.model->report.at("metrics");
        std::printf("winner: %s\ntest rows: accuracy %s  macro F1 %s  macro AUROC %s\n", search::describe(r.candidates[r.best].params).c_str(),
                    fixed(m.at("accuracy").get<double>()).c_str(), fixed(m.at("macro_f1").get<double>()).c_str(),
                    or_dash(m.at("roc_auc_macro")).c_str());
        if (a.options.count("--out")) {
            r.model->provenance = json{{"tool", std::string("genrelab ") + pipeline::tool_version()},
                                       {"data", {{"file", a.positional[0].substr(a.positional[0].find_last_of('/') + 1)}, {"rows", t.n_rows()}}}};
            write_text(a.options.at("--out"), pipeline::save_model(*r.model).dump() + "\n");
        }
    }
    return 0;
}

const CommandRegistrar search_cmd({"search",
                                   "genrelab search FILE.csv --spec SPEC.json [--out MODEL.json] [--table RESULTS.csv] [--quiet]   "
                                   "grid/random search with k-fold CV",
                                   {"--quiet"},
                                   cmd_search});

}  // namespace
}  // namespace genrelab::cli
