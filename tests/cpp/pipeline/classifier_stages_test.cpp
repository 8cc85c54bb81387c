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

TEST_CASE("mlp and logistic take class_weight balanced from a recipe", "[pipeline][classifiers][class_weight]") {
    // 120 metal, 40 classical, 20 hip-hop rows: balanced weights are 180/(3·n_c) on the training rows.
    std::string csv = test::synthetic_songs_csv();
    {
        std::string kept;
        size_t pos = 0;
        int classical = 0, hiphop = 0;
        while (pos < csv.size()) {
            const size_t end = csv.find('\n', pos);
            const std::string line = csv.substr(pos, end - pos + 1);
            pos = end + 1;
            if (line.find(",classical\n") != std::string::npos && ++classical > 40) continue;
            if (line.find(",hip-hop\n") != std::string::npos && ++hiphop > 20) continue;
            kept += line;
        }
        csv = kept;
    }
    const io::Table t = io::read_csv(csv);
    Recipe r = parse_recipe_text(test::synthetic_recipe());
    for (const char* type : {"mlp", "logistic"}) {
        INFO(type);
        json given = {{"type", type}, {"class_weight", "balanced"}};
        json manual = {{"type", type}};
        if (std::string(type) == "mlp") {
            for (json* j : {&given, &manual}) (*j).update(json{{"hidden", {8}}, {"epochs", 20}, {"batch_size", 32}});
        }
        r.classifier = given;
        const FittedPipeline a = train(t, r);
        CHECK(save_model(a).at("classifier").at("params").at("class_weight_balanced") == true);
        // The same fit as the explicit weights n / (K·n_c) counted on the training rows.
        std::vector<double> count(3, 0.0);
        const json& confusion = a.report.at("metrics").at("confusion");
        const double n_test = a.report.at("n_test").get<double>(), n_train = a.report.at("n_train").get<double>();
        for (size_t c = 0; c < 3; ++c) {
            double test_rows = 0;
            for (const auto& v : confusion.at(c)) test_rows += v.get<double>();
            const double all = a.classes[c] == "metal" ? 120 : (a.classes[c] == "classical" ? 40 : 20);
            count[c] = all - test_rows;
        }
        CHECK(count[0] + count[1] + count[2] == Approx(n_train));
        CHECK(n_test > 0);
        std::vector<double> w;
        for (double c : count) w.push_back(n_train / (3 * c));
        manual["class_weight"] = w;
        r.classifier = manual;
        const FittedPipeline b = train(t, r);
        CHECK(test::max_abs_diff(predict(a, t).scores, predict(b, t).scores) < 1e-12);
        const FittedPipeline loaded = load_model_text(save_model(a).dump());
        CHECK(predict(loaded, t).predicted == predict(a, t).predicted);
    }
    r.classifier = json{{"type", "mlp"}, {"class_weight", "balance"}};
    CHECK_THROWS_WITH(train(t, r), Contains("class_weight must be \"balanced\", \"none\" or a list"));
    r.classifier = json{{"type", "mlp"}, {"class_weight", {{"metal", 2.0}}}};
    CHECK_THROWS_WITH(train(t, r), Contains("class_weight by class name is not supported"));
}
