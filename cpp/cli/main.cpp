// genrelab — the native front door over the same core the page uses.
//   genrelab profile FILE.csv [--json]
//   genrelab suggest FILE.csv                              a starting recipe for this file (JSON)
//   genrelab train FILE.csv --recipe R.json --out model.json [--quiet]
//   genrelab predict model.json FILE.csv [--out predictions.csv]
//   genrelab evaluate model.json FILE.csv
//   genrelab time-csv FILE.csv [--repeat N]                 read + profile timing for scripts/bench (JSON)
// Errors print one sentence to stderr and exit with status 2 (bad input) or 1 (anything else).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "io/csv_reader.hpp"
#include "io/csv_writer.hpp"
#include "io/profile.hpp"
#include "pipeline/model_file.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/suggest.hpp"

using namespace genrelab;
using nlohmann::json;

namespace {

const char* kUsage =
    "usage:\n"
    "  genrelab profile FILE.csv [--json]\n"
    "  genrelab suggest FILE.csv\n"
    "  genrelab train FILE.csv --recipe RECIPE.json --out MODEL.json [--quiet]\n"
    "  genrelab predict MODEL.json FILE.csv [--out PREDICTIONS.csv]\n"
    "  genrelab evaluate MODEL.json FILE.csv\n"
    "  genrelab time-csv FILE.csv [--repeat N]\n";

struct Args {
    std::vector<std::string> positional;
    std::map<std::string, std::string> options;   // --name value, or --flag → ""
};

Args parse_args(int argc, char** argv) {
    Args a;
    for (int i = 2; i < argc; ++i) {
        std::string s = argv[i];
        if (s.rfind("--", 0) == 0) {
            const bool takes_value = s == "--recipe" || s == "--out" || s == "--repeat";
            if (takes_value) {
                if (i + 1 >= argc) throw Error(s + " needs a value");
                a.options[s] = argv[++i];
            } else if (s == "--json" || s == "--quiet") {
                a.options[s] = "";
            } else {
                throw Error("unknown option " + s);
            }
        } else {
            a.positional.push_back(s);
        }
    }
    return a;
}

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error("cannot open '" + path + "'");
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write_text(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    if (!out) throw Error("cannot write '" + path + "'");
    out << text;
    if (!out) throw Error("writing '" + path + "' failed (disk full?)");
}

void need(const Args& a, size_t n, const char* what) {
    if (a.positional.size() != n) throw Error(std::string("expected ") + what + "\n" + kUsage);
}

std::string fixed(double v, int digits = 4) {
    if (v != v) return "-";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

int cmd_profile(const Args& a) {
    need(a, 1, "one CSV file");
    const io::Table t = io::read_csv_file(a.positional[0]);
    const auto profiles = io::profile(t);
    if (a.options.count("--json")) {
        std::cout << json{{"n_rows", t.n_rows()}, {"columns", json(profiles)}, {"warnings", t.warnings}}.dump(2) << "\n";
        return 0;
    }
    std::printf("%s rows, %zu columns\n", with_thousands(static_cast<long long>(t.n_rows())).c_str(), t.columns.size());
    std::printf("%-24s %-11s %8s %8s %12s %12s %12s  %s\n", "column", "type", "missing", "distinct", "min", "max", "mean", "note");
    for (const auto& p : profiles)
        std::printf("%-24s %-11s %8zu %8zu %12s %12s %12s  %s\n", p.name.c_str(), io::to_string(p.type), p.missing, p.distinct,
                    fixed(p.min, 3).c_str(), fixed(p.max, 3).c_str(), fixed(p.mean, 3).c_str(), p.suggestion.c_str());
    for (const auto& w : t.warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
    return 0;
}

int cmd_suggest(const Args& a) {
    need(a, 1, "one CSV file");
    std::cout << pipeline::to_json(pipeline::suggest_recipe(io::read_csv_file(a.positional[0]))).dump(2) << "\n";
    return 0;
}

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
    if (!a.options.count("--recipe") || !a.options.count("--out")) throw Error(std::string("train needs --recipe and --out\n") + kUsage);
    const pipeline::Recipe recipe = pipeline::parse_recipe_text(read_text(a.options.at("--recipe")));
    const io::Table t = io::read_csv_file(a.positional[0]);
    const bool quiet = a.options.count("--quiet") > 0;
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
    const pipeline::FittedPipeline m = pipeline::load_model_text(read_text(a.positional[0]));
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
    const pipeline::FittedPipeline m = pipeline::load_model_text(read_text(a.positional[0]));
    std::cout << pipeline::evaluate(m, io::read_csv_file(a.positional[1])).dump(2) << "\n";
    return 0;
}

// Parses and profiles the file `repeat` times in this process (the bytes already in memory, as in the
// page's worker) and prints the median time and throughput.
int cmd_time_csv(const Args& a) {
    need(a, 1, "one CSV file");
    const int repeat = a.options.count("--repeat") ? std::stoi(a.options.at("--repeat")) : 5;
    const std::string bytes = read_text(a.positional[0]);
    std::vector<double> seconds;
    size_t rows = 0;
    for (int i = 0; i < std::max(1, repeat); ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        const io::Table t = io::read_csv(bytes);
        const auto profiles = io::profile(t);
        seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        rows = t.n_rows();
        if (profiles.size() != t.columns.size()) throw Error("profile lost a column");
    }
    std::sort(seconds.begin(), seconds.end());
    const double median = seconds[seconds.size() / 2];
    std::cout << json{{"bytes", bytes.size()}, {"rows", rows}, {"runs_s", seconds}, {"median_s", median},
                      {"mb_per_s", static_cast<double>(bytes.size()) / 1e6 / median}}
                     .dump()
              << "\n";
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fputs(kUsage, stderr);
        return 2;
    }
    const std::string command = argv[1];
    try {
        const Args a = parse_args(argc, argv);
        if (command == "profile") return cmd_profile(a);
        if (command == "suggest") return cmd_suggest(a);
        if (command == "train") return cmd_train(a);
        if (command == "predict") return cmd_predict(a);
        if (command == "evaluate") return cmd_evaluate(a);
        if (command == "time-csv") return cmd_time_csv(a);
        if (command == "--help" || command == "-h" || command == "help") {
            std::fputs(kUsage, stdout);
            return 0;
        }
        std::fprintf(stderr, "genrelab: unknown command '%s'\n%s", command.c_str(), kUsage);
        return 2;
    } catch (const Error& e) {
        std::fprintf(stderr, "\ngenrelab: %s\n", e.what());
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "\ngenrelab: internal error: %s\n", e.what());
        return 1;
    }
}
