#include <algorithm>

#include "classify/baseline.hpp"
#include "core/error.hpp"
#include "support/test_support.hpp"

using namespace genrelab;
using namespace genrelab::classify;
using Catch::Matchers::Contains;

TEST_CASE("Baselines match scikit-learn's DummyClassifier", "[classify][baseline][reference]") {
    // tests/data/reference/baseline.json comes from scripts/reference/baseline.py: scikit-learn 1.2.1
    // DummyClassifier(strategy="prior") and (strategy="uniform") on 50 seeded skewed labels.
    const auto ref = test::reference("baseline");
    const Matrix X = test::matrix_from_json(ref["X"]);
    const Labels y = test::labels_from_json(ref["y"]);
    const int K = ref["n_classes"];

    const BaselineModel prior = fit(BaselineParams{}, X, y, K);
    CHECK(test::max_abs_diff(prior.class_prior, test::vector_from_json(ref["class_prior"])) < 1e-15);
    CHECK(test::max_abs_diff(predict_proba(prior, X.topRows(5)), test::matrix_from_json(ref["prior_proba_first_rows"])) < 1e-15);
    CHECK(Labels(predict(prior, X.topRows(5))) == test::labels_from_json(ref["prior_predict_first_rows"]));

    BaselineParams u;
    u.strategy = BaselineStrategy::Uniform;
    const BaselineModel uniform = fit(u, X, y, K);
    CHECK(test::max_abs_diff(predict_proba(uniform, X.topRows(5)), test::matrix_from_json(ref["uniform_proba_first_rows"])) < 1e-15);
}

TEST_CASE("Uniform baseline guesses evenly and reproducibly", "[classify][baseline][property]") {
    const Matrix X = Matrix::Zero(40000, 2);
    const Labels y(40000, 1);
    BaselineParams u;
    u.strategy = BaselineStrategy::Uniform;
    u.seed = 5;
    const BaselineModel m = fit(u, X, y, 4);
    const Labels a = predict(m, X), b = predict(m, X);
    CHECK(a == b);
    for (int c = 0; c < 4; ++c) CHECK(std::abs(std::count(a.begin(), a.end(), c) - 10000) < 400);
    // Most-frequent: ties go to the lowest class index; absent classes get prior 0.
    const BaselineModel tie = fit(BaselineParams{}, Matrix::Zero(4, 1), Labels{2, 0, 2, 0}, 3);
    CHECK(predict(tie, Matrix::Zero(1, 1)) == Labels{0});
    CHECK(tie.class_prior[1] == 0.0);
}

TEST_CASE("Baseline save and load give identical predictions", "[classify][baseline][json]") {
    const Matrix X = Matrix::Random(30, 3);
    Labels y(30);
    for (int i = 0; i < 30; ++i) y[static_cast<size_t>(i)] = (i * 7) % 3;
    for (BaselineStrategy s : {BaselineStrategy::MostFrequent, BaselineStrategy::Uniform}) {
        BaselineParams p;
        p.strategy = s;
        const BaselineModel m = fit(p, X, y, 3);
        const BaselineModel back = nlohmann::json::parse(nlohmann::json(m).dump()).get<BaselineModel>();
        CHECK(predict(back, X) == predict(m, X));
        CHECK(predict_proba(back, X) == predict_proba(m, X));
    }
    CHECK(nlohmann::json::parse(R"({"strategy":"prior"})").get<BaselineParams>().strategy == BaselineStrategy::MostFrequent);
}

TEST_CASE("Baselines reject bad input with clear messages", "[classify][baseline][errors]") {
    const Matrix X = Matrix::Zero(3, 2);
    CHECK_THROWS_WITH(fit(BaselineParams{}, X, Labels{0, 1, 5}, 3), Contains("label 5 at row 3 is outside 0..2"));
    CHECK_THROWS_WITH(fit(BaselineParams{}, X, Labels{0, 1}, 3), Contains("3 rows of X but 2 labels"));
    CHECK_THROWS_WITH(fit(BaselineParams{}, Matrix(0, 2), Labels{}, 3), Contains("X has no rows"));
    const BaselineModel m = fit(BaselineParams{}, X, Labels{0, 1, 1}, 2);
    CHECK_THROWS_WITH(predict(m, Matrix::Zero(2, 5)), Contains("X has 5 columns but the baseline was fitted on 2"));
    nlohmann::json j = m;
    j["class_prior"] = {0.9, 0.9};
    CHECK_THROWS_WITH(j.get<BaselineModel>(), Contains("must sum to 1"));
}
