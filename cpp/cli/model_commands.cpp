// genrelab train | predict | evaluate: recipes into model files, model files onto CSVs.
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "cli/cli_support.hpp"
#include "core/error.hpp"
#include "io/csv_reader.hpp"
#include "io/csv_writer.hpp"
#include "pipeline/model_file.hpp"
#include "pipeline/pipeline.hpp"

namespace genrelab::cli {
namespace {
using nlohmann::json;

void print_metrics(const json& report) {
    const json& m = report.at("metrics");
    std::fprintf(stderr, "train %s rows, test %s rows, fit %.3f s\n",
                 with_thousands(report.at("n_train").get<long long>()).c_str(),
                 with_thousands(report.at("n_test").get<long long>()).c_str(), report.at("fit_seconds").get<double>());
    std::fprintf(stderr, "accuracy %s  macro F1 %s  MCC %s  macro AUROC %s\n", fixed(m.at("accuracy").get<double>()).c_str(),
                 fixed(m.at("macro_f1").get<double>()).c_str(), fixed(m.at("mcc").get<double>()).c_str(),
                 m.at("roc_auc_macro").is_null() ? "-" : fixed(m.at("roc_auc_macro").get<double>()).c_str());
    for (const auto& w : report.value("warnings", json::array())) std::fprintf(stderr, "warning: %s\n", w.get<std::string>().c_str());
}

int cmd_train(const Args& a) {
    need(a, 1, "one CSV file");
    if (!a.options.count("--recipe") || !a.options.count("--out")) throw Error("train needs --recipe and --out\nusage: " + a.usage);
    const pipeline::Recipe recipe = pipeline::parse_recipe_text(read_text(a.options.at("--recipe")));
    const io::Table t = io::read_csv_file(a.positional[0]);
    const bool quiet = a.has("--quiet");
    int last_percent = -1;
    Progress progress([&](double f, const std::string& what) {
        const int percent = static_cast<int>(f * 100);
        if (!quiet && percent != last_percent) {
            std::fprintf(stderr, "\r%3d%% %-60s", percent, what.c_str());
            last_percent = percent;
        }
    });
    pipeline::FittedPipeline m = pipeline::train(t, recipe, progress);
    if (!quiet) std::fprintf(stderr, "\n");
    m.provenance = json{{"tool", std::string("genrelab ") + pipeline::tool_version()},
                        {"data", {{"file", a.positional[0].substr(a.positional[0].find_last_of('/') + 1)}, {"rows", t.n_rows()}}}};
    write_text(a.options.at("--out"), pipeline::save_model(m).dump() + "\n");
    print_metrics(m.report);
    return 0;
}

int cmd_predict(const Args& a) {
    need(a, 2, "a model file and a CSV file");
    const pipeline::FittedPipeline m = pipeline::load_model_file(a.positional[0]);
    const io::Table t = io::read_csv_file(a.positional[1]);
    const pipeline::Predictions p = pipeline::predict(m, t);
    std::vector<std::string> header{"line", "predicted"};
    for (const auto& c : m.classes) header.push_back((p.probabilities ? "p_" : "score_") + c);
    std::vector<std::vector<std::string>> rows;
    rows.reserve(p.predicted.size());
    for (size_t r = 0; r < p.predicted.size(); ++r) {
        std::vector<std::string> row{std::to_string(t.line_of_row[r]), m.classes[static_cast<size_t>(p.predicted[r])]};
        for (Index c = 0; c < p.scores.cols(); ++c) row.push_back(io::format_number(p.scores(static_cast<Index>(r), c)));
        rows.push_back(std::move(row));
    }
    const std::string csv = io::write_csv(header, rows);
    if (a.options.count("--out")) write_text(a.options.at("--out"), csv);
    else std::cout << csv;
    return 0;
}

int cmd_evaluate(const Args& a) {
    need(a, 2, "a model file and a CSV file");
    const pipeline::FittedPipeline m = pipeline::load_model_file(a.positional[0]);
    std::cout << pipeline::evaluate(m, io::read_csv_file(a.positional[1])).dump(2) << "\n";
    return 0;
}


const CommandRegistrar train_cmd({"train", "genrelab train FILE.csv --recipe RECIPE.json --out MODEL.json [--quiet]", {"--quiet"}, cmd_train});
const CommandRegistrar predict_cmd({"predict", "genrelab predict MODEL.json FILE.csv [--out PREDICTIONS.csv]", {}, cmd_predict});
const CommandRegistrar evaluate_cmd({"evaluate", "genrelab evaluate MODEL.json FILE.csv", {}, cmd_evaluate});

}  // namespace
}  // namespace genrelab::cli
