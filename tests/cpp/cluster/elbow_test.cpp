#include <cmath>

#include "cluster/elbow.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"
#include "metrics/clustering.hpp"
#include "support/test_support.hpp"

using namespace genrelab;
using namespace genrelab::cluster;
using Catch::Matchers::Contains;

namespace {
// Four spherical blobs of equal size, far apart (row i belongs to blob i % 4).
Matrix four_blobs(int n, uint64_t seed, double spread = 10.0) {
    Rng rng(seed);
    Matrix X(n, 3);
    for (Index i = 0; i < n; ++i)
        for (Index j = 0; j < 3; ++j) X(i, j) = spread * ((i % 4) == j) - spread * ((i % 4) == 3 && j == 0) + rng.normal();
    return X;
}
}  // namespace

TEST_CASE("k-means elbow points equal direct fits", "[cluster][elbow]") {
    const Matrix X = four_blobs(400, 1);
    ElbowParams p;
    p.k_min = 1;
    p.k_max = 6;
    p.kmeans.n_init = 3;
    p.silhouette_rows = 300;
    const ElbowResult r = elbow(p, X);
    REQUIRE(r.points.size() == 6);
    const double n = 400;
    for (const ElbowPoint& pt : r.points) {
        INFO("k = " << pt.k);
        KMeansParams kp = p.kmeans;
        kp.n_clusters = pt.k;
        KMeansFitter f(kp, X);
        f.run();
        const KMeansModel m = f.result();
        CHECK(pt.inertia == m.inertia);   // same params and seed: bit-identical
        const double ll = metrics::kmeans_log_likelihood(X, m.centers, f.labels());
        CHECK(pt.log_likelihood == ll);
        const int params = metrics::kmeans_n_parameters(pt.k, 3);
        CHECK(pt.bic == Approx(-2 * ll * n + params * std::log(n)).epsilon(1e-14));
        CHECK(pt.aic == Approx(-2 * ll * n + 2 * params).epsilon(1e-14));
        if (pt.k == 1) {
            CHECK(std::isnan(pt.silhouette));
        } else {
            CHECK(pt.silhouette == metrics::silhouette_score_sampled(X, f.labels(), 300, 44));
        }
    }
    // k = 1: the centre is the mean, the inertia the total sum of squares.
    const RowVector mu = X.colwise().mean();
    CHECK(r.points[0].inertia == Approx((X.rowwise() - mu).squaredNorm()).epsilon(1e-12));
    // The elbow: big drops up to the true k = 4, small after; BIC is lowest at 4; silhouette peaks at 4.
    CHECK(r.points[3].inertia < 0.2 * r.points[2].inertia);
    CHECK(r.points[4].inertia > 0.8 * r.points[3].inertia);
    int best_bic = 0, best_sil = 1;
    for (int i = 0; i < 6; ++i) {
        if (r.points[static_cast<size_t>(i)].bic < r.points[static_cast<size_t>(best_bic)].bic) best_bic = i;
        if (i >= 1 && r.points[static_cast<size_t>(i)].silhouette > r.points[static_cast<size_t>(best_sil)].silhouette) best_sil = i;
    }
    CHECK(r.points[static_cast<size_t>(best_bic)].k == 4);
    CHECK(r.points[static_cast<size_t>(best_sil)].k == 4);
    // JSON: NaN silhouette becomes null.
    const nlohmann::json j = r;
    CHECK(j.at("points")[0].at("silhouette").is_null());
    CHECK(j.at("points")[3].at("k") == 4);
    CHECK(j.at("method") == "kmeans");
}

TEST_CASE("GMM elbow finds the true number of components and shares the k-means scale", "[cluster][elbow]") {
    const Matrix X = four_blobs(400, 2);
    ElbowParams p;
    p.k_min = 2;
    p.k_max = 6;
    p.method = ElbowMethod::Gmm;
    p.gmm.covariance_type = CovarianceType::Spherical;
    p.gmm.n_init = 2;
    p.silhouette_rows = 0;
    const ElbowResult g = elbow(p, X);
    REQUIRE(g.points.size() == 5);
    int best = 0;
    for (int i = 0; i < 5; ++i) {
        CHECK(std::isnan(g.points[static_cast<size_t>(i)].silhouette));
        if (g.points[static_cast<size_t>(i)].bic < g.points[static_cast<size_t>(best)].bic) best = i;
    }
    CHECK(g.points[static_cast<size_t>(best)].k == 4);
    GmmParams gp = p.gmm;
    gp.n_components = 4;
    const GmmModel m4 = fit(gp, X);
    CHECK(g.points[2].log_likelihood == score(m4, X));
    CHECK(g.points[2].bic == bic(m4, X));

    // The hard-assignment k-means log-likelihood is a lower bound of the soft log-likelihood of the same
    // mixture (weights = fractions, means = centres, one shared spherical variance): equal to it for
    // well-separated blobs (so k-means and GMM curves share one scale), visibly below it with overlap.
    auto hard_and_soft = [](const Matrix& data, double& hard, double& soft) {
        KMeansParams kp;
        kp.n_clusters = 4;
        KMeansFitter f(kp, data);
        f.run();
        const KMeansModel km = f.result();
        const double n = static_cast<double>(data.rows());
        hard = metrics::kmeans_log_likelihood(data, km.centers, f.labels());
        GmmModel same;
        same.covariance_type = CovarianceType::Spherical;
        same.means = km.centers;
        same.weights = Vector::Zero(4);
        for (int l : f.labels()) same.weights[l] += 1.0 / n;
        const double var = km.inertia / (n * static_cast<double>(data.cols()));
        same.covariances = Matrix::Constant(4, 1, var);
        same.precisions_cholesky = Matrix::Constant(4, 1, 1 / std::sqrt(var));
        soft = score(same, data);
    };
    double hard = 0, soft = 0;
    hard_and_soft(X, hard, soft);
    CHECK(hard <= soft + 1e-12);
    CHECK(soft - hard < 1e-6);
    const Matrix close = four_blobs(400, 2, 2.0);   // the same blobs, overlapping
    double hard2 = 0, soft2 = 0;
    hard_and_soft(close, hard2, soft2);
    CHECK(hard2 < soft2 - 1e-3);
    CHECK(std::abs(hard - g.points[2].log_likelihood) < 0.1);
}

TEST_CASE("mini-batch elbow steps finely and reports progress", "[cluster][elbow][stepper]") {
    const Matrix X = four_blobs(2000, 3);
    ElbowParams p;
    p.k_min = 3;
    p.k_max = 5;
    p.method = ElbowMethod::MiniBatch;
    p.minibatch.batch_size = 100;
    ElbowFitter f(p, X);
    int steps = 0;
    double last = 0;
    while (!f.step()) {
        ++steps;
        CHECK(f.fraction() >= last - 1e-12);
        last = f.fraction();
        CHECK_THAT(f.stage(), Contains("elbow sweep k = "));
    }
    CHECK(steps > 3 * 3);   // several steps per k
    REQUIRE(f.result().points.size() == 3);
    for (const auto& pt : f.result().points) {
        CHECK(pt.inertia > 0);
        CHECK(std::isfinite(pt.silhouette));
    }
    CHECK(f.fraction() == 1.0);
}

TEST_CASE("elbow sweep rejects bad ranges", "[cluster][elbow][errors]") {
    const Matrix X = four_blobs(20, 4);
    ElbowParams p;
    p.k_max = 21;
    CHECK_THROWS_WITH(elbow(p, X), Contains("k_max ≤ the number of rows (k_max = 21, rows = 20)"));
    p.k_min = 0;
    p.k_max = 3;
    CHECK_THROWS_WITH(elbow(p, X), Contains("k_min ≥ 1"));
    p.k_min = 4;
    CHECK_THROWS_WITH(elbow(p, X), Contains("k_max ≥ k_min (k_min = 4, k_max = 3)"));
    const ElbowParams d = nlohmann::json::parse(R"({"method": "gmm", "gmm": {"covariance_type": "diag"}})").get<ElbowParams>();
    CHECK(d.method == ElbowMethod::Gmm);
    CHECK(d.gmm.covariance_type == CovarianceType::Diag);
    CHECK(d.k_max == 10);
    CHECK(d.silhouette_rows == 5000);
}
