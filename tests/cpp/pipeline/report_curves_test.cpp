// The training report's compact ROC and precision–recall curves (pipeline.cpp's metrics_json "curves"):
// thinned to ≤ 200 points per curve, while the areas come from the full curves.
#include <catch2/catch.hpp>
#include <cmath>

#include "io/csv_reader.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/recipe.hpp"
#include "pipeline_fixture.hpp"

using namespace genrelab;
using namespace genrelab::pipeline;

namespace {

double trapezoid(const std::vector<double>& x, const std::vector<double>& y) {
    double a = 0;
    for (size_t i = 1; i < x.size(); ++i) a += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2;
    return a;
}

}  // namespace

TEST_CASE("report curves: per-class and micro ROC and PR curves are thinned and agree with the AUCs", "[pipeline][curves]") {
    // 1,800 songs, a logistic regression on two weak features (metal and classical overlap in speechiness,
    // duration is noise): continuous, overlapping probabilities, so the full curves have hundreds of points.
    const io::Table t = io::read_csv(test::synthetic_songs_csv(600, 8));
    Recipe r = parse_recipe_text(test::synthetic_recipe());
    r.features = {"speechiness", "duration_ms"};
    r.classifier = json{{"type", "logistic"}};
    const FittedPipeline m = train(t, r);
    const json& metrics = m.report.at("metrics");
    const json& curves = metrics.at("curves");
    REQUIRE(curves.at("per_class").size() == 3);
    double auc_sum = 0;
    for (const auto& c : curves.at("per_class")) {
        const auto fpr = c.at("roc").at("fpr").get<std::vector<double>>(), tpr = c.at("roc").at("tpr").get<std::vector<double>>();
        const auto rec = c.at("pr").at("recall").get<std::vector<double>>(), prec = c.at("pr").at("precision").get<std::vector<double>>();
        REQUIRE(fpr.size() == tpr.size());
        REQUIRE(rec.size() == prec.size());
        CHECK(fpr.size() <= 200);
        CHECK(rec.size() <= 200);
        CHECK(fpr.front() == 0.0);
        CHECK(tpr.front() == 0.0);
        CHECK(fpr.back() == 1.0);
        CHECK(tpr.back() == 1.0);
        for (size_t i = 1; i < fpr.size(); ++i) {
            CHECK(fpr[i] >= fpr[i - 1]);
            CHECK(tpr[i] >= tpr[i - 1]);
        }
        CHECK(rec.back() == 0.0);   // scikit-learn's order: recall descending, ending at (recall 0, precision 1)
        CHECK(prec.back() == 1.0);
        const double auc = c.at("auc");
        CHECK(trapezoid(fpr, tpr) == Approx(auc).margin(0.01));   // thinning barely changes the area
        CHECK(c.at("average_precision").get<double>() > 0.3);
        CHECK(c.at("positives").get<int>() > 100);
        auc_sum += auc;
    }
    CHECK(curves.at("roc_auc_macro").get<double>() == Approx(auc_sum / 3).epsilon(1e-12));
    CHECK(curves.at("roc_auc_macro").get<double>() == Approx(metrics.at("roc_auc_macro").get<double>()).epsilon(1e-12));
    const json& micro = curves.at("micro");
    const auto mf = micro.at("roc").at("fpr").get<std::vector<double>>(), mt = micro.at("roc").at("tpr").get<std::vector<double>>();
    CHECK(mf.size() <= 200);
    CHECK(mf.size() == 200);   // 450 test rows × 3 pooled overlapping scores: the full curve is longer, so it was thinned
    CHECK(curves.at("per_class")[0].at("pr").at("recall").size() == 200);
    CHECK(trapezoid(mf, mt) == Approx(micro.at("auc").get<double>()).margin(0.01));
    CHECK(micro.at("average_precision").get<double>() > 0.3);
    CHECK(curves.at("average_precision_macro").get<double>() > 0.3);
}
