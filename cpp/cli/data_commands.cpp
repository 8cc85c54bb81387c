// genrelab profile | suggest | time-csv: looking at a CSV before training.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "cli/cli_support.hpp"
#include "core/error.hpp"
#include "io/csv_reader.hpp"
#include "io/profile.hpp"
#include "pipeline/suggest.hpp"

namespace genrelab::cli {
namespace {
using nlohmann::json;

int cmd_profile(const Args& a) {
    need(a, 1, "one CSV file");
    const io::Table t = io::read_csv_file(a.positional[0]);
    const auto profiles = io::profile(t);
    if (a.has("--json")) {
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

// Parses and profiles the file `repeat` times in this process (the bytes already in memory, as in the
// page's worker) and prints the median time and throughput.
int cmd_time_csv(const Args& a) {
    need(a, 1, "one CSV file");
    const int repeat = static_cast<int>(int_option(a, "--repeat", 5));
    const std::string bytes = read_text(a.positional[0], static_cast<long long>(io::CsvOptions{}.max_bytes));
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


const CommandRegistrar profile_cmd({"profile", "genrelab profile FILE.csv [--json]", {"--json"}, cmd_profile});
const CommandRegistrar suggest_cmd({"suggest", "genrelab suggest FILE.csv               a starting recipe for this file (JSON)", {}, cmd_suggest});
const CommandRegistrar time_csv_cmd({"time-csv", "genrelab time-csv FILE.csv [--repeat N]  read + profile timing for scripts/bench (JSON)", {}, cmd_time_csv});

}  // namespace
}  // namespace genrelab::cli
