#include <algorithm>
#include <cmath>
#include <numeric>

#include "cluster/minibatch_kmeans.hpp"
#include "core/error.hpp"
#include "support/test_support.hpp"

using namespace genrelab;
using namespace genrelab::cluster;
using Catch::Matchers::Contains;

namespace {
// Reference values: tests/data/reference/kmeans_minibatch.json, written by scripts/reference/kmeans_minibatch.py
// (scikit-learn 1.2.1 MiniBatchKMeans inertia for five random_state values, and full KMeans as a floor,
// on seeded make_blobs data).
const nlohmann::json& ref() {
    static const nlohmann::json j = test::reference("kmeans_minibatch");
    return j;
}
double mean(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size()); }
}  // namespace

TEST_CASE("mini-batch k-means reaches scikit-learn's inertia", "[cluster][minibatch][reference]") {
    const Matrix X = test::matrix_from_json(ref().at("X"));
    for (const auto& c : ref().at("cases")) {
        const int k = c.at("k");
        INFO("k = " << k << ", batch " << c.at("batch_size").get<int>());
        const auto sk = c.at("minibatch_inertia_by_seed").get<std::vector<double>>();
        const double floor = c.at("kmeans_inertia");
        std::vector<double> ours;
        for (uint64_t seed = 1; seed <= 5; ++seed) {
            MiniBatchKMeansParams p;
            p.n_clusters = k;
            p.batch_size = c.at("batch_size");
            p.n_init = c.at("n_init");
            p.seed = seed;
            MiniBatchKMeansFitter f(p, X);
            f.run();
            const KMeansModel m = f.result();
            CHECK(m.inertia >= floor * 0.9999);   // never better than full Lloyd k-means
            CHECK(std::abs(m.inertia - inertia(m, X)) <= 1e-9 * m.inertia);
            CHECK(f.labels() == predict(m, X));
            ours.push_back(m.inertia);
        }
        // Same quality as sklearn's mini-batch on average (5 seeds each), within 3 %.
        CHECK(mean(ours) <= mean(sk) * 1.03);
    }
}

TEST_CASE("mini-batch k-means follows the running-mean update", "[cluster][minibatch][property]") {
    // With one centre, no reassignment and no early stop, the centre is the mean of every sampled row,
    // and after many passes it approaches the mean of X.
    Rng rng(2);
    Matrix X(500, 3);
    for (Index i = 0; i < X.rows(); ++i)
        for (Index j = 0; j < 3; ++j) X(i, j) = rng.normal(j, 1.0 + j);
    MiniBatchKMeansParams p;
    p.n_clusters = 1;
    p.batch_size = 50;
    p.max_iter = 40;
    p.max_no_improvement = 0;
    p.reassignment_ratio = 0;
    MiniBatchKMeansFitter f(p, X);
    f.run();
    CHECK(f.n_steps() == 40 * 500 / 50);
    const KMeansModel m = f.result();
    CHECK(m.n_iter == 40);
    const RowVector mu = X.colwise().mean();
    CHECK((m.centers.row(0) - mu).cwiseAbs().maxCoeff() < 0.1);
}

TEST_CASE("mini-batch k-means stops early and is deterministic", "[cluster][minibatch]") {
    const Matrix X = test::matrix_from_json(ref().at("X"));
    MiniBatchKMeansParams p;
    p.n_clusters = 8;
    p.batch_size = 256;
    p.seed = 4;
    MiniBatchKMeansFitter f(p, X);
    f.run();
    CHECK(f.n_steps() < 100 * 3000 / 256);   // the smoothed inertia stops improving long before max_iter
    CHECK(f.init_inertia().size() == 3);
    CHECK(static_cast<int>(f.batch_inertia_history().size()) == f.n_steps());
    const KMeansModel a = f.result(), b = fit(p, X);
    CHECK(a.centers == b.centers);
    CHECK(a.inertia == b.inertia);
    // JSON of the params round-trips, with defaults for missing keys.
    const MiniBatchKMeansParams q = nlohmann::json(p).get<MiniBatchKMeansParams>();
    CHECK(q.batch_size == 256);
    CHECK(nlohmann::json::parse("{}").get<MiniBatchKMeansParams>().batch_size == 1024);
    // The model is a k-means model: its JSON round trip predicts the same.
    const KMeansModel back = nlohmann::json::parse(nlohmann::json(a).dump()).get<KMeansModel>();
    CHECK(predict(back, X) == predict(a, X));
}

TEST_CASE("mini-batch k-means rejects bad input", "[cluster][minibatch][errors]") {
    Matrix X = Matrix::Random(20, 3);
    MiniBatchKMeansParams p;
    p.n_clusters = 21;
    CHECK_THROWS_WITH(fit(p, X), Contains("n_clusters ≤ the number of rows (n_clusters = 21, rows = 20)"));
    p.n_clusters = 2;
    p.batch_size = 0;
    CHECK_THROWS_WITH(fit(p, X), Contains("batch_size ≥ 1"));
    p.batch_size = 8;
    X(0, 0) = std::nan("");
    CHECK_THROWS_WITH(fit(p, X), Contains("missing or infinite value at row 1, column 1"));
}
