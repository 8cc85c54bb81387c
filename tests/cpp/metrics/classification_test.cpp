#include <catch2/catch.hpp>
#include <cmath>

#include "core/error.hpp"
#include "core/rng.hpp"
#include "metrics/classification.hpp"
#include "support/test_support.hpp"

using namespace genrelab;
using namespace genrelab::metrics;
using Catch::Matchers::Contains;

namespace {
void check_close(const std::vector<double>& got, const nlohmann::json& want) {
    REQUIRE(got.size() == want.size());
    for (size_t i = 0; i < got.size(); ++i) CHECK(got[i] == Approx(want[i].get<double>()).margin(1e-12));
}
}  // namespace

TEST_CASE("classification_report matches scikit-learn", "[metrics][classification][reference]") {
    // tests/data/reference/classification_metrics.json: scripts/reference/classification_metrics.py runs
    // scikit-learn 1.2.1's confusion_matrix, precision_recall_fscore_support(labels=range(K), zero_division=0)
    // (per class, macro, weighted), accuracy_score, matthews_corrcoef and balanced_accuracy_score on seeded
    // labels: a noisy predictor (K=4), one that never predicts classes 3 and 4 and has a class 5 in neither
    // vector (K=6), and a perfect one.
    const auto ref = test::reference("classification_metrics");
    for (const auto& c : ref["cases"]) {
        INFO("case " << c["name"]);
        const int K = c["n_classes"].get<int>();
        const auto r = classification_report(test::labels_from_json(c["y_true"]), test::labels_from_json(c["y_pred"]), K);
        CHECK(r.confusion == c["confusion"].get<std::vector<std::vector<int64_t>>>());
        check_close(r.precision, c["precision"]);
        check_close(r.recall, c["recall"]);
        check_close(r.f1, c["f1"]);
        CHECK(r.support == c["support"].get<std::vector<int64_t>>());
        check_close({r.macro_precision, r.macro_recall, r.macro_f1}, c["macro"]);
        check_close({r.weighted_precision, r.weighted_recall, r.weighted_f1}, c["weighted"]);
        CHECK(r.accuracy == Approx(c["accuracy"].get<double>()).margin(1e-12));
        CHECK(r.mcc == Approx(c["mcc"].get<double>()).margin(1e-12));
        CHECK(r.balanced_accuracy == Approx(c["balanced_accuracy"].get<double>()).margin(1e-12));
    }
}

TEST_CASE("classification_report holds its invariants", "[metrics][classification]") {
    Rng rng(3);
    Labels y(500), p(500);
    for (size_t i = 0; i < y.size(); ++i) {
        y[i] = static_cast<int>(rng.below(5));
        p[i] = rng.uniform() < 0.5 ? y[i] : static_cast<int>(rng.below(5));
    }
    const auto r = classification_report(y, p, 5);
    int64_t total = 0, diagonal = 0;
    for (int a = 0; a < 5; ++a)
        for (int b = 0; b < 5; ++b) {
            total += r.confusion[a][b];
            if (a == b) diagonal += r.confusion[a][b];
        }
    CHECK(total == 500);
    CHECK(r.accuracy == Approx(diagonal / 500.0));
    CHECK(r.weighted_recall == Approx(r.accuracy));  // support-weighted recall is accuracy
    CHECK(r.mcc > 0);
    CHECK(r.mcc < 1);
    const auto perfect = classification_report(y, y, 5);
    CHECK(perfect.accuracy == 1.0);
    CHECK(perfect.mcc == 1.0);
    CHECK(perfect.macro_f1 == 1.0);
    CHECK(perfect.balanced_accuracy == 1.0);
    // A constant predictor: MCC is undefined and reported as 0, as scikit-learn does.
    CHECK(classification_report(y, Labels(500, 2), 5).mcc == 0.0);
}

TEST_CASE("classification_report survives a JSON round trip", "[metrics][classification][json]") {
    const auto r = classification_report({0, 1, 2, 2, 1, 0}, {0, 2, 2, 2, 1, 1}, 3);
    const auto j = nlohmann::json(r);
    CHECK(j["confusion"][1][2] == 1);
    CHECK(j["support"][2] == 2);
    const auto back = nlohmann::json::parse(j.dump()).get<ClassificationReport>();
    CHECK(back.confusion == r.confusion);
    CHECK(back.macro_f1 == r.macro_f1);
    CHECK(back.mcc == r.mcc);
}

TEST_CASE("classification_report rejects bad input with clear messages", "[metrics][classification][errors]") {
    CHECK_THROWS_WITH(classification_report({0, 1}, {0}, 2), Contains("2 true labels but 1 predictions"));
    CHECK_THROWS_WITH(classification_report({}, {}, 2), Contains("at least one labelled row"));
    CHECK_THROWS_WITH(classification_report({0, 3}, {0, 1}, 2), Contains("true label 3 of row 1 is outside 0..1"));
    CHECK_THROWS_WITH(classification_report({0, 1}, {0, -1}, 2), Contains("predicted label -1 of row 1"));
    CHECK_THROWS_WITH(classification_report({0}, {0}, 0), Contains("at least one class"));
}
