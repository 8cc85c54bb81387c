#include <cmath>

#include "core/error.hpp"
#include "core/rng.hpp"
#include "metrics/clustering.hpp"
#include "support/test_support.hpp"

using namespace genrelab;
using namespace genrelab::metrics;
using Catch::Matchers::Contains;

namespace {
// Reference values: tests/data/reference/clustering_metrics.json, written by
// scripts/reference/clustering_metrics.py (scikit-learn 1.2.1 metrics on seeded make_blobs data; the
// k-means log-likelihood there is computed independently with scipy.stats.multivariate_normal).
const nlohmann::json& ref() {
    static const nlohmann::json j = test::reference("clustering_metrics");
    return j;
}
Labels labels(const char* key) { return test::labels_from_json(ref().at(key)); }
}  // namespace

TEST_CASE("silhouette equals scikit-learn", "[metrics][clustering][reference]") {
    const Matrix X = test::matrix_from_json(ref().at("X"));
    CHECK(silhouette_score(X, labels("pred")) == Approx(ref().at("silhouette_pred").get<double>()).margin(1e-12));
    CHECK(silhouette_score(X, labels("y")) == Approx(ref().at("silhouette_true").get<double>()).margin(1e-12));
    const Vector s = silhouette_samples(X, labels("pred"));
    CHECK(test::max_abs_diff(s, test::vector_from_json(ref().at("silhouette_samples_pred"))) < 1e-12);
    // Renaming the clusters changes nothing.
    CHECK(silhouette_score(X, labels("renamed")) == Approx(ref().at("silhouette_pred").get<double>()).margin(1e-12));
    // A one-member cluster: s = 0 for it, and it changes its neighbours' b.
    const Vector s1 = silhouette_samples(X, labels("singleton"));
    CHECK(s1[17] == 0.0);
    CHECK(test::max_abs_diff(s1, test::vector_from_json(ref().at("silhouette_samples_singleton"))) < 1e-12);
    CHECK(silhouette_score(X, labels("singleton")) ==
          Approx(ref().at("silhouette_singleton").get<double>()).margin(1e-12));
}

TEST_CASE("sampled silhouette uses the peers' rows", "[metrics][clustering][reference]") {
    const auto& c = ref().at("sampled");
    const Matrix X = test::matrix_from_json(c.at("X"));
    const Labels y = test::labels_from_json(c.at("labels"));
    // The rows are the peers' sample(n, m, seed) (re-implemented in the Python script).
    const auto rows = peer_sample(static_cast<size_t>(X.rows()), c.at("max_rows").get<size_t>(), c.at("seed").get<uint32_t>());
    CHECK(rows == c.at("rows").get<std::vector<size_t>>());
    CHECK(silhouette_score_sampled(X, y, c.at("max_rows").get<size_t>(), c.at("seed").get<uint32_t>()) ==
          Approx(c.at("silhouette").get<double>()).margin(1e-12));
    // No more rows than the sample: exact.
    CHECK(silhouette_score_sampled(X, y, 5000, 1) == Approx(silhouette_score(X, y)).margin(1e-15));
}

TEST_CASE("silhouette properties hold", "[metrics][clustering][property]") {
    Rng rng(3);
    Matrix X(150, 4);
    Labels lab(150);
    for (Index i = 0; i < 150; ++i) {
        lab[static_cast<size_t>(i)] = static_cast<int>(i % 3);
        for (Index j = 0; j < 4; ++j) X(i, j) = 5.0 * (i % 3) + rng.normal();
    }
    const Vector s = silhouette_samples(X, lab);
    CHECK(s.minCoeff() >= -1.0);
    CHECK(s.maxCoeff() <= 1.0);
    // Invariant under translation and rotation-free scaling of the data.
    const Matrix Y = (3.0 * X).array() + 7.0;
    CHECK(test::max_abs_diff(silhouette_samples(Y, lab), s) < 1e-12);
    // Well-separated clusters score high; a random labeling scores near 0.
    CHECK(silhouette_score(X, lab) > 0.5);
    Labels shuffled = lab;
    rng.shuffle(shuffled);
    CHECK(std::abs(silhouette_score(X, shuffled)) < 0.1);
}

TEST_CASE("adjusted Rand index and NMI equal scikit-learn", "[metrics][clustering][reference]") {
    CHECK(adjusted_rand_index(labels("y"), labels("pred")) == Approx(ref().at("ari_true_pred").get<double>()).margin(1e-12));
    CHECK(adjusted_rand_index(labels("pred"), labels("renamed")) == 1.0);
    CHECK(adjusted_rand_index(labels("y"), labels("random_labels")) ==
          Approx(ref().at("ari_true_random").get<double>()).margin(1e-12));
    CHECK(adjusted_rand_index(labels("y"), labels("singleton")) ==
          Approx(ref().at("ari_true_singleton").get<double>()).margin(1e-12));
    // Symmetric.
    CHECK(adjusted_rand_index(labels("pred"), labels("y")) == adjusted_rand_index(labels("y"), labels("pred")));

    CHECK(normalized_mutual_info(labels("y"), labels("pred")) == Approx(ref().at("nmi_true_pred").get<double>()).margin(1e-12));
    CHECK(normalized_mutual_info(labels("y"), labels("random_labels")) ==
          Approx(ref().at("nmi_true_random").get<double>()).margin(1e-12));
    CHECK(normalized_mutual_info(labels("pred"), labels("renamed")) == Approx(1.0).margin(1e-15));
    CHECK(normalized_mutual_info({0, 0, 0}, {1, 1, 1}) == 1.0);
    CHECK(normalized_mutual_info({0, 0, 0}, {1, 2, 1}) == 0.0);
}

TEST_CASE("contingency table is sklearn's transposed", "[metrics][clustering][reference]") {
    const Eigen::MatrixXi t = contingency_table(labels("singleton"), labels("y"));
    const auto& sk = ref().at("contingency_true_singleton");   // classes × clusters
    REQUIRE(t.rows() == static_cast<Index>(sk.at(0).size()));
    REQUIRE(t.cols() == static_cast<Index>(sk.size()));
    for (Index c = 0; c < t.rows(); ++c)
        for (Index k = 0; k < t.cols(); ++k) CHECK(t(c, k) == sk.at(static_cast<size_t>(k)).at(static_cast<size_t>(c)).get<int>());
    CHECK(t.sum() == 200);
    // Explicit sizes add empty rows/columns.
    const Eigen::MatrixXi t2 = contingency_table({0, 1, 1}, {2, 2, 0}, 4, 3);
    CHECK(t2.rows() == 4);
    CHECK(t2(1, 2) == 1);
    CHECK(t2(1, 0) == 1);
    CHECK(t2(0, 2) == 1);
    CHECK(t2.row(3).sum() == 0);
}

TEST_CASE("k-means hard-assignment log-likelihood follows its formula", "[metrics][clustering][reference]") {
    const Matrix X = test::matrix_from_json(ref().at("X"));
    const Matrix C = test::matrix_from_json(ref().at("centers"));
    const double ll = kmeans_log_likelihood(X, C, labels("pred"));
    CHECK(ll == Approx(ref().at("kmeans_loglik").get<double>()).margin(1e-10));
    CHECK(kmeans_n_parameters(4, 3) == 4 * 3 + 1 + 3);
    // Every sample on its centre: unbounded.
    Matrix Z(4, 2);
    Z << 0, 0, 0, 0, 1, 1, 1, 1;
    Matrix ZC(2, 2);
    ZC << 0, 0, 1, 1;
    CHECK(std::isinf(kmeans_log_likelihood(Z, ZC, {0, 0, 1, 1})));
}

TEST_CASE("clustering metrics reject bad input", "[metrics][clustering][errors]") {
    Matrix X = Matrix::Random(6, 2);
    CHECK_THROWS_WITH(silhouette_score(X, {0, 0, 0, 0, 0, 0}), Contains("between 2 and n − 1 distinct clusters (found 1"));
    CHECK_THROWS_WITH(silhouette_score(X, {0, 1, 2, 3, 4, 5}), Contains("found 6 for 6 rows"));
    CHECK_THROWS_WITH(silhouette_score(X, {0, 1}), Contains("there are 2 labels for 6 rows"));
    CHECK_THROWS_WITH(silhouette_score(X, {0, 1, 0, 1, -1, 0}), Contains("must be ≥ 0 (found -1 at position 5)"));
    X(2, 1) = std::nan("");
    CHECK_THROWS_WITH(silhouette_score(X, {0, 1, 0, 1, 0, 1}), Contains("missing or infinite value at row 3, column 2"));
    CHECK_THROWS_WITH(adjusted_rand_index({0, 1}, {0, 1, 1}), Contains("there are 3 labels for 2 rows"));
    CHECK_THROWS_WITH(adjusted_rand_index({}, {}), Contains("no labels"));
    CHECK_THROWS_WITH(contingency_table({0, 3}, {0, 1}, 2, 2), Contains("cluster label 3 is out of range for 2 clusters"));
    CHECK_THROWS_WITH(kmeans_log_likelihood(Matrix::Zero(3, 2), Matrix::Zero(2, 2), {0, 2, 1}),
                      Contains("label 2 is out of range for 2 centres"));
    CHECK_THROWS_WITH(kmeans_log_likelihood(Matrix::Zero(3, 2), Matrix::Zero(2, 3), {0, 1, 1}),
                      Contains("X has 2 columns but the centres have 3"));
}
