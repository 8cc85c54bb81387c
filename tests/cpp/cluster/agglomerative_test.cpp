#include <algorithm>
#include <cmath>

#include "cluster/agglomerative.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"
#include "metrics/clustering.hpp"
#include "support/test_support.hpp"

using namespace genrelab;
using namespace genrelab::cluster;
using Catch::Matchers::Contains;

namespace {
// Reference values: tests/data/reference/agglo_reference.json, written by scripts/reference/agglo_reference.py
// (scikit-learn 1.2.1 AgglomerativeClustering with compute_distances=True on seeded make_blobs data).
const nlohmann::json& ref() {
    static const nlohmann::json j = test::reference("agglo_reference");
    return j;
}

Matrix blobs(int n, uint64_t seed) {
    Rng rng(seed);
    Matrix X(n, 3);
    for (Index i = 0; i < n; ++i)
        for (Index j = 0; j < 3; ++j) X(i, j) = 12.0 * ((i % 4) == j) + rng.normal();
    return X;
}
}  // namespace

TEST_CASE("agglomerative clustering equals scikit-learn for every linkage", "[cluster][agglomerative][reference]") {
    for (const auto& c : ref().at("cases")) {
        const std::string linkage = c.at("linkage");
        const int k = c.at("n_clusters");
        INFO(c.at("data").get<std::string>() << ", " << linkage << ", k = " << k);
        const Matrix X = test::matrix_from_json(ref().at("data").at(c.at("data").get<std::string>()));
        AgglomerativeParams p;
        p.n_clusters = k;
        p.linkage = c.at("linkage").get<Linkage>();
        const AgglomerativeModel m = fit(p, X);
        const Labels expected = test::labels_from_json(c.at("labels"));
        CHECK(metrics::adjusted_rand_index(m.labels, expected) == 1.0);
        CHECK(m.labels == expected);   // same tree, same heap order in the cut: the same numbers
        CHECK(m.children == c.at("children").get<std::vector<std::array<int, 2>>>());
        const auto dist = c.at("distances").get<std::vector<double>>();
        REQUIRE(m.distances.size() == dist.size());
        for (size_t i = 0; i < dist.size(); ++i) CHECK(m.distances[i] == Approx(dist[i]).epsilon(1e-12).margin(1e-12));
        CHECK(!m.sampled);
        CHECK(m.n_fitted == X.rows());
    }
}

TEST_CASE("agglomerative merge trees are consistent", "[cluster][agglomerative][property]") {
    const Matrix X = blobs(150, 3);
    for (Linkage l : {Linkage::Ward, Linkage::Complete, Linkage::Average, Linkage::Single}) {
        INFO("linkage " << nlohmann::json(l));
        AgglomerativeParams p;
        p.n_clusters = 4;
        p.linkage = l;
        const AgglomerativeModel m = fit(p, X);
        // Heights never decrease, the last merge holds every row, counts add up.
        for (size_t i = 1; i < m.distances.size(); ++i) CHECK(m.distances[i] >= m.distances[i - 1]);
        CHECK(m.counts.back() == 150);
        const int n = 150;
        for (size_t i = 0; i < m.children.size(); ++i) {
            int total = 0;
            for (int ch : m.children[i]) total += ch < n ? 1 : m.counts[static_cast<size_t>(ch - n)];
            CHECK(total == m.counts[i]);
        }
        // Cluster sizes from the cut add up, and the four well-separated blobs are found.
        Labels truth(150);
        for (int i = 0; i < 150; ++i) truth[static_cast<size_t>(i)] = i % 4;
        CHECK(metrics::adjusted_rand_index(m.labels, truth) > 0.9);
        // Cutting into more clusters refines the partition.
        const Labels l4 = cut_tree(m.children, n, 4), l6 = cut_tree(m.children, n, 6);
        for (int a = 0; a < n; ++a)
            for (int b = a + 1; b < n; b += 7)
                if (l6[static_cast<size_t>(a)] == l6[static_cast<size_t>(b)]) CHECK(l4[static_cast<size_t>(a)] == l4[static_cast<size_t>(b)]);
    }
    // Single linkage heights are the minimum spanning tree: the first merge is the closest pair.
    AgglomerativeParams p;
    p.linkage = Linkage::Single;
    const AgglomerativeModel m = fit(p, X);
    double closest = std::numeric_limits<double>::infinity();
    for (Index i = 0; i < X.rows(); ++i)
        for (Index j = i + 1; j < X.rows(); ++j) closest = std::min(closest, (X.row(i) - X.row(j)).norm());
    CHECK(m.distances.front() == Approx(closest).epsilon(1e-14));
}

TEST_CASE("agglomerative clustering samples large inputs and says so", "[cluster][agglomerative]") {
    const Matrix X = blobs(700, 8);
    AgglomerativeParams p;
    p.n_clusters = 4;
    p.max_samples = 200;
    p.seed = 5;
    const AgglomerativeModel m = fit(p, X);
    CHECK(m.sampled);
    CHECK(m.n_fitted == 200);
    REQUIRE(m.fitted_rows.size() == 200);
    CHECK(std::is_sorted(m.fitted_rows.begin(), m.fitted_rows.end()));
    CHECK(m.labels.size() == 700);
    CHECK(m.children.size() == 199);
    // The fitted rows carry the tree's labels: the same as clustering those rows alone.
    Matrix sub(200, 3);
    for (int i = 0; i < 200; ++i) sub.row(i) = X.row(m.fitted_rows[static_cast<size_t>(i)]);
    p.max_samples = 5000;
    const AgglomerativeModel alone = fit(p, sub);
    for (int i = 0; i < 200; ++i) CHECK(m.labels[static_cast<size_t>(m.fitted_rows[static_cast<size_t>(i)])] == alone.labels[static_cast<size_t>(i)]);
    // Every other row goes to the nearest centroid.
    const Labels nearest = predict(m, X);
    std::vector<char> fitted(700, 0);
    for (int r : m.fitted_rows) fitted[static_cast<size_t>(r)] = 1;
    for (int i = 0; i < 700; ++i)
        if (!fitted[static_cast<size_t>(i)]) CHECK(m.labels[static_cast<size_t>(i)] == nearest[static_cast<size_t>(i)]);
    // Deterministic per seed, and the model survives JSON.
    p.max_samples = 200;
    const AgglomerativeModel again = fit(p, X);
    CHECK(again.labels == m.labels);
    const AgglomerativeModel back = nlohmann::json::parse(nlohmann::json(m).dump()).get<AgglomerativeModel>();
    CHECK(back.children == m.children);
    CHECK(predict(back, X) == predict(m, X));
}

TEST_CASE("agglomerative clustering rejects bad input", "[cluster][agglomerative][errors]") {
    Matrix X = blobs(10, 1);
    AgglomerativeParams p;
    p.n_clusters = 11;
    CHECK_THROWS_WITH(fit(p, X), Contains("n_clusters ≤ the number of rows it clusters (n_clusters = 11, rows = 10)"));
    p.n_clusters = 0;
    CHECK_THROWS_WITH(fit(p, X), Contains("n_clusters ≥ 1"));
    p.n_clusters = 2;
    CHECK_THROWS_WITH(fit(p, Matrix::Zero(1, 3)), Contains("at least 2 rows"));
    X(4, 0) = std::nan("");
    CHECK_THROWS_WITH(fit(p, X), Contains("missing or infinite value at row 5, column 1"));
    X(4, 0) = 0;
    const AgglomerativeModel m = fit(p, X);
    auto j = nlohmann::json(m);
    j["children"][0] = {0, 25};
    CHECK_THROWS_WITH(j.get<AgglomerativeModel>(), Contains("merge 1 refers to node 25, which does not exist yet"));
    j = nlohmann::json(m);
    j["linkage"] = "median";
    CHECK_THROWS_WITH(j.get<AgglomerativeModel>(), Contains("linkage must be one of"));
    CHECK_THROWS_WITH(predict(m, Matrix::Zero(2, 4)), Contains("X has 4 columns but the model was fitted on 3"));
}
