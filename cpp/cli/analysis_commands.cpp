// genrelab reduce | cluster | elbow: the page's projection, clustering and sweep over k, natively, with the same
// spec JSON (bindings/api_analysis.hpp documents it) and the same results for the same seed.
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "bindings/api_analysis.hpp"
#include "cli/cli_support.hpp"
#include "core/error.hpp"
#include "io/csv_reader.hpp"
#include "io/csv_writer.hpp"

namespace genrelab::cli {
namespace {
using nlohmann::json;

json run(api::AnalysisKind kind, const Args& a) {
    need(a, 1, "one CSV file");
    if (!a.options.count("--spec")) throw Error("missing --spec S.json\nusage: " + a.usage);
    json spec;
    try {
        spec = json::parse(read_text(a.options.at("--spec")));
    } catch (const json::exception& e) {
        throw Error("the spec file is not valid JSON (" + std::string(e.what()) + ")");
    }
    auto table = std::make_shared<const io::Table>(io::read_csv_file(a.positional[0]));
    const bool quiet = a.has("--quiet");
    int last_percent = -1;
    Progress progress([&](double f, const std::string& what) {
        const int percent = static_cast<int>(f * 100);
        if (!quiet && percent != last_percent) {
            std::fprintf(stderr, "\r%3d%% %-60.60s", percent, what.c_str());
            last_percent = percent;
        }
    });
    json result = api::run_analysis(kind, table, spec, progress);
    if (!quiet) std::fprintf(stderr, "\n");
    if (a.has("--json")) write_text(a.get("--json"), result.dump() + "\n");
    return result;
}

std::string cell(const json& v) {
    if (v.is_null()) return "";
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number_integer()) return std::to_string(v.get<long long>());
    if (v.is_number()) return io::format_number(v.get<double>());
    return v.dump();
}

// One row per used song: row, line, label, the given per-point columns, title and artist when known.
std::string per_point_csv(const json& r, const std::vector<std::string>& names, const std::vector<json>& columns) {
    std::vector<std::string> header{"row", "line", "label"};
    header.insert(header.end(), names.begin(), names.end());
    const json& hover = r.contains("hover") ? r.at("hover") : json::object();
    const bool title = hover.contains("title") && !hover.at("title").is_null();
    const bool artist = hover.contains("artist") && !hover.at("artist").is_null();
    if (title) header.push_back("title");
    if (artist) header.push_back("artist");
    std::vector<std::vector<std::string>> rows;
    const auto& classes = r.at("classes");
    for (size_t i = 0; i < r.at("rows").size(); ++i) {
        const int l = r.at("labels").at(i);
        std::vector<std::string> row{cell(r.at("rows").at(i)), cell(r.at("lines").at(i)), l >= 0 ? classes.at(static_cast<size_t>(l)).get<std::string>() : ""};
        for (const auto& c : columns) row.push_back(cell(c.at(i)));
        if (title) row.push_back(cell(hover.at("title").at(i)));
        if (artist) row.push_back(cell(hover.at("artist").at(i)));
        rows.push_back(std::move(row));
    }
    return io::write_csv(header, rows);
}

std::string number_or_dash(const json& v) { return v.is_number() ? fixed(v.get<double>()) : "-"; }

void print_used(const json& r) {
    std::printf("%s of %s rows used%s\n", with_thousands(r.at("n_used").get<long long>()).c_str(),
                with_thousands(r.at("n_rows").get<long long>()).c_str(), r.at("sampled").get<bool>() ? " (seeded stratified sample)" : "");
    if (!r.at("note").get<std::string>().empty()) std::printf("note: %s\n", r.at("note").get<std::string>().c_str());
}

int cmd_reduce(const Args& a) {
    const json r = run(api::AnalysisKind::Reduction, a);
    print_used(r);
    const std::string method = r.at("method");
    std::printf("%s, %d components\n", method.c_str(), r.at("n_components").get<int>());
    if (r.contains("explained_variance_ratio")) {
        std::printf("explained variance ratio:");
        for (const auto& v : r.at("explained_variance_ratio")) std::printf(" %s", number_or_dash(v).c_str());
        std::printf("\n");
    }
    if (r.contains("kl_divergence"))
        std::printf("KL divergence %s after %d iterations, trustworthiness %s (on %s points)\n", number_or_dash(r.at("kl_divergence")).c_str(),
                    r.at("n_iter").get<int>(), number_or_dash(r.at("trustworthiness")).c_str(),
                    with_thousands(r.at("trustworthiness_rows").get<long long>()).c_str());
    if (a.has("--out")) {
        const int m = r.at("n_components");
        std::vector<std::string> names;
        std::vector<json> columns;
        for (int c = 0; c < m; ++c) {
            names.push_back(std::string(1, static_cast<char>('x' + c)));
            json col = json::array();
            for (const auto& p : r.at("points")) col.push_back(p.at(static_cast<size_t>(c)));
            columns.push_back(std::move(col));
        }
        write_text(a.get("--out"), per_point_csv(r, names, columns));
    }
    return 0;
}

int cmd_cluster(const Args& a) {
    const json r = run(api::AnalysisKind::Clustering, a);
    print_used(r);
    std::printf("%s, k = %d: inertia %s, log-likelihood %s per row, silhouette %s, ARI %s, NMI %s", r.at("method").get<std::string>().c_str(),
                r.at("k").get<int>(), number_or_dash(r.at("inertia")).c_str(), number_or_dash(r.at("log_likelihood")).c_str(),
                number_or_dash(r.at("silhouette")).c_str(), number_or_dash(r.at("ari")).c_str(), number_or_dash(r.at("nmi")).c_str());
    if (r.at("bic").is_number()) std::printf(", BIC %s, AIC %s", number_or_dash(r.at("bic")).c_str(), number_or_dash(r.at("aic")).c_str());
    std::printf("\nsizes:");
    for (const auto& s : r.at("sizes")) std::printf(" %d", s.get<int>());
    std::printf("\n");
    if (a.has("--out")) {
        json px = json::array(), py = json::array();
        for (const auto& p : r.at("points")) {
            px.push_back(p.at(0));
            py.push_back(p.at(1));
        }
        write_text(a.get("--out"), per_point_csv(r, {"cluster", "pc1", "pc2"}, {r.at("assignments"), px, py}));
    }
    return 0;
}

int cmd_elbow(const Args& a) {
    const json r = run(api::AnalysisKind::Elbow, a);
    print_used(r);
    std::vector<std::string> header{"k", "inertia", "log_likelihood", "bic", "aic", "silhouette", "n_iter", "converged"};
    std::printf("%4s %14s %14s %14s %14s %10s\n", "k", "inertia", "loglik/row", "BIC", "AIC", "silhouette");
    std::vector<std::vector<std::string>> rows;
    for (size_t i = 0; i < r.at("k").size(); ++i) {
        std::printf("%4d %14s %14s %14s %14s %10s\n", r.at("k").at(i).get<int>(), number_or_dash(r.at("inertia").at(i)).c_str(),
                    number_or_dash(r.at("log_likelihood").at(i)).c_str(), number_or_dash(r.at("bic").at(i)).c_str(),
                    number_or_dash(r.at("aic").at(i)).c_str(), number_or_dash(r.at("silhouette").at(i)).c_str());
        std::vector<std::string> row;
        for (const auto& h : header) row.push_back(cell(r.at(h).at(i)));
        rows.push_back(std::move(row));
    }
    if (a.has("--out")) write_text(a.get("--out"), io::write_csv(header, rows));
    return 0;
}

const CommandRegistrar reduce_cmd({"reduce",
                                   "genrelab reduce FILE.csv --spec S.json [--out POINTS.csv] [--json R.json] [--quiet]   PCA / LDA / t-SNE map",
                                   {"--quiet"},
                                   cmd_reduce});
const CommandRegistrar cluster_cmd({"cluster",
                                    "genrelab cluster FILE.csv --spec S.json [--out ASSIGNMENTS.csv] [--json R.json] [--quiet]   k-means / GMM / agglomerative",
                                    {"--quiet"},
                                    cmd_cluster});
const CommandRegistrar elbow_cmd({"elbow", "genrelab elbow FILE.csv --spec S.json [--out SWEEP.csv] [--json R.json] [--quiet]   sweep over k",
                                  {"--quiet"}, cmd_elbow});

}  // namespace
}  // namespace genrelab::cli
