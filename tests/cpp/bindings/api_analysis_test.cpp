// The analysis jobs of api_analysis.hpp end to end through the api (load_csv → start_* → step_job → finish_job):
// each result is checked against the algorithms called directly on the same matrix (independently encoded
// here), plus properties (sizes add up, stratified sampling keeps the class shares, songs sorted by distance),
// cancel, and the errors a person sees for a bad spec.
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "../pipeline/pipeline_fixture.hpp"
#include "bindings/api.hpp"
#include "bindings/api_analysis.hpp"
#include "cluster/elbow.hpp"
#include "cluster/gmm.hpp"
#include "cluster/kmeans.hpp"
#include "core/rng.hpp"
#include "io/csv_reader.hpp"
#include "metrics/clustering.hpp"
#include "support/test_support.hpp"

using nlohmann::json;
using Catch::Matchers::Contains;
namespace api = genrelab::api;
using genrelab::Index;
using genrelab::Labels;
using genrelab::Matrix;

namespace {

json ok(const std::string& reply) {
    json j = json::parse(reply);
    INFO(reply.substr(0, 400));
    REQUIRE(j.at("ok") == true);
    return j;
}

std::string error_of(const std::string& reply) {
    json j = json::parse(reply);
    INFO(reply.substr(0, 400));
    REQUIRE(j.at("ok") == false);
    return j.at("error").get<std::string>();
}

// Three well-separated Gaussian blobs in 4-D (genres a, b, c with 40, 60, 100 rows), a title and an artist
// column, no missing values. Made here with the project's seeded generator.
std::string blobs_csv(uint64_t seed = 11) {
    genrelab::Rng rng(seed);
    const int counts[] = {40, 60, 100};
    const double centre[3][4] = {{0, 0, 0, 0}, {6, 0, 3, 0}, {0, 7, 0, -4}};
    const char* names[] = {"a", "b", "c"};
    std::string csv = "track_name,artist_name,f1,f2,f3,f4,genre\n";
    int id = 0;
    for (int g = 0; g < 3; ++g)
        for (int i = 0; i < counts[g]; ++i, ++id) {
            csv += "Song " + std::to_string(id) + ",Artist " + std::to_string(id % 7);
            for (int f = 0; f < 4; ++f) csv += "," + std::to_string(centre[g][f] + rng.normal());
            csv += std::string(",") + names[g] + "\n";
        }
    return csv;
}

const char* kBlobRecipe = R"({"label":"genre","features":["f1","f2","f3","f4"]})";

// The blobs' feature matrix and labels, read independently of the analysis code.
void blob_matrix(Matrix& X, Labels& y) {
    const genrelab::io::Table t = genrelab::io::read_csv(blobs_csv());
    const Index n = static_cast<Index>(t.n_rows());
    X.resize(n, 4);
    y.resize(static_cast<size_t>(n));
    for (Index r = 0; r < n; ++r) {
        for (int f = 0; f < 4; ++f) X(r, f) = t.column("f" + std::to_string(f + 1)).values[static_cast<size_t>(r)];
        y[static_cast<size_t>(r)] = t.column("genre").cells[static_cast<size_t>(r)][0] - 'a';
    }
}

int load(const std::string& csv) { return ok(api::load_csv(csv, "{}")).at("dataset"); }

json run_job(const std::string& started) {
    const int job = ok(started).at("job");
    double last = 0;
    for (int i = 0; i < 100000; ++i) {
        const json s = ok(api::step_job(job, 5));
        CHECK(s.at("fraction").get<double>() >= last - 1e-12);
        last = s.at("fraction");
        if (s.at("done") == true) break;
    }
    return ok(api::finish_job(job));
}

json spec_with(const char* recipe, json extra) {
    extra["recipe"] = json::parse(recipe);
    return extra;
}

Matrix points_of(const json& result) {
    const auto& p = result.at("points");
    Matrix M(static_cast<Index>(p.size()), static_cast<Index>(p.at(0).size()));
    for (Index r = 0; r < M.rows(); ++r)
        for (Index c = 0; c < M.cols(); ++c) M(r, c) = p.at(static_cast<size_t>(r)).at(static_cast<size_t>(c));
    return M;
}

}  // namespace

TEST_CASE("analysis api: PCA points equal an independent SVD projection", "[bindings][analysis]") {
    Matrix X;
    Labels y;
    blob_matrix(X, y);
    const int ds = load(blobs_csv());
    const json r = run_job(api::start_reduction(ds, spec_with(kBlobRecipe, {{"method", "pca"}, {"n_components", 3}}).dump()));
    CHECK(r.at("method") == "pca");
    CHECK(r.at("n_rows") == 200);
    CHECK(r.at("n_used") == 200);
    CHECK(r.at("sampled") == false);
    CHECK(r.at("classes") == json({"a", "b", "c"}));
    CHECK(r.at("labels").get<Labels>() == y);
    CHECK(r.at("lines").at(0) == 2);   // the header is line 1
    CHECK(r.at("hover").at("title").at(5) == "Song 5");
    CHECK(r.at("hover").at("artist").at(8) == "Artist 1");
    // Independent: eigen-decomposition of the covariance of the centred data.
    const Matrix Xc = X.rowwise() - X.colwise().mean();
    Eigen::SelfAdjointEigenSolver<Matrix> es(Xc.transpose() * Xc / double(X.rows() - 1));
    const Eigen::VectorXd ev = es.eigenvalues().reverse();
    const Matrix V = es.eigenvectors().rowwise().reverse().leftCols(3);
    const Matrix expected = Xc * V;
    CHECK(genrelab::test::max_abs_diff_up_to_column_sign(points_of(r), expected) < 1e-9);
    const auto ratio = r.at("explained_variance_ratio");
    for (int i = 0; i < 3; ++i) CHECK(ratio.at(i).get<double>() == Approx(ev[i] / ev.sum()).epsilon(1e-10));
    CHECK(r.at("loadings").at("features") == json({"f1", "f2", "f3", "f4"}));
    CHECK(r.at("loadings").at("components").size() == 3);
    CHECK(r.at("loadings").at("components").at(0).size() == 4);
}

TEST_CASE("analysis api: LDA separates the blobs and needs two classes", "[bindings][analysis]") {
    const int ds = load(blobs_csv());
    const json r = run_job(api::start_reduction(ds, spec_with(kBlobRecipe, {{"method", "lda"}, {"n_components", 3}}).dump()));
    // 3 classes give 2 axes: the third coordinate is 0 and the note says why.
    const Matrix P = points_of(r);
    CHECK(P.col(2).cwiseAbs().maxCoeff() == 0.0);
    CHECK_THAT(r.at("note").get<std::string>(), Contains("at most 2 axes"));
    CHECK(r.at("explained_variance_ratio").size() == 2);
    // Well separated: the class means on LD1/LD2 are far apart compared with the within-class spread.
    const Labels y = r.at("labels").get<Labels>();
    Eigen::Vector2d m[3] = {Eigen::Vector2d::Zero(), Eigen::Vector2d::Zero(), Eigen::Vector2d::Zero()};
    int cnt[3] = {0, 0, 0};
    for (size_t i = 0; i < y.size(); ++i) {
        m[y[i]] += P.row(static_cast<Index>(i)).head(2).transpose();
        ++cnt[y[i]];
    }
    for (int c = 0; c < 3; ++c) m[c] /= cnt[c];
    CHECK((m[0] - m[1]).norm() > 5);
    CHECK((m[0] - m[2]).norm() > 5);

    const std::string one_class = "f1,f2,genre\n1,2,rock\n2,3,rock\n3,1,rock\n4,4,rock\n";
    const int ds1 = load(one_class);
    const std::string start =
        api::start_reduction(ds1, spec_with(R"({"label":"genre","features":["f1","f2"]})", {{"method", "lda"}}).dump());
    const int job = ok(start).at("job");
    CHECK_THAT(error_of(api::step_job(job, 1000)), Contains("at least two classes") && Contains("'rock'"));
    CHECK_THAT(error_of(api::step_job(job, 10)), Contains("no job"));   // a failed job is gone
}

TEST_CASE("analysis api: t-SNE gives a deterministic map with its diagnostics", "[bindings][analysis]") {
    const int ds = load(blobs_csv());
    const json spec = spec_with(kBlobRecipe, {{"method", "tsne"},
                                              {"n_components", 2},
                                              {"params", {{"perplexity", 10}, {"max_iter", 300}, {"method", "exact"}}},
                                              {"seed", 3}});
    const json a = run_job(api::start_reduction(ds, spec.dump()));
    const json b = run_job(api::start_reduction(ds, spec.dump()));
    CHECK(a.at("points") == b.at("points"));
    CHECK(points_of(a).rows() == 200);
    CHECK(points_of(a).cols() == 2);
    CHECK(a.at("kl_divergence").get<double>() > 0);
    CHECK(a.at("trustworthiness").get<double>() > 0.9);   // well-separated blobs keep their neighbours
    CHECK(a.at("trustworthiness").get<double>() <= 1.0);
    CHECK(a.at("trustworthiness_rows") == 200);
    CHECK(a.at("n_iter") == 300);
    CHECK(a.at("tsne_method") == "exact");
}

TEST_CASE("analysis api: k-means clustering equals cluster::fit and recovers the blobs", "[bindings][analysis]") {
    Matrix X;
    Labels y;
    blob_matrix(X, y);
    const int ds = load(blobs_csv());
    // params mix settings of several methods, as the page's form does: the others' keys are ignored.
    const json r = run_job(api::start_clustering(
        ds, spec_with(kBlobRecipe, {{"method", "kmeans"}, {"k", 3}, {"seed", 9},
                                    {"params", {{"n_init", 4}, {"covariance_type", "full"}, {"linkage", "ward"}, {"batch_size", 64}}}})
                .dump()));
    genrelab::cluster::KMeansParams kp;
    kp.n_clusters = 3;
    kp.n_init = 4;
    kp.seed = 9;
    genrelab::cluster::KMeansFitter f(kp, X);
    f.run();
    CHECK(r.at("assignments").get<Labels>() == f.labels());
    CHECK(r.at("inertia").get<double>() == Approx(f.result().inertia).epsilon(1e-12));
    CHECK(r.at("ari").get<double>() == Approx(1.0));
    CHECK(r.at("nmi").get<double>() == Approx(1.0));
    CHECK(r.at("log_likelihood").get<double>() ==
          Approx(genrelab::metrics::kmeans_log_likelihood(X, f.result().centers, f.labels())).epsilon(1e-12));
    CHECK(r.at("silhouette").get<double>() ==
          Approx(genrelab::metrics::silhouette_score(X, f.labels())).epsilon(1e-12));
    CHECK(r.at("bic").is_null());
    CHECK(r.at("ellipses_2d").is_null());
    const auto sizes = r.at("sizes").get<std::vector<int>>();
    CHECK(sizes.size() == 3);
    CHECK(sizes[0] + sizes[1] + sizes[2] == 200);
    std::multiset<int> got(sizes.begin(), sizes.end());
    CHECK(got == std::multiset<int>{40, 60, 100});
    // The contingency table: each cluster holds exactly one genre.
    const auto counts = r.at("contingency").at("counts");
    for (const auto& row : counts) {
        int nonzero = 0;
        for (const auto& c : row) nonzero += c.get<int>() > 0;
        CHECK(nonzero == 1);
    }
    CHECK(points_of(r).rows() == 200);
    CHECK(r.at("centroids_2d").size() == 3);
    // Songs: ≤ 50 per cluster, from that cluster, nearest the centre first.
    const auto& songs = r.at("songs");
    REQUIRE(songs.size() == 3);
    const Matrix C = f.result().centers;
    for (int c = 0; c < 3; ++c) {
        CHECK(songs.at(c).size() == std::min<size_t>(50, static_cast<size_t>(sizes[static_cast<size_t>(c)])));
        double last = -1;
        for (const auto& s : songs.at(c)) {
            const Index row = s.at("row").get<Index>();
            CHECK(f.labels()[static_cast<size_t>(row)] == c);
            const double d2 = (X.row(row) - C.row(c)).squaredNorm();
            CHECK(d2 >= last);
            last = d2;
            CHECK(s.at("title") == "Song " + std::to_string(row));
        }
    }
}

TEST_CASE("analysis api: GMM gives ellipses and its own likelihood, BIC and AIC", "[bindings][analysis]") {
    Matrix X;
    Labels y;
    blob_matrix(X, y);
    const int ds = load(blobs_csv());
    for (const char* cov : {"full", "diag", "spherical", "tied"}) {
        INFO(cov);
        const json r = run_job(api::start_clustering(
            ds, spec_with(kBlobRecipe, {{"method", "gmm"}, {"k", 3}, {"params", {{"covariance_type", cov}}}}).dump()));
        genrelab::cluster::GmmParams gp;
        gp.n_components = 3;
        gp.covariance_type = json(cov).get<genrelab::cluster::CovarianceType>();
        gp.seed = 42;
        const auto m = genrelab::cluster::fit(gp, X);
        CHECK(r.at("assignments").get<Labels>() == genrelab::cluster::predict(m, X));
        CHECK(r.at("log_likelihood").get<double>() == Approx(genrelab::cluster::score(m, X)).epsilon(1e-12));
        CHECK(r.at("bic").get<double>() == Approx(genrelab::cluster::bic(m, X)).epsilon(1e-12));
        CHECK(r.at("aic").get<double>() == Approx(genrelab::cluster::aic(m, X)).epsilon(1e-12));
        const auto& el = r.at("ellipses_2d");
        REQUIRE(el.size() == 3);
        for (const auto& e : el) {
            const double a = e.at("cov").at(0).at(0), b = e.at("cov").at(0).at(1), c = e.at("cov").at(1).at(1);
            CHECK(a > 0);
            CHECK(a * c - b * b > 0);   // positive definite
            CHECK(b == e.at("cov").at(1).at(0).get<double>());
        }
        CHECK(r.at("ari").get<double>() > 0.95);
    }
}

TEST_CASE("analysis api: agglomerative on a stratified sample", "[bindings][analysis]") {
    const int ds = load(blobs_csv());
    const json r = run_job(api::start_clustering(
        ds, spec_with(kBlobRecipe, {{"method", "agglomerative"}, {"k", 3}, {"max_rows", 50}, {"params", {{"linkage", "ward"}}}})
                .dump()));
    CHECK(r.at("sampled") == true);
    CHECK(r.at("n_used") == 50);
    CHECK_THAT(r.at("note").get<std::string>(), Contains("50 of the 200"));
    // 40/60/100 of 200 → 10/15/25 of 50.
    const Labels l = r.at("labels").get<Labels>();
    CHECK(std::count(l.begin(), l.end(), 0) == 10);
    CHECK(std::count(l.begin(), l.end(), 1) == 15);
    CHECK(std::count(l.begin(), l.end(), 2) == 25);
    CHECK(r.at("ari").get<double>() == Approx(1.0));
    // Used rows are ascending table rows, and the same seed draws the same sample.
    const auto rows = r.at("rows").get<std::vector<size_t>>();
    CHECK(std::is_sorted(rows.begin(), rows.end()));
    const json again = run_job(api::start_clustering(
        ds, spec_with(kBlobRecipe, {{"method", "agglomerative"}, {"k", 3}, {"max_rows", 50}}).dump()));
    CHECK(again.at("rows") == r.at("rows"));
}

TEST_CASE("analysis api: clustering without a label and with the recipe's stages", "[bindings][analysis]") {
    const int ds = load(genrelab::test::synthetic_songs_csv());
    const char* recipe = R"({"features":["energy","acousticness","speechiness","duration_ms","key","mode"],
        "stages":[{"type":"missing_if","column":"duration_ms","less_than":0},{"type":"impute","strategy":"median"},
                  {"type":"scale","method":"standard"}]})";
    const json r = run_job(api::start_clustering(ds, spec_with(recipe, {{"method", "minibatch_kmeans"}, {"k", 4}}).dump()));
    CHECK(r.at("ari").is_null());
    CHECK(r.at("contingency").is_null());
    CHECK(r.at("classes").empty());
    CHECK(r.at("assignments").size() == 360);
    CHECK(r.at("songs").at(0).at(0).at("artist").get<std::string>().rfind("Artist", 0) == 0);
    CHECK(r.at("songs").at(0).at(0).at("label").is_null());

    // Without the impute stage the missing energies stop it with advice.
    const char* no_impute = R"({"features":["energy","acousticness"]})";
    const int job = ok(api::start_clustering(ds, spec_with(no_impute, {{"k", 3}}).dump())).at("job");
    CHECK_THAT(error_of(api::step_job(job, 1000)), Contains("'energy'") && Contains("imputation stage"));
}

TEST_CASE("analysis api: the elbow sweep equals cluster::elbow", "[bindings][analysis]") {
    Matrix X;
    Labels y;
    blob_matrix(X, y);
    const int ds = load(blobs_csv());
    const json r = run_job(api::start_elbow(
        ds, spec_with(kBlobRecipe, {{"method", "kmeans"}, {"k_min", 1}, {"k_max", 6}, {"params", {{"n_init", 3}}}, {"seed", 5}}).dump()));
    genrelab::cluster::ElbowParams ep;
    ep.k_min = 1;
    ep.k_max = 6;
    ep.kmeans.n_init = 3;
    ep.kmeans.seed = 5;
    ep.silhouette_seed = 7;
    const auto e = genrelab::cluster::elbow(ep, X);
    REQUIRE(r.at("k").size() == 6);
    for (size_t i = 0; i < 6; ++i) {
        CHECK(r.at("k").at(i) == e.points[i].k);
        CHECK(r.at("inertia").at(i).get<double>() == e.points[i].inertia);
        CHECK(r.at("log_likelihood").at(i).get<double>() == e.points[i].log_likelihood);
        CHECK(r.at("bic").at(i).get<double>() == e.points[i].bic);
    }
    CHECK(r.at("silhouette").at(0).is_null());   // k = 1
    // The blobs: the silhouette peaks at k = 3.
    double best = -2;
    int best_k = 0;
    for (size_t i = 1; i < 6; ++i)
        if (r.at("silhouette").at(i).get<double>() > best) best = r.at("silhouette").at(i), best_k = r.at("k").at(i);
    CHECK(best_k == 3);

    // While it runs, step_job's "live" holds the points finished so far, growing one k at a time.
    const int job = ok(api::start_elbow(ds, spec_with(kBlobRecipe, {{"k_min", 2}, {"k_max", 4}}).dump())).at("job");
    size_t seen = 0;
    for (int i = 0; i < 100000; ++i) {
        const json s = ok(api::step_job(job, 0));
        if (!s.at("live").is_null()) {
            const size_t now = s.at("live").at("k").size();
            CHECK(now >= seen);
            CHECK(now <= seen + 1);
            seen = now;
        }
        if (s.at("done") == true) break;
    }
    CHECK(seen == 3);
    CHECK(ok(api::finish_job(job)).at("k") == json({2, 3, 4}));
}

TEST_CASE("analysis api: cancel drops the job", "[bindings][analysis]") {
    const int ds = load(blobs_csv());
    const int job = ok(api::start_reduction(ds, spec_with(kBlobRecipe, {{"method", "tsne"}, {"params", {{"method", "exact"}}}}).dump()))
                        .at("job");
    const json s = ok(api::step_job(job, 0));
    CHECK(s.at("done") == false);
    CHECK(s.at("live").at("iteration") == 0);   // t-SNE reports its iteration while running
    CHECK_THAT(s.at("stage").get<std::string>(), Contains("t-SNE"));
    ok(api::cancel_job(job));
    CHECK_THAT(error_of(api::step_job(job, 10)), Contains("no job"));
    CHECK_THAT(error_of(api::finish_job(job)), Contains("no job"));
}

TEST_CASE("analysis api: bad specs give clear errors", "[bindings][analysis]") {
    const int ds = load(blobs_csv());
    auto start_error = [&](const std::string& reply) { return error_of(reply); };
    CHECK_THAT(start_error(api::start_reduction(ds, spec_with(kBlobRecipe, {{"method", "umap"}}).dump())),
               Contains("unknown projection method 'umap'"));
    CHECK_THAT(start_error(api::start_reduction(ds, spec_with(kBlobRecipe, {{"n_components", 4}}).dump())), Contains("2 or 3"));
    CHECK_THAT(start_error(api::start_clustering(ds, spec_with(kBlobRecipe, {{"method", "dbscan"}}).dump())),
               Contains("unknown clustering method 'dbscan'"));
    CHECK_THAT(start_error(api::start_clustering(ds, spec_with(kBlobRecipe, {{"k", 1}}).dump())), Contains("at least 2"));
    CHECK_THAT(start_error(api::start_clustering(ds, spec_with(kBlobRecipe, {{"params", {{"n_innit", 3}}}}).dump())),
               Contains("no setting 'n_innit'"));
    CHECK_THAT(start_error(api::start_clustering(ds, spec_with(kBlobRecipe, {{"params", {{"covariance_type", "round"}}}, {"method", "gmm"}}).dump())),
               Contains("'round'"));
    CHECK_THAT(start_error(api::start_elbow(ds, spec_with(kBlobRecipe, {{"k_min", 5}, {"k_max", 3}}).dump())), Contains("k_max"));
    CHECK_THAT(start_error(api::start_elbow(ds, spec_with(kBlobRecipe, {{"method", "agglomerative"}}).dump())),
               Contains("unknown method 'agglomerative'"));
    CHECK_THAT(start_error(api::start_clustering(ds, "{\"k\":3}")), Contains("\"recipe\""));
    CHECK_THAT(start_error(api::start_clustering(ds, "{oops")), Contains("not valid JSON"));
    CHECK_THAT(start_error(api::start_clustering(ds, spec_with(kBlobRecipe, {{"max_rows", 1}}).dump())), Contains("max_rows"));
    CHECK_THAT(start_error(api::start_clustering(99999, spec_with(kBlobRecipe, {}).dump())), Contains("no dataset"));
    CHECK_THAT(start_error(api::start_reduction(ds, spec_with(R"({"features":["f1"]})", {{"method", "lda"}}).dump())),
               Contains("needs a label column"));

    // Errors found while preparing come from step_job: k above the rows used, a missing feature column.
    const int job = ok(api::start_clustering(ds, spec_with(kBlobRecipe, {{"k", 30}, {"max_rows", 20}}).dump())).at("job");
    CHECK_THAT(error_of(api::step_job(job, 1000)), Contains("k = 30") && Contains("20"));
    const int job2 = ok(api::start_clustering(ds, spec_with(R"({"features":["f1","tempo"]})", {{"k", 3}}).dump())).at("job");
    CHECK_THAT(error_of(api::step_job(job2, 1000)), Contains("tempo"));
    const int job3 = ok(api::start_clustering(ds, spec_with(R"({"features":["track_name"]})", {{"k", 3}}).dump())).at("job");
    CHECK(error_of(api::step_job(job3, 1000)).size() > 20);   // a text column: the encoder explains
}
