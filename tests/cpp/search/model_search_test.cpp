// Model search: the same table as scikit-learn's GridSearchCV for the same folds, the weighted score, no
// leakage between a fold's fit and its validation rows, cancel, failing candidates and clear errors.
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <set>

#include "../pipeline/pipeline_fixture.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"
#include "io/csv_reader.hpp"
#include "pipeline/model_file.hpp"
#include "search/model_search.hpp"
#include "support/test_support.hpp"

using namespace genrelab;
using Catch::Matchers::Contains;
using nlohmann::json;

namespace {

// The reference's base recipe: the peers' stratified split (test 20 %, seed 11), standard scaling.
json reference_spec(const json& ref, const json& classifier, const json& params) {
    json recipe = {{"label", "genre"},
                   {"features", {"f0", "f1", "f2", "f3", "f4"}},
                   {"seed", ref.at("seed")},
                   {"split", {{"method", "stratified"}, {"test_fraction", ref.at("test_fraction")}}},
                   {"stages", json::array({json{{"type", "scale"}, {"method", "standard"}}})},
                   {"classifier", classifier}};
    return json{{"recipe", recipe}, {"method", "grid"}, {"params", params}, {"cv", {{"folds", 5}, {"stratified", true}, {"shuffle", false}}},
                {"select", {{"metric", "accuracy"}}}};
}

const search::CandidateResult& by_index(const search::SearchResult& r, size_t i) { return r.candidates.at(i); }

// Small songs search used by the property tests (3 well separated genres, 360 rows).
json songs_spec(const json& params, const json& extra = json::object()) {
    json spec = {{"recipe", json::parse(test::synthetic_recipe())}, {"method", "grid"}, {"params", params}, {"cv", {{"folds", 4}}}, {"seed", 5}};
    spec.update(extra);
    return spec;
}

}  // namespace

// Reference: scripts/reference/search_grid.py — scikit-learn 1.2.1 GridSearchCV(Pipeline(StandardScaler,
// KNeighborsClassifier), n_neighbors × weights, cv=StratifiedKFold(5), return_train_score=True) on the training
// part of the peers' split, then best_estimator_.score on the test part.
TEST_CASE("model search: kNN grid matches scikit-learn's GridSearchCV", "[search][reference]") {
    const json ref = test::reference("search_grid");
    const io::Table t = io::read_csv(ref.at("csv").get<std::string>());
    const json spec = reference_spec(ref, {{"type", "knn"}}, {{"classifier.k", {1, 3, 7, 15}}, {"classifier.weights", {"uniform", "distance"}}});
    search::SearchFitter fitter(t, search::parse_search_spec(spec));
    CHECK(fitter.data().train_rows == ref.at("train_rows").get<std::vector<size_t>>());
    CHECK(fitter.data().test_rows.size() == ref.at("n_test").get<size_t>());
    fitter.run();
    const search::SearchResult r = fitter.take();
    const json& rows = ref.at("knn").at("rows");
    REQUIRE(r.candidates.size() == rows.size());
    for (size_t i = 0; i < rows.size(); ++i) {
        const json& e = rows[i];
        const auto& c = by_index(r, i);
        INFO("candidate " << i << " " << c.params.dump());
        CHECK(c.params.at("classifier.k") == e.at("params").at("n_neighbors"));
        CHECK(c.params.at("classifier.weights") == e.at("params").at("weights"));
        CHECK(c.error.empty());
        CHECK(c.validation.accuracy.mean == Approx(e.at("validation_accuracy")[0].get<double>()).margin(1e-12));
        CHECK(c.validation.accuracy.std == Approx(e.at("validation_accuracy")[1].get<double>()).margin(1e-12));
        CHECK(c.train.accuracy.mean == Approx(e.at("train_accuracy")[0].get<double>()).margin(1e-12));
        CHECK(c.validation.macro_f1.mean == Approx(e.at("validation_macro_f1")[0].get<double>()).margin(1e-9));
        CHECK(c.validation.roc_auc_macro.mean == Approx(e.at("validation_roc_auc_macro")[0].get<double>()).margin(1e-9));
        CHECK(c.validation.roc_auc_macro.std == Approx(e.at("validation_roc_auc_macro")[1].get<double>()).margin(1e-9));
        CHECK(c.train.roc_auc_macro.mean == Approx(e.at("train_roc_auc_macro")[0].get<double>()).margin(1e-9));
        CHECK(c.validation.log_loss.mean == Approx(e.at("validation_log_loss")[0].get<double>()).epsilon(1e-9));
        CHECK(c.train.log_loss.mean == Approx(e.at("train_log_loss")[0].get<double>()).epsilon(1e-6).margin(1e-9));
        CHECK(c.rank == e.at("rank_accuracy").get<int>());   // ties share the smaller rank, as rank_test_score
    }
    CHECK(r.best == ref.at("knn").at("best_index").get<size_t>());
    REQUIRE(r.model.has_value());
    CHECK(r.model->report.at("n_train") == ref.at("n_train"));
    CHECK(r.model->report.at("metrics").at("accuracy").get<double>() == Approx(ref.at("knn").at("test_accuracy").get<double>()).margin(1e-12));
    CHECK(r.model->report.at("search").at("params") == r.candidates[r.best].params);
    CHECK(r.model->recipe.classifier.at("k") == r.candidates[r.best].params.at("classifier.k"));
}

// Reference: the same script with Pipeline(StandardScaler, LogisticRegression(tol=1e-8, max_iter=2000)) over C.
// L-BFGS stops near, not at, the optimum on both sides: log-loss to 1e-4, accuracy allows one borderline row
// (≈ 1/40 of a fold) in the mean.
TEST_CASE("model search: logistic grid matches scikit-learn's GridSearchCV", "[search][reference]") {
    const json ref = test::reference("search_grid");
    const io::Table t = io::read_csv(ref.at("csv").get<std::string>());
    const json spec = reference_spec(ref, {{"type", "logistic"}, {"tol", 1e-8}, {"max_iter", 2000}}, {{"classifier.C", {0.01, 0.1, 1.0, 10.0}}});
    const search::SearchResult r = search::run_search(t, search::parse_search_spec(spec));
    const json& rows = ref.at("logistic").at("rows");
    REQUIRE(r.candidates.size() == rows.size());
    for (size_t i = 0; i < rows.size(); ++i) {
        const json& e = rows[i];
        const auto& c = by_index(r, i);
        INFO("candidate " << i << " " << c.params.dump());
        CHECK(c.params.at("classifier.C").get<double>() == e.at("params").at("C").get<double>());
        CHECK(c.validation.log_loss.mean == Approx(e.at("validation_log_loss")[0].get<double>()).margin(1e-4));
        CHECK(c.train.log_loss.mean == Approx(e.at("train_log_loss")[0].get<double>()).margin(1e-4));
        CHECK(c.validation.roc_auc_macro.mean == Approx(e.at("validation_roc_auc_macro")[0].get<double>()).margin(1e-3));
        CHECK(c.validation.accuracy.mean == Approx(e.at("validation_accuracy")[0].get<double>()).margin(0.006));
    }
    CHECK(r.best == ref.at("logistic").at("best_index").get<size_t>());
}

TEST_CASE("model search: weighted score formula and selection rules", "[search]") {
    search::CandidateResult c;
    for (double tr : {0.9, 0.8}) {
        search::FoldResult f;
        f.train.accuracy = tr;
        f.validation.accuracy = tr - 0.2;      // gaps 0.2 and 0.2 … then adjust the second
        c.folds.push_back(f);
    }
    c.folds[1].validation.accuracy = 0.5;      // gaps: 0.2, 0.3 → acc_gap 0.25; validation mean (0.7 + 0.5)/2 = 0.6
    search::Selection w;
    w.metric = "weighted";
    w.w1 = 2;
    w.w2 = 1;
    search::summarize(c, w);
    CHECK(c.acc_gap == Approx(0.25));
    CHECK(c.validation.accuracy.mean == Approx(0.6));
    CHECK(c.validation.accuracy.std == Approx(0.1));    // population std of {0.7, 0.5}
    CHECK(c.weighted_score == Approx(0.5 * (2 * (1 - 0.25) + 1 * 0.6)));
    CHECK(c.score == c.weighted_score);
    CHECK(std::isnan(c.validation.log_loss.mean));      // undefined metrics stay undefined, not 0

    // Ranking: log-loss lower wins; failed candidates last; ties share a rank.
    std::vector<search::CandidateResult> cs(4);
    search::Selection ll;
    ll.metric = "log_loss";
    const double losses[] = {0.9, 0.4, 0.4, 0.1};
    for (size_t i = 0; i < 4; ++i) {
        cs[i].index = i;
        search::FoldResult f;
        f.train.accuracy = f.validation.accuracy = 0.5;
        f.validation.log_loss = losses[i];
        cs[i].folds = {f};
        search::summarize(cs[i], ll);
    }
    cs[3].error = "fold 1: broken";
    search::summarize(cs[3], ll);
    const std::vector<size_t> order = search::rank(cs, ll);
    CHECK(order == std::vector<size_t>{1, 2, 0, 3});
    CHECK(cs[1].rank == 1);
    CHECK(cs[2].rank == 1);
    CHECK(cs[0].rank == 3);
    CHECK(cs[3].rank == 4);
}

TEST_CASE("model search: selecting by the weighted score picks its best candidate on real fits", "[search]") {
    const io::Table t = io::read_csv(test::synthetic_songs_csv());
    const json spec = songs_spec({{"classifier.k", {1, 5, 25}}}, {{"select", {{"weighted", {{"w1", 1}, {"w2", 1}}}}}, {"refit", false}});
    const search::SearchResult r = search::run_search(t, search::parse_search_spec(spec));
    REQUIRE(r.candidates.size() == 3);
    CHECK_FALSE(r.model.has_value());
    size_t best = 0;
    for (size_t i = 0; i < 3; ++i) {
        const auto& c = r.candidates[i];
        double gap = 0, acc = 0;
        for (const auto& f : c.folds) {
            gap += f.train.accuracy - f.validation.accuracy;
            acc += f.validation.accuracy;
        }
        gap /= static_cast<double>(c.folds.size());
        acc /= static_cast<double>(c.folds.size());
        CHECK(c.weighted_score == Approx(0.5 * ((1 - gap) + acc)).margin(1e-12));
        if (c.weighted_score > r.candidates[best].weighted_score) best = i;
    }
    CHECK(r.candidates[0].train.accuracy.mean == Approx(1.0));   // 1-NN memorises its training folds: a large gap
    CHECK(r.best == best);
    CHECK(r.ranking.front() == best);
    const json table = search::table_json(r);
    CHECK(table.at("rows").size() == 3);
    CHECK(table.at("rows")[0].at("candidate") == best);
    CHECK(table.at("paths") == json{"classifier.k"});
    const std::string csv = search::table_csv(r);
    CHECK_THAT(csv, Contains("rank,candidate,classifier.k,validation_accuracy_mean"));
    CHECK(std::count(csv.begin(), csv.end(), '\n') == 4);
}

TEST_CASE("model search: no fold's validation rows are seen by its fit", "[search]") {
    // Labels that are pure noise: a 1-NN that had seen a row would score it perfectly. Its training folds do
    // score 1.0, so validation accuracy near chance (1/3) shows the validation rows were never in the fit.
    Rng rng(17);
    std::string csv = "a,b,c,genre\n";
    const char* genres[] = {"x", "y", "z"};
    for (int i = 0; i < 300; ++i)
        csv += std::to_string(rng.uniform()) + "," + std::to_string(rng.uniform()) + "," + std::to_string(rng.uniform()) + "," +
               genres[rng.below(3)] + "\n";
    const io::Table t = io::read_csv(csv);
    json spec = {{"recipe", {{"label", "genre"}, {"features", {"a", "b", "c"}}, {"split", {{"test_fraction", 0.2}}}, {"classifier", {{"type", "knn"}, {"k", 1}}}}},
                 {"cv", {{"folds", 5}}},
                 {"refit", false}};
    search::SearchFitter fitter(t, search::parse_search_spec(spec));
    const search::CvData& d = fitter.data();
    // Structure: folds partition the training rows, and no test row is among them.
    std::set<size_t> test(d.test_rows.begin(), d.test_rows.end());
    std::vector<int> seen(d.train_rows.size(), 0);
    for (const auto& f : d.folds) {
        CHECK(f.train.size() + f.test.size() == d.train_rows.size());
        std::set<size_t> tr(f.train.begin(), f.train.end());
        for (size_t v : f.test) {
            CHECK(tr.count(v) == 0);
            ++seen[v];
        }
    }
    for (size_t i = 0; i < seen.size(); ++i) {
        CHECK(seen[i] == 1);
        CHECK(test.count(d.train_rows[i]) == 0);
    }
    fitter.run();
    const search::SearchResult r = fitter.take();
    const auto& c = r.candidates.at(0);
    CHECK(c.train.accuracy.mean == Approx(1.0));
    CHECK(c.validation.accuracy.mean < 0.5);
    CHECK(c.validation.accuracy.mean > 0.15);
}

TEST_CASE("model search: progress rises, the search can be cancelled inside a fit", "[search]") {
    const io::Table t = io::read_csv(test::synthetic_songs_csv());
    json spec = songs_spec({{"classifier.hidden", {json::array({8}), json::array({16})}}}, {{"cv", {{"folds", 3}}}});
    spec["recipe"]["classifier"] = {{"type", "mlp"}, {"epochs", 10}, {"batch_size", 32}};
    {
        search::SearchFitter fitter(t, search::parse_search_spec(spec));
        double last = 0;
        int steps = 0;
        std::set<std::string> stages;
        while (!fitter.step()) {
            CHECK(fitter.fraction() >= last);
            CHECK(fitter.fraction() <= 1.0);
            last = fitter.fraction();
            stages.insert(fitter.stage().substr(0, 40));
            ++steps;
        }
        CHECK(fitter.fraction() == 1.0);
        CHECK(steps >= 2 * 3 * 3);   // preprocessing, fitting and scoring are separate steps of every fold fit
        CHECK(fitter.live().at("done") == 2);
        const search::SearchResult r = fitter.take();
        REQUIRE(r.model.has_value());
        CHECK(r.model->report.at("search").at("n_candidates") == 2);
    }
    // The CLI's way: Progress::report throws Cancelled at the first report after cancel(); the worker's way
    // (step_job, then cancel_job between steps) is covered by the api test.
    Progress progress;
    search::SearchFitter fitter(t, search::parse_search_spec(spec));
    CHECK_THROWS_AS(
        [&] {
            while (!fitter.step()) {
                progress.report(fitter.fraction(), fitter.stage());
                if (fitter.fraction() > 0.3) progress.cancel();
            }
        }(),
        Cancelled);
    CHECK(fitter.fraction() < 0.6);
    CHECK_THROWS_AS(fitter.take(), Error);
}

TEST_CASE("model search: same spec, same table; a model file round trip predicts the same", "[search]") {
    const io::Table t = io::read_csv(test::synthetic_songs_csv());
    json spec = songs_spec({{"classifier.learning_rate", {{"log_uniform", {1e-3, 1e-1}}}}}, {{"method", "random"}, {"n_iter", 2}, {"cv", {{"folds", 3}}}});
    spec["recipe"]["classifier"] = {{"type", "mlp"}, {"epochs", 5}, {"hidden", {8}}};
    const search::SearchResult a = search::run_search(t, search::parse_search_spec(spec));
    const search::SearchResult b = search::run_search(t, search::parse_search_spec(spec));
    json ta = search::table_json(a), tb = search::table_json(b);
    for (auto* tj : {&ta, &tb})
        for (auto& row : tj->at("rows")) row.erase("fit_seconds");
    CHECK(ta == tb);
    REQUIRE(a.model.has_value());
    const pipeline::FittedPipeline loaded = pipeline::load_model_text(pipeline::save_model(*a.model).dump());
    const pipeline::Predictions p1 = pipeline::predict(*a.model, t), p2 = pipeline::predict(loaded, t);
    CHECK(p1.predicted == p2.predicted);
    CHECK(test::max_abs_diff(p1.scores, p2.scores) == 0.0);
    CHECK(loaded.report.at("search").at("params") == a.candidates[a.best].params);
}

TEST_CASE("model search: a failing candidate is reported and the others go on", "[search]") {
    const io::Table t = io::read_csv(test::synthetic_songs_csv());
    // 270 training rows in 3 folds: 180 rows per fit, so k = 500 cannot work.
    const json spec = songs_spec({{"classifier.k", {5, 500}}}, {{"cv", {{"folds", 3}}}, {"refit", false}});
    const search::SearchResult r = search::run_search(t, search::parse_search_spec(spec));
    CHECK(r.candidates[0].error.empty());
    CHECK_THAT(r.candidates[1].error, Contains("fold 1"));
    CHECK(r.best == 0);
    CHECK(r.candidates[1].rank == 2);
    CHECK(search::table_json(r).at("rows")[1].at("error").is_string());
    // When every candidate fails, the search fails with the first message.
    const json all_bad = songs_spec({{"classifier.k", {400, 500}}}, {{"cv", {{"folds", 3}}}});
    CHECK_THROWS_WITH(search::run_search(t, search::parse_search_spec(all_bad)), Contains("every candidate of the search failed; candidate 1"));
}

TEST_CASE("model search: bad data for the folds is refused before fitting", "[search]") {
    const io::Table t = io::read_csv(test::synthetic_songs_csv(4));   // 4 rows per genre, 3 of each in training
    json spec = songs_spec({{"classifier.k", {1}}}, {{"cv", {{"folds", 5}}}});
    CHECK_THROWS_WITH(search::SearchFitter(t, search::parse_search_spec(spec)), Contains("needs at least"));
    const io::Table big = io::read_csv(test::synthetic_songs_csv(30));
    spec["cv"] = {{"folds", 25}};
    CHECK_THROWS_WITH(search::SearchFitter(big, search::parse_search_spec(spec)),
                      Contains("stratified cross-validation with 25 folds needs at least 25 training rows of every class, but class"));
    spec["cv"] = {{"folds", 3}};
    spec["recipe"]["features"] = {"energy", "tempo"};
    CHECK_THROWS_WITH(search::SearchFitter(big, search::parse_search_spec(spec)), Contains("tempo"));
}

TEST_CASE("model search: a group split gets group folds, no artist in two folds", "[search]") {
    const io::Table t = io::read_csv(test::synthetic_songs_csv());
    json spec = songs_spec({{"classifier.k", {3}}}, {{"cv", {{"folds", 4}}}, {"refit", false}});
    spec["recipe"]["split"] = {{"method", "group"}, {"group_column", "artist_name"}, {"test_fraction", 0.25}};
    search::SearchFitter fitter(t, search::parse_search_spec(spec));
    const search::CvData& d = fitter.data();
    CHECK(d.grouped);
    const io::Column& artist = t.column("artist_name");
    std::map<std::string, std::set<size_t>> folds_of;
    size_t smallest = d.train_rows.size(), largest = 0;
    for (size_t f = 0; f < d.folds.size(); ++f) {
        for (size_t v : d.folds[f].test) folds_of[artist.cells[d.train_rows[v]]].insert(f);
        smallest = std::min(smallest, d.folds[f].test.size());
        largest = std::max(largest, d.folds[f].test.size());
    }
    for (const auto& [name, fs] : folds_of) CHECK(fs.size() == 1);
    CHECK(largest - smallest <= 2);   // groups of 2 rows, each into the lightest fold
    std::set<std::string> test_artists;
    for (size_t r : d.test_rows) test_artists.insert(artist.cells[r]);
    for (const auto& [name, fs] : folds_of) CHECK(test_artists.count(name) == 0);
    fitter.run();
    CHECK(fitter.take().candidates[0].validation.accuracy.mean > 0.8);

    const std::vector<std::string> few{"a", "a", "b", "b", "b"};
    CHECK_THROWS_WITH(search::group_kfold(few, 3, false, 0), Contains("needs at least 3 groups"));
    const auto two = search::group_kfold(few, 2, false, 0);
    CHECK(two[0].test == std::vector<size_t>{2, 3, 4});   // the larger group first, into fold 0
    CHECK(two[1].test == std::vector<size_t>{0, 1});
}

TEST_CASE("model search: train_scores false skips the training folds' scores", "[search]") {
    const io::Table t = io::read_csv(test::synthetic_songs_csv());
    const json spec = songs_spec({{"classifier.k", {3, 9}}}, {{"cv", {{"folds", 3}, {"train_scores", false}}}, {"refit", false}});
    const search::SearchResult r = search::run_search(t, search::parse_search_spec(spec));
    for (const auto& c : r.candidates) {
        CHECK(std::isnan(c.train.accuracy.mean));
        CHECK(std::isnan(c.acc_gap));
        CHECK(c.validation.accuracy.mean > 0.8);
    }
    const json full = songs_spec({{"classifier.k", {3, 9}}}, {{"cv", {{"folds", 3}}}, {"refit", false}});
    const search::SearchResult f = search::run_search(t, search::parse_search_spec(full));
    CHECK(f.candidates[1].validation.accuracy.mean == r.candidates[1].validation.accuracy.mean);
    CHECK(search::table_json(r).at("rows")[0].at("train").at("accuracy").at("mean").is_null());
    json weighted = spec;
    weighted["select"] = {{"weighted", json::object()}};
    CHECK_THROWS_WITH(search::parse_search_spec(weighted), Contains("needs the training folds' accuracy"));
}

TEST_CASE("model search: stages that read the table (group_impute by artist) run inside the folds", "[search]") {
    // group_impute needs the artist column of the very rows it fits and transforms; called as a plain
    // matrix stage it throws, so a search that completes with no failed candidate used the table rows.
    const io::Table t = io::read_csv(test::synthetic_songs_csv());
    json spec = songs_spec({{"classifier.k", {5, 9}}}, {{"cv", {{"folds", 3}}}, {"refit", false}});
    spec["recipe"]["stages"] = json::parse(R"([{"type":"missing_if","column":"duration_ms","less_than":0},
        {"type":"group_impute","column":"energy","group_column":"artist_name"},{"type":"impute","strategy":"median"},
        {"type":"scale","method":"standard"}])");
    const search::SearchResult r = search::run_search(t, search::parse_search_spec(spec));
    for (const auto& c : r.candidates) {
        INFO(c.error);
        CHECK(c.error.empty());
        CHECK(c.validation.accuracy.mean > 0.8);
    }
}
