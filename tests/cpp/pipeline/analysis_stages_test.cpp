// The 'cluster_features' stage and the 'lda' classifier as recipe parts: reference values from scikit-learn for
// LDA, a leakage check for the clustering stage (it is fitted on the training rows only), save → load →
// identical predictions, and the errors of a bad recipe entry.
#include <catch2/catch.hpp>
#include <set>

#include "cluster/gmm.hpp"
#include "cluster/kmeans.hpp"
#include "core/error.hpp"
#include "io/csv_reader.hpp"
#include "pipeline/model_file.hpp"
#include "pipeline/pipeline.hpp"
#include "preprocess/split.hpp"
#include "pipeline_fixture.hpp"
#include "support/test_support.hpp"

using namespace genrelab;
using namespace genrelab::pipeline;
using Catch::Matchers::Contains;

namespace {

Recipe songs_recipe(const json& extra_stage, const json& classifier) {
    Recipe r = parse_recipe_text(test::synthetic_recipe());
    if (!extra_stage.is_null()) r.stages.push_back(extra_stage);
    r.classifier = classifier;
    return r;
}

void same_predictions(const FittedPipeline& m, const io::Table& t) {
    const FittedPipeline back = load_model_text(save_model(m).dump());
    const Predictions a = predict(m, t), b = predict(back, t);
    CHECK(a.predicted == b.predicted);
    CHECK(test::max_abs_diff(a.scores, b.scores) == 0.0);
    CHECK(back.feature_names() == m.feature_names());
}

}  // namespace

TEST_CASE("lda classifier equals scikit-learn's LinearDiscriminantAnalysis", "[pipeline][lda]") {
    // tests/data/reference/lda_classifier.json: scripts/reference/lda_classifier.py (sklearn 1.2.1's
    // LinearDiscriminantAnalysis on make_classification(400, 6 features, 4 classes, random_state=7), first 300 rows to fit).
    const json ref = test::reference("lda_classifier");
    const Matrix X = test::matrix_from_json(ref.at("X_train")), Xt = test::matrix_from_json(ref.at("X_test"));
    const Labels y = test::labels_from_json(ref.at("y_train"));
    for (const auto& c : ref.at("cases")) {
        INFO(c.at("params").dump());
        json spec = c.at("params");
        spec["type"] = "lda";
        auto clf = make_classifier(spec);
        CHECK(clf->type() == "lda");
        clf->start_fit(X, y, 4)->run();
        CHECK(clf->predict(Xt) == test::labels_from_json(c.at("predict")));
        const Matrix P = clf->scores(Xt);
        CHECK(test::max_abs_diff(P, test::matrix_from_json(c.at("predict_proba"))) < 1e-8);
        CHECK((P.rowwise().sum().array() - 1.0).abs().maxCoeff() < 1e-12);
        CHECK(clf->scores_are_probabilities());
        // The fitted state loads back into a fresh adapter with the same scores.
        auto back = make_classifier(clf->params());
        back->load_state(clf->state(), 6, 4);
        CHECK(test::max_abs_diff(back->scores(Xt), P) == 0.0);
        CHECK_THROWS_WITH(back->load_state(clf->state(), 5, 4), Contains("expects 6 features"));
        CHECK_THROWS_WITH(back->load_state(clf->state(), 6, 3), Contains("4 classes"));
    }
    CHECK_THROWS_WITH(make_classifier(json{{"type", "lda"}, {"solvr", "svd"}}), Contains("no setting 'solvr'"));
}

TEST_CASE("lda classifier trains in a recipe and survives save and load", "[pipeline][lda]") {
    const io::Table t = io::read_csv(test::synthetic_songs_csv());
    const FittedPipeline m = train(t, songs_recipe(nullptr, json{{"type", "lda"}}));
    CHECK(m.report.at("metrics").at("accuracy").get<double>() > 0.8);
    same_predictions(m, t);
}

TEST_CASE("cluster_features is fitted on the training rows only", "[pipeline][cluster_features]") {
    // Train twice on tables that differ only in the test rows' features: the clustering (and so the features
    // of every training row) must not change. The split is rebuilt exactly as the pipeline makes it.
    const io::Table t = io::read_csv(test::synthetic_songs_csv());
    const Recipe r = songs_recipe(json{{"type", "cluster_features"}, {"method", "kmeans"}, {"k", 4}, {"params", {{"n_init", 3}}}},
                                  json{{"type", "knn"}, {"k", 5}});
    const FittedPipeline m1 = train(t, r);
    const LabelledRows lr = label_rows(t, r, m1.classes);
    const auto split = preprocess::stratified_peer_split(lr.y, 3, 0.25, 3);
    io::Table shifted = t;
    for (const char* name : {"acousticness", "speechiness"}) {
        io::Column& col = shifted.column(name);
        for (size_t i : split.test) {
            col.values[lr.rows[i]] += 50.0;
            col.cells[lr.rows[i]] = std::to_string(col.values[lr.rows[i]]);
        }
    }
    const FittedPipeline m2 = train(shifted, r);
    const size_t s = m1.stages.size() - 1;
    REQUIRE(m1.stages[s]->type() == "cluster_features");
    CHECK(m1.stages[s]->state() == m2.stages[s]->state());
    // And the clustering is exactly k-means on the training rows' features after the earlier stages.
    std::vector<size_t> train_rows;
    for (size_t i : split.train) train_rows.push_back(lr.rows[i]);
    Matrix X = encode(m1.encoding, t, train_rows);
    for (size_t i = 0; i < s; ++i) X = m1.stages[i]->transform(X);
    cluster::KMeansParams kp;
    kp.n_clusters = 4;
    kp.n_init = 3;
    const cluster::KMeansModel km = cluster::fit(kp, X);
    const cluster::KMeansModel stored = m1.stages[s]->state().at("model").get<cluster::KMeansModel>();
    CHECK(test::max_abs_diff(stored.centers, km.centers) == 0.0);
    // Whereas fitting on all rows gives other centres (the check above can fail).
    Matrix X_all = encode(m1.encoding, shifted, lr.rows);
    for (size_t i = 0; i < s; ++i) X_all = m1.stages[i]->transform(X_all);
    CHECK(test::max_abs_diff(cluster::fit(kp, X_all).centers, km.centers) > 1e-3);
}

TEST_CASE("cluster_features appends one-hot or ordinal cluster columns", "[pipeline][cluster_features]") {
    Rng rng(3);
    Matrix X(120, 3);
    for (Index i = 0; i < X.rows(); ++i)
        for (Index j = 0; j < 3; ++j) X(i, j) = rng.normal() + (i % 3 == 0 ? 8.0 : 0.0) * (j == 0);
    const Labels y(120, 0);
    auto onehot = make_stage(json{{"type", "cluster_features"}, {"k", 3}});
    onehot->fit(X, y, 1, {"a", "b", "c"});
    const Matrix Z = onehot->transform(X);
    REQUIRE(Z.cols() == 6);
    CHECK(test::max_abs_diff(Z.leftCols(3), X) == 0.0);
    CHECK((Z.rightCols(3).rowwise().sum().array() == 1.0).all());
    CHECK(onehot->output_names({"a", "b", "c"}) == std::vector<std::string>{"a", "b", "c", "cluster=0", "cluster=1", "cluster=2"});
    const cluster::KMeansModel km = onehot->state().at("model").get<cluster::KMeansModel>();
    const Labels c = cluster::predict(km, X);
    for (Index i = 0; i < X.rows(); ++i) CHECK(Z(i, 3 + c[static_cast<size_t>(i)]) == 1.0);

    auto ordinal = make_stage(json{{"type", "cluster_features"}, {"method", "gmm"}, {"k", 2}, {"encoding", "ordinal"},
                                   {"params", {{"covariance_type", "diag"}}}});
    ordinal->fit(X, y, 1, {"a", "b", "c"});
    const Matrix W = ordinal->transform(X);
    REQUIRE(W.cols() == 4);
    const Labels g = cluster::predict(ordinal->state().at("model").get<cluster::GmmModel>(), X);
    for (Index i = 0; i < X.rows(); ++i) CHECK(W(i, 3) == g[static_cast<size_t>(i)]);
    CHECK(ordinal->output_names({"a", "b", "c"}).back() == "cluster");
    // The recipe entry round-trips through the registry (how a model file rebuilds the stage).
    auto again = make_stage(ordinal->params());
    again->load_state(ordinal->state(), 3);
    CHECK(test::max_abs_diff(again->transform(X), W) == 0.0);
    CHECK_THROWS_WITH(again->load_state(ordinal->state(), 4), Contains("columns"));
    CHECK_THROWS_WITH(again->transform(Matrix::Zero(2, 5)), Contains("fitted on 3"));
}

TEST_CASE("cluster_features in a recipe survives save and load", "[pipeline][cluster_features]") {
    const io::Table t = io::read_csv(test::synthetic_songs_csv());
    for (const char* enc : {"onehot", "ordinal"}) {
        INFO(enc);
        const FittedPipeline m = train(
            t, songs_recipe(json{{"type", "cluster_features"}, {"method", "gmm"}, {"k", 3}, {"encoding", enc}}, json{{"type", "logistic"}}));
        CHECK(m.feature_names().size() == (std::string(enc) == "onehot" ? 9u : 7u));
        same_predictions(m, t);
    }
}

TEST_CASE("cluster_features refuses bad settings and missing values", "[pipeline][cluster_features]") {
    CHECK_THROWS_WITH(make_stage(json{{"type", "cluster_features"}, {"method", "dbscan"}}), Contains("\"kmeans\" or \"gmm\""));
    CHECK_THROWS_WITH(make_stage(json{{"type", "cluster_features"}, {"k", 1}}), Contains("between 2"));
    CHECK_THROWS_WITH(make_stage(json{{"type", "cluster_features"}, {"encoding", "binary"}}), Contains("\"onehot\" or \"ordinal\""));
    CHECK_THROWS_WITH(make_stage(json{{"type", "cluster_features"}, {"kk", 3}}), Contains("no setting 'kk'"));
    CHECK_THROWS_WITH(make_stage(json{{"type", "cluster_features"}, {"params", {{"n_clusters", 3}}}}), Contains("with 'k'"));
    CHECK_THROWS_WITH(make_stage(json{{"type", "cluster_features"}, {"params", {{"n_innit", 3}}}}), Contains("n_innit"));
    auto s = make_stage(json{{"type", "cluster_features"}, {"k", 2}});
    Matrix X = Matrix::Ones(10, 2);
    X(3, 1) = std::nan("");
    CHECK_THROWS_WITH(s->fit(X, Labels(10, 0), 1, {"tempo", "energy"}), Contains("'energy'") && Contains("impute"));
    CHECK_THROWS_WITH(s->fit(Matrix::Ones(1, 2), Labels(1, 0), 1, {"tempo", "energy"}), Contains("at least 2"));
}
