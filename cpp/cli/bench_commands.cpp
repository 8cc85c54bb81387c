// genrelab bench: one benchmark task on the peers' data protocol (bindings/api_bench.hpp), one JSON line
// for scripts/bench. The same code runs in the wasm module (bench_task), so native and wasm time the same work.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "bindings/api_bench.hpp"
#include "cli/cli_support.hpp"
#include "core/error.hpp"
#include "io/csv_reader.hpp"
#include "io/profile.hpp"

namespace genrelab::cli {
namespace {
using nlohmann::json;

std::vector<std::string> split_commas(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream ss(s);
    std::string item;
    while (std::getline(ss, item, ','))
        if (!item.empty()) out.push_back(item);
    return out;
}

int cmd_bench(const Args& a) {
    need(a, 1, "one CSV file");
    const std::string task = a.get("--task", "");
    if (task.empty()) throw Error("--task is needed: mlp, svm, knn, kmeans, gmm, forest or csv\n" + a.usage);
    const int repeat = static_cast<int>(std::max(1LL, int_option(a, "--repeat", 1)));
    if (task == "csv") {
        // Parse + column typing + profile of the bytes already in memory, as the page's worker does.
        const std::string bytes = read_text(a.positional[0], static_cast<long long>(io::CsvOptions{}.max_bytes));
        std::vector<double> runs;
        size_t rows = 0;
        for (int i = 0; i < repeat; ++i) {
            const auto t0 = std::chrono::steady_clock::now();
            const io::Table t = io::read_csv(bytes);
            const auto profiles = io::profile(t);
            runs.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
            rows = t.n_rows();
            if (profiles.size() != t.columns.size()) throw Error("profile lost a column");
        }
        std::vector<double> sorted = runs;
        std::sort(sorted.begin(), sorted.end());
        std::cout << json{{"task", "csv"}, {"bytes", bytes.size()}, {"rows", rows}, {"fit_s", sorted[sorted.size() / 2]},
                          {"fit_runs_s", runs}, {"memory_bytes", bench::memory_bytes()}}
                         .dump()
                  << "\n";
        return 0;
    }
    json t{{"task", task}, {"repeat", repeat}, {"label", a.get("--label", "music_genre")},
           {"drop", split_commas(a.get("--drop", ""))}, {"seed", int_option(a, "--seed", 42)}, {"model_size", true}};
    if (a.has("--params")) t["params"] = json::parse(a.get("--params"));
    const io::Table table = io::read_csv_file(a.positional[0]);
    const bench::PreparedData d = bench::prepare(table, t);
    std::cout << bench::run_task(d, t).dump() << "\n";
    return 0;
}

const CommandRegistrar bench_cmd({"bench",
                                  "genrelab bench FILE.csv --task mlp|svm|knn|kmeans|gmm|forest|csv [--repeat N] [--label COL] "
                                  "[--drop a,b] [--seed 42] [--params JSON]   one timed task on the peers' split (JSON line)",
                                  {},
                                  cmd_bench});

}  // namespace
}  // namespace genrelab::cli
