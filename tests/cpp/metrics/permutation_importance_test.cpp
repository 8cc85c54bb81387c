// Permutation feature importance: scikit-learn's numbers for a kNN (same model, other shuffles → a
// tolerance), properties that must hold whatever the shuffles, determinism, and clear errors.
#include <catch2/catch.hpp>
#include <cmath>

#include "classify/knn.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"
#include "metrics/permutation_importance.hpp"
#include "support/test_support.hpp"

using namespace genrelab;
using Catch::Matchers::Contains;

TEST_CASE("permutation importance matches scikit-learn for a kNN within the shuffles' noise", "[metrics][importance]") {
    // tests/data/reference/permutation_importance.json from scripts/reference/permutation_importance.py:
    // sklearn.inspection.permutation_importance(KNeighborsClassifier(5), X_test, y_test, scoring='accuracy',
    // n_repeats=30, random_state=0) on make_classification(900 rows, 5 columns, the first 2 informative).
    const auto ref = test::reference("permutation_importance");
    const Matrix Xtr = test::matrix_from_json(ref.at("X_train")), Xte = test::matrix_from_json(ref.at("X_test"));
    const Labels ytr = test::labels_from_json(ref.at("y_train")), yte = test::labels_from_json(ref.at("y_test"));
    classify::KnnParams kp;
    kp.k = ref.at("k");
    const auto model = classify::fit(kp, Xtr, ytr, 3);
    metrics::PermutationImportanceParams p;
    p.n_repeats = ref.at("n_repeats");
    p.seed = 11;
    const auto r = metrics::permutation_importance(p, Xte, yte, [&](const Matrix& X) { return classify::predict(model, X); });
    CHECK(r.baseline == Approx(ref.at("baseline").get<double>()).margin(1e-12));   // same model, same rows
    REQUIRE(r.mean.size() == 5);
    for (size_t j = 0; j < 5; ++j) {
        INFO("column " << j << ": ours " << r.mean[j] << " ± " << r.std[j] << ", scikit-learn " << ref.at("importances_mean")[j]);
        // 30 repeats: each mean has a standard error ≈ std/√30 ≤ 0.005; 0.03 leaves room for both.
        CHECK(std::abs(r.mean[j] - ref.at("importances_mean")[j].get<double>()) < 0.03);
        CHECK(std::abs(r.std[j] - ref.at("importances_std")[j].get<double>()) < 0.02);
        REQUIRE(r.drops[j].size() == 30);
    }
    CHECK(r.mean[0] > 0.25);
    CHECK(r.mean[1] > 0.25);
}

TEST_CASE("permutation importance: a deciding column is large and an unrelated one is about zero", "[metrics][importance]") {
    Rng rng(3);
    const Index n = 400;
    Matrix X(n, 3);
    Labels y(static_cast<size_t>(n));
    for (Index i = 0; i < n; ++i) {
        X(i, 0) = rng.normal();          // irrelevant
        X(i, 1) = rng.uniform(-1, 1);    // decides the label alone
        X(i, 2) = rng.normal();          // irrelevant
        y[static_cast<size_t>(i)] = X(i, 1) > 0 ? 1 : 0;
    }
    // The "model" reads column 1 only: its importance is the accuracy lost by guessing (≈ 0.5); the others' is exactly 0.
    const auto predict = [](const Matrix& Q) {
        Labels out(static_cast<size_t>(Q.rows()));
        for (Index i = 0; i < Q.rows(); ++i) out[static_cast<size_t>(i)] = Q(i, 1) > 0 ? 1 : 0;
        return out;
    };
    metrics::PermutationImportanceParams p;
    p.n_repeats = 8;
    const auto r = metrics::permutation_importance(p, X, y, predict);
    CHECK(r.baseline == 1.0);
    CHECK(r.mean[0] == 0.0);
    CHECK(r.mean[2] == 0.0);
    CHECK(r.std[0] == 0.0);
    CHECK(r.mean[1] > 0.35);
    CHECK(r.mean[1] < 0.65);
    CHECK(r.std[1] > 0.0);
    for (double d : r.drops[1]) CHECK(d > 0.3);

    SECTION("same seed, same numbers; a column's result does not depend on the other columns") {
        const auto again = metrics::permutation_importance(p, X, y, predict);
        CHECK(again.drops == r.drops);
        const Matrix first_two = X.leftCols(2);   // column 2 is no longer measured
        const auto r2 = metrics::permutation_importance(p, first_two, y, predict);
        CHECK(r2.drops[1] == r.drops[1]);
        p.seed = 43;
        const auto other = metrics::permutation_importance(p, X, y, predict);
        CHECK(other.drops[1] != r.drops[1]);
    }
    SECTION("the fitter is steppable: one (column, repeat) per step with a rising fraction") {
        const double base = 1.0;
        Matrix work = X;
        int calls = 0;
        metrics::PermutationImportanceFitter f(p, 3, n, base, [&](int j, const std::vector<Index>& perm) {
            ++calls;
            for (Index i = 0; i < n; ++i) work(i, j) = X(perm[static_cast<size_t>(i)], j);
            const double s = metrics::accuracy_of(y, predict(work));
            work.col(j) = X.col(j);
            return s;
        });
        double last = -1;
        int steps = 0;
        while (!f.step()) {
            ++steps;
            CHECK(f.fraction() > last);
            last = f.fraction();
        }
        CHECK(calls == 3 * 8);
        CHECK(steps == 3 * 8 - 1);
        CHECK(f.fraction() == 1.0);
        CHECK(f.result().drops == r.drops);
    }
}

TEST_CASE("permutation importance: bad input is a clear error", "[metrics][importance]") {
    const Matrix X = Matrix::Random(10, 2);
    const Labels y(10, 0);
    const auto predict = [](const Matrix& Q) { return Labels(static_cast<size_t>(Q.rows()), 0); };
    metrics::PermutationImportanceParams p;
    p.n_repeats = 0;
    CHECK_THROWS_WITH(metrics::permutation_importance(p, X, y, predict), Contains("n_repeats between 1 and 1000"));
    p.n_repeats = 2;
    CHECK_THROWS_WITH(metrics::permutation_importance(p, X, Labels(9, 0), predict), Contains("X has 10 rows but y has 9 labels"));
    Matrix bad = X;
    bad(3, 1) = std::nan("");
    CHECK_THROWS_WITH(metrics::permutation_importance(p, bad, y, predict), Contains("NaN"));
    CHECK_THROWS_WITH(metrics::permutation_importance(p, X.topRows(1), Labels(1, 0), predict), Contains("at least 2 rows"));
}
