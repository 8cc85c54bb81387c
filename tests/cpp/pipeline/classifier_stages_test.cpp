// Every classifier and reduction type trains through a recipe, beats chance clearly on well-separated
// genres, and its model file reloads to the same predictions.
#include <catch2/catch.hpp>

#include "io/csv_reader.hpp"
#include "pipeline/model_file.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline_fixture.hpp"
#include "support/test_support.hpp"

using namespace genrelab;
using namespace genrelab::pipeline;
using Catch::Matchers::Contains;

namespace {

void check_round_trip(const json& classifier, const std::vector<json>& extra_stages = {}) {
    INFO("classifier " << classifier.dump() << " extra stages " << json(extra_stages).dump());
    const io::Table t = io::read_csv(test::synthetic_songs_csv());
    Recipe r = parse_recipe_text(test::synthetic_recipe());
    r.classifier = classifier;
    for (const auto& s : extra_stages) r.stages.push_back(s);
    const FittedPipeline m = train(t, r);
    CHECK(m.report.at("metrics").at("accuracy").get<double>() > 0.8);
    const FittedPipeline loaded = load_model_text(save_model(m).dump());
    const Predictions a = predict(m, t), b = predict(loaded, t);
    CHECK(a.predicted == b.predicted);
    CHECK(test::max_abs_diff(a.scores, b.scores) == 0.0);
    CHECK(a.scores.cols() == 3);
}

}  // namespace

TEST_CASE("svm, trees, forest and boosting train from a recipe and reload", "[pipeline][classifiers]") {
    check_round_trip(json{{"type", "svm"}, {"C", 1.0}});
    check_round_trip(json{{"type", "svm"}, {"C", 1.0}, {"probability", true}});
    check_round_trip(json{{"type", "decision_tree"}, {"max_depth", 5}});
    check_round_trip(json{{"type", "random_forest"}, {"n_trees", 20}, {"seed", 3}});
    check_round_trip(json{{"type", "gradient_boosting"}, {"n_estimators", 20}});
}

TEST_CASE("mlp and logistic train from a recipe and reload and the baseline guesses", "[pipeline][classifiers]") {
    check_round_trip(json{{"type", "mlp"}, {"hidden", {16}}, {"epochs", 40}, {"batch_size", 32}, {"learning_rate", 0.01}});
    check_round_trip(json{{"type", "logistic"}, {"C", 1.0}});
    const io::Table t = io::read_csv(test::synthetic_songs_csv());
    Recipe r = parse_recipe_text(test::synthetic_recipe());
    r.classifier = json{{"type", "baseline"}, {"strategy", "most_frequent"}};
    const FittedPipeline m = train(t, r);
    CHECK(m.report.at("metrics").at("accuracy").get<double>() == Approx(1.0 / 3));   // balanced classes
    // The MLP reports its per-epoch curves for the page.
    r.classifier = json{{"type", "mlp"}, {"hidden", {8}}, {"epochs", 5}};
    const FittedPipeline mlp = train(t, r);
    CHECK(mlp.report.at("history").at("train_loss").size() == 5);
}

TEST_CASE("PCA and LDA stages reduce the features before a classifier", "[pipeline][classifiers]") {
    check_round_trip(json{{"type", "knn"}, {"k", 5}}, {json{{"type", "pca"}, {"n_components", 3}}});
    check_round_trip(json{{"type", "knn"}, {"k", 5}}, {json{{"type", "lda"}, {"n_components", 2}}});
    const io::Table t = io::read_csv(test::synthetic_songs_csv());
    Recipe r = parse_recipe_text(test::synthetic_recipe());
    r.stages.push_back(json{{"type", "pca"}, {"n_components", 2}});
    CHECK(train(t, r).feature_names() == std::vector<std::string>{"PC1", "PC2"});
    r.stages.back() = json{{"type", "pca"}, {"n_components", 99}};
    CHECK_THROWS_AS(train(t, r), Error);
}

TEST_CASE("an SVM without probabilities reports decision values as its scores", "[pipeline][classifiers]") {
    const io::Table t = io::read_csv(test::synthetic_songs_csv());
    Recipe r = parse_recipe_text(test::synthetic_recipe());
    r.classifier = json{{"type", "svm"}};
    const FittedPipeline m = train(t, r);
    CHECK(m.report.at("metrics").at("scores_are_probabilities") == false);
    CHECK(m.report.at("metrics").at("roc_auc_macro").get<double>() > 0.9);
    r.classifier = json{{"type", "svm"}, {"kernal", "rbf"}};
    CHECK_THROWS_WITH(train(t, r), Contains("no setting 'kernal'"));
}
