#include <catch2/catch.hpp>
#include <cmath>

#include "core/error.hpp"
#include "core/rng.hpp"
#include "metrics/curves.hpp"
#include "support/test_support.hpp"

using namespace genrelab;
using namespace genrelab::metrics;
using Catch::Matchers::Contains;

namespace {
void check_close(const std::vector<double>& got, const nlohmann::json& want, double tol = 1e-12) {
    REQUIRE(got.size() == want.size());
    for (size_t i = 0; i < got.size(); ++i) CHECK(got[i] == Approx(want[i].get<double>()).margin(tol));
}
}  // namespace

TEST_CASE("ROC and PR curves match scikit-learn", "[metrics][curves][reference]") {
    // tests/data/reference/curves.json: scripts/reference/curves.py runs scikit-learn 1.2.1's roc_curve
    // (drop_intermediate=True), auc, roc_auc_score, precision_recall_curve and average_precision_score per
    // class of 80 seeded rows, 4 classes, with kNN-like vote fractions (counts/7: heavy ties, exact zeros),
    // plus a binary case with rounded (tied) signed decision values.
    const auto ref = test::reference("curves");
    const Labels y = test::labels_from_json(ref["y"]);
    const Matrix P = test::matrix_from_json(ref["scores"]);
    const auto rocs = roc_curves_ovr(y, P);
    const auto prs = precision_recall_curves_ovr(y, P);
    REQUIRE(rocs.size() == 4);
    for (int c = 0; c < 4; ++c) {
        INFO("class " << c);
        const auto& e = ref["per_class"][c];
        check_close(rocs[c].fpr, e["fpr"]);
        check_close(rocs[c].tpr, e["tpr"]);
        check_close(rocs[c].thresholds, e["thresholds"]);
        CHECK(rocs[c].auc == Approx(e["auc"].get<double>()).margin(1e-12));
        CHECK(roc_auc(y, P.col(c), c) == Approx(e["roc_auc"].get<double>()).margin(1e-12));
        check_close(prs[c].precision, e["precision"]);
        check_close(prs[c].recall, e["recall"]);
        check_close(prs[c].thresholds, e["pr_thresholds"]);
        CHECK(prs[c].average_precision == Approx(e["average_precision"].get<double>()).margin(1e-12));
    }
    const auto& b = ref["binary"];
    const Labels yb = test::labels_from_json(b["y"]);
    const Vector sb = test::vector_from_json(b["scores"]);
    const auto roc = roc_curve(yb, sb, 1);
    check_close(roc.fpr, b["fpr"]);
    check_close(roc.tpr, b["tpr"]);
    check_close(roc.thresholds, b["thresholds"]);
    CHECK(roc_auc(yb, sb, 1) == Approx(b["roc_auc"].get<double>()).margin(1e-12));
    const auto pr = precision_recall_curve(yb, sb, 1);
    check_close(pr.precision, b["precision"]);
    check_close(pr.recall, b["recall"]);
    check_close(pr.thresholds, b["pr_thresholds"]);
    CHECK(average_precision(yb, sb, 1) == Approx(b["average_precision"].get<double>()).margin(1e-12));
}

TEST_CASE("averaged AUCs and log loss match scikit-learn", "[metrics][curves][reference]") {
    // Same file: roc_auc_score(multi_class='ovr', average='macro' and 'micro'), average_precision_score of the
    // one-hot labels (average='macro') and log_loss(labels=range(4)), whose eps clipping matters here
    // because some true-class probabilities are exactly 0.
    const auto ref = test::reference("curves");
    const Labels y = test::labels_from_json(ref["y"]);
    const Matrix P = test::matrix_from_json(ref["scores"]);
    CHECK(roc_auc_ovr_macro(y, P) == Approx(ref["roc_auc_ovr_macro"].get<double>()).margin(1e-12));
    CHECK(roc_auc_ovr_micro(y, P) == Approx(ref["roc_auc_ovr_micro"].get<double>()).margin(1e-12));
    CHECK(average_precision_macro(y, P) == Approx(ref["average_precision_macro"].get<double>()).margin(1e-12));
    CHECK(log_loss(y, P) == Approx(ref["log_loss"].get<double>()).epsilon(1e-12));
}

TEST_CASE("curves hold their invariants", "[metrics][curves]") {
    Rng rng(12);
    const int n = 300;
    Labels y(n);
    Matrix S(n, 3);
    for (int i = 0; i < n; ++i) {
        y[i] = static_cast<int>(rng.below(3));
        for (int c = 0; c < 3; ++c) S(i, c) = rng.normal() + (y[i] == c ? 1.0 : 0.0);
    }
    // A perfect scorer has AUC 1 and AP 1; the reversed one has AUC 0.
    Matrix perfect(n, 3);
    for (int i = 0; i < n; ++i)
        for (int c = 0; c < 3; ++c) perfect(i, c) = y[i] == c ? 1.0 + 0.001 * i : -0.001 * i;
    CHECK(roc_auc_ovr_macro(y, perfect) == 1.0);
    CHECK(roc_auc_ovr_macro(y, -perfect) == 0.0);
    CHECK(average_precision_macro(y, perfect) == Approx(1.0).margin(1e-12));   // a sum of recall steps × precision
    CHECK(roc_curves_ovr(y, perfect)[1].auc == 1.0);
    // Constant scores: AUC ½ (every pair tied).
    CHECK(roc_auc_ovr_macro(y, Matrix::Ones(n, 3)) == 0.5);
    const auto rocs = roc_curves_ovr(y, S);
    for (int c = 0; c < 3; ++c) {
        const auto& r = rocs[c];
        CHECK(r.fpr.front() == 0.0);
        CHECK(r.tpr.front() == 0.0);
        CHECK(r.fpr.back() == 1.0);
        CHECK(r.tpr.back() == 1.0);
        for (size_t i = 1; i < r.fpr.size(); ++i) {
            CHECK(r.fpr[i] >= r.fpr[i - 1]);
            CHECK(r.tpr[i] >= r.tpr[i - 1]);
            CHECK(r.thresholds[i] < r.thresholds[i - 1]);
        }
        // Trapezoid area of the curve = Mann–Whitney statistic.
        CHECK(r.auc == Approx(roc_auc(y, S.col(c), c)).epsilon(1e-12));
        CHECK(r.positives + r.negatives == n);
    }
    // The micro average of one-hot scores weights every (row, class) pair equally.
    CHECK(roc_auc_ovr_micro(y, S) > 0.5);
    // A class absent from y: its curve is empty, its AUC NaN, and the macro average skips it.
    Labels y2 = y;
    for (auto& v : y2)
        if (v == 2) v = 1;
    const auto r2 = roc_curves_ovr(y2, S);
    CHECK(r2[2].fpr.empty());
    CHECK(std::isnan(r2[2].auc));
    CHECK(roc_auc_ovr_macro(y2, S) == Approx((roc_auc(y2, S.col(0), 0) + roc_auc(y2, S.col(1), 1)) / 2));
    CHECK(std::isnan(roc_auc_ovr_macro(Labels(n, 0), S.leftCols(1))));
    // Log loss of certain, correct predictions is ~0; of uniform ones, log K.
    CHECK(log_loss(y, perfect.cwiseMax(0.0).cwiseMin(1.0).array().ceil().matrix()) < 1e-12);
    CHECK(log_loss(y, Matrix::Constant(n, 3, 1.0 / 3)) == Approx(std::log(3.0)));
    const auto j = nlohmann::json(rocs[0]);
    CHECK(j["fpr"].size() == rocs[0].fpr.size());
    CHECK(nlohmann::json::parse(j.dump()).get<RocCurve>().thresholds == rocs[0].thresholds);
}

TEST_CASE("curves reject bad input with clear messages", "[metrics][curves][errors]") {
    Matrix S = Matrix::Ones(3, 2);
    CHECK_THROWS_WITH(roc_auc_ovr_macro({0, 1}, S), Contains("2 labels but 3 rows of scores"));
    CHECK_THROWS_WITH(roc_auc_ovr_macro({0, 1, 2}, S), Contains("label 2 of row 2 has no score column"));
    S(1, 1) = std::nan("");
    CHECK_THROWS_WITH(roc_curves_ovr({0, 1, 1}, S), Contains("score of row 1, class 1 is missing (NaN)"));
    CHECK_THROWS_WITH(roc_curve({0, 1}, Vector::Ones(3), 1), Contains("2 labels but 3 scores"));
    CHECK_THROWS_WITH(roc_auc({}, Vector(), 1), Contains("at least one row"));
    Matrix P = Matrix::Constant(2, 2, 0.5);
    P(0, 0) = -0.1;
    CHECK_THROWS_WITH(log_loss({0, 1}, P), Contains("probability of row 0, class 0 is negative"));
}
