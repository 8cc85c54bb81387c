#include <algorithm>
#include <cmath>
#include <numeric>

#include "classify/mlp.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"
#include "support/test_support.hpp"

using namespace genrelab;
using namespace genrelab::classify;
using Catch::Matchers::Contains;

namespace {

// Gaussian-ish blobs (sum of uniforms: no libm) around K random centres.
void blobs(int n, int d, int K, double spread, uint64_t seed, Matrix& X, Labels& y) {
    Rng rng(seed);
    Matrix centres(K, d);
    for (int c = 0; c < K; ++c)
        for (int j = 0; j < d; ++j) centres(c, j) = rng.uniform(-3, 3);
    X.resize(n, d);
    y.resize(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {
        const int c = i % K;
        y[static_cast<size_t>(i)] = c;
        for (int j = 0; j < d; ++j) {
            double g = 0;
            for (int k = 0; k < 12; ++k) g += rng.uniform();
            X(i, j) = centres(c, j) + spread * (g - 6.0);
        }
    }
}

double accuracy(const Labels& a, const Labels& b) {
    REQUIRE(a.size() == b.size());
    double ok = 0;
    for (size_t i = 0; i < a.size(); ++i) ok += a[i] == b[i];
    return ok / static_cast<double>(a.size());
}

MlpModel model_from_reference(const nlohmann::json& weights, const nlohmann::json& biases, const MlpParams& p,
                              int n_inputs, int n_outputs, bool classification) {
    MlpModel m;
    m.params = p;
    m.params.task = classification ? MlpTask::Classification : MlpTask::Regression;
    m.n_inputs = n_inputs;
    m.n_outputs = n_outputs;
    m.n_classes = classification ? n_outputs : 0;
    for (size_t l = 0; l < weights.size(); ++l)
        m.layers.push_back({test::matrix_from_json(weights[l]), test::vector_from_json(biases[l])});
    return m;
}

Activation activation_from_sklearn(const std::string& name) {
    if (name == "relu") return Activation::Relu;
    if (name == "tanh") return Activation::Tanh;
    return Activation::Sigmoid;  // "logistic"
}

}  // namespace

TEST_CASE("MLP full-batch steps match scikit-learn from the same initial weights", "[classify][mlp][reference]") {
    // tests/data/reference/mlp_one_step.json comes from scripts/reference/mlp_one_step.py: scikit-learn
    // 1.2.1 MLPClassifier/MLPRegressor started (warm_start) from the given W0/b0 and run for `steps`
    // full-batch steps (batch_size = n, shuffle = False) of SGD without momentum or of Adam.
    const auto ref = test::reference("mlp_one_step");
    const std::vector<int> hidden = ref["hidden"].get<std::vector<int>>();
    auto run = [&](const nlohmann::json& c, const Matrix& X, const Labels* y, const Matrix* Y) {
        MlpParams p;
        p.hidden = hidden;
        p.activation = activation_from_sklearn(c["activation"]);
        p.optimizer = c["solver"] == "sgd" ? Optimizer::Sgd : Optimizer::Adam;
        p.momentum = 0;
        p.learning_rate = c["learning_rate"];
        p.weight_decay = c["alpha"];
        p.epochs = c["steps"];
        p.batch_size = static_cast<int>(X.rows());
        p.shuffle = false;
        p.float32 = false;
        const int n_out = y ? 3 : static_cast<int>(Y->cols());
        const MlpModel init = model_from_reference(c["W0"], c["b0"], p, static_cast<int>(X.cols()), n_out, y != nullptr);
        const MlpModel fitted = y ? fit(p, X, *y, 3, init) : fit_regressor(p, X, *Y, init);
        REQUIRE(fitted.layers.size() == c["W1"].size());
        for (size_t l = 0; l < fitted.layers.size(); ++l) {
            INFO(c["activation"].get<std::string>() << " " << c["solver"].get<std::string>() << " layer " << l);
            // The weights moved (so the comparison is not trivially W0 = W0)…
            CHECK(test::max_abs_diff(fitted.layers[l].weights, test::matrix_from_json(c["W0"][l])) > 1e-4);
            // …exactly as scikit-learn moved them.
            CHECK(test::max_abs_diff(fitted.layers[l].weights, test::matrix_from_json(c["W1"][l])) < 1e-10);
            CHECK(test::max_abs_diff(fitted.layers[l].biases, test::vector_from_json(c["b1"][l])) < 1e-10);
        }
    };
    const Matrix X = test::matrix_from_json(ref["X"]);
    const Labels y = test::labels_from_json(ref["y"]);
    for (const auto& c : ref["cases"]) run(c, X, &y, nullptr);
    const Matrix Xr = test::matrix_from_json(ref["Xr"]);
    const Matrix Yr = test::matrix_from_json(ref["Yr"]);
    for (const auto& c : ref["regression"]) run(c, Xr, nullptr, &Yr);
}

TEST_CASE("MLP test accuracy is close to scikit-learn's", "[classify][mlp][reference]") {
    // tests/data/reference/mlp_accuracy.json comes from scripts/reference/mlp_accuracy.py: scikit-learn
    // MLPClassifier (32-32 ReLU, Adam 1e-3, alpha 1e-4, batch 64, 80 epochs) test accuracy over 3 seeds.
    const auto ref = test::reference("mlp_accuracy");
    const Matrix X = test::matrix_from_json(ref["X"]);
    const Labels y = test::labels_from_json(ref["y"]);
    const int n_train = ref["n_train"];
    const Matrix Xtr = X.topRows(n_train), Xte = X.bottomRows(X.rows() - n_train);
    const Labels ytr(y.begin(), y.begin() + n_train), yte(y.begin() + n_train, y.end());
    double acc32 = 0, acc64 = 0;
    for (uint64_t seed = 0; seed < 3; ++seed) {
        MlpParams p;
        p.hidden = {32, 32};
        p.learning_rate = 1e-3;
        p.weight_decay = 1e-4;
        p.batch_size = 64;
        p.epochs = 80;
        p.seed = seed;
        acc32 += accuracy(predict(fit(p, Xtr, ytr, 4), Xte), yte) / 3;
        p.float32 = false;
        acc64 += accuracy(predict(fit(p, Xtr, ytr, 4), Xte), yte) / 3;
    }
    const double sk = ref["mean_test_accuracy"];
    INFO("scikit-learn " << sk << ", ours float32 " << acc32 << ", float64 " << acc64);
    CHECK(acc32 > sk - 0.03);
    CHECK(acc64 > sk - 0.03);
    // Float32 is the default because it is faster; it must not cost accuracy.
    CHECK(std::abs(acc32 - acc64) < 0.015);
}

TEST_CASE("MLP analytic gradient matches the numeric gradient", "[classify][mlp][gradient]") {
    Matrix X;
    Labels y;
    blobs(24, 5, 3, 1.0, 11, X, y);
    for (Activation act : {Activation::Relu, Activation::LeakyRelu, Activation::Sigmoid, Activation::Tanh}) {
        for (int variant = 0; variant < 2; ++variant) {
            // variant 0: plain; variant 1: weight decay and class weights
            MlpParams p;
            p.hidden = {6, 4};
            p.activation = act;
            p.leaky_slope = 0.1;
            p.float32 = false;
            p.epochs = 1;
            p.weight_decay = variant ? 0.3 : 0.0;
            if (variant) p.class_weight = {0.5, 2.0, 1.25};
            MlpFitter f(p, X, y, 3);
            const MlpModel m = f.result();  // Glorot initial weights
            const MlpGradient g = mlp_loss_and_gradient(m, X, y);
            double worst = 0, largest = 0;
            const double h = 1e-6;
            for (size_t l = 0; l < m.layers.size(); ++l) {
                for (int which = 0; which < 2; ++which) {
                    const Index count = which == 0 ? m.layers[l].weights.size() : m.layers[l].biases.size();
                    for (Index k = 0; k < count; ++k) {
                        MlpModel plus = m, minus = m;
                        double& vp = which == 0 ? plus.layers[l].weights.data()[k] : plus.layers[l].biases.data()[k];
                        double& vm = which == 0 ? minus.layers[l].weights.data()[k] : minus.layers[l].biases.data()[k];
                        vp += h;
                        vm -= h;
                        const double numeric =
                            (mlp_loss_and_gradient(plus, X, y).loss - mlp_loss_and_gradient(minus, X, y).loss) / (2 * h);
                        const double analytic =
                            which == 0 ? g.weights[l].data()[k] : g.biases[l].data()[k];
                        worst = std::max(worst, std::abs(numeric - analytic));
                        largest = std::max(largest, std::abs(analytic));
                    }
                }
            }
            INFO(activation_name(act) << " variant " << variant << ": max |numeric − analytic| = " << worst
                                      << ", max |gradient| = " << largest);
            CHECK(largest > 1e-3);
            CHECK(worst < 1e-7);
        }
    }
}

TEST_CASE("MLP regression gradient matches the numeric gradient", "[classify][mlp][gradient]") {
    Matrix X;
    Labels unused;
    blobs(20, 4, 2, 1.0, 5, X, unused);
    Matrix Y(20, 2);
    for (Index i = 0; i < 20; ++i) {
        Y(i, 0) = X(i, 0) * X(i, 1) - X(i, 2);
        Y(i, 1) = 0.5 * X(i, 3);
    }
    MlpParams p;
    p.hidden = {5};
    p.activation = Activation::Tanh;
    p.weight_decay = 0.2;
    p.float32 = false;
    p.epochs = 1;
    const MlpModel m = MlpFitter(p, X, Y).result();
    const MlpGradient g = mlp_regression_loss_and_gradient(m, X, Y);
    double worst = 0;
    const double h = 1e-6;
    for (size_t l = 0; l < m.layers.size(); ++l)
        for (Index k = 0; k < m.layers[l].weights.size(); ++k) {
            MlpModel plus = m, minus = m;
            plus.layers[l].weights.data()[k] += h;
            minus.layers[l].weights.data()[k] -= h;
            const double numeric = (mlp_regression_loss_and_gradient(plus, X, Y).loss -
                                    mlp_regression_loss_and_gradient(minus, X, Y).loss) / (2 * h);
            worst = std::max(worst, std::abs(numeric - g.weights[l].data()[k]));
        }
    CHECK(worst < 1e-7);
}

TEST_CASE("MLP training loss falls on a separable problem", "[classify][mlp][property]") {
    Matrix X;
    Labels y;
    blobs(300, 4, 3, 0.3, 2, X, y);
    for (Optimizer opt : {Optimizer::Sgd, Optimizer::Adam, Optimizer::Nadam}) {
        MlpParams p;
        p.hidden = {16};
        p.optimizer = opt;
        p.learning_rate = opt == Optimizer::Sgd ? 0.05 : 0.01;
        p.batch_size = 300;  // full batch: the loss must fall at every step for a small enough rate
        p.epochs = 40;
        p.float32 = false;
        const MlpModel m = fit(p, X, y, 3);
        const auto& loss = m.history.train_loss;
        REQUIRE(loss.size() == 40);
        for (size_t e = 1; e < loss.size(); ++e) CHECK(loss[e] < loss[e - 1]);
        CHECK(loss.back() < 0.5 * loss.front());
        CHECK(accuracy(predict(m, X), y) == 1.0);
    }
}

TEST_CASE("MLP probabilities sum to 1 and predict is their argmax", "[classify][mlp][property]") {
    Matrix X;
    Labels y;
    blobs(200, 6, 4, 1.5, 3, X, y);
    MlpParams p;
    p.hidden = {12, 12, 12};
    p.activation = Activation::Tanh;
    p.epochs = 5;
    const MlpModel m = fit(p, X, y, 4);
    const Matrix P = predict_proba(m, X);
    const Labels pred = predict(m, X);
    REQUIRE(P.rows() == 200);
    REQUIRE(P.cols() == 4);
    for (Index i = 0; i < P.rows(); ++i) {
        CHECK(std::abs(P.row(i).sum() - 1.0) < 1e-6);  // float32 model
        CHECK(P.row(i).minCoeff() >= 0.0);
        Index best;
        P.row(i).maxCoeff(&best);
        CHECK(pred[static_cast<size_t>(i)] == best);
    }
    // Row i's output does not depend on the other rows (chunking, batch composition).
    const Matrix P7 = predict_proba(m, X.middleRows(7, 1));
    CHECK(P7.row(0) == P.row(7));
}

TEST_CASE("MLP early stopping restores the best weights", "[classify][mlp][property]") {
    // Noisy labels and a wide network: the validation loss bottoms out and then rises.
    Matrix X;
    Labels y;
    blobs(399, 5, 3, 2.5, 9, X, y);
    MlpParams p;
    p.hidden = {64, 64};
    p.learning_rate = 0.01;
    p.batch_size = 32;
    p.epochs = 200;
    p.weight_decay = 0;
    p.validation_fraction = 0.25;
    p.early_stopping_patience = 4;
    MlpFitter f(p, X, y, 3);
    f.run();
    const MlpModel m = f.result();
    const MlpHistory& h = m.history;
    REQUIRE(h.stopped_early);
    REQUIRE(h.best_epoch >= 0);
    CHECK(static_cast<int>(h.val_loss.size()) == h.best_epoch + p.early_stopping_patience + 1);
    CHECK(h.best_loss == *std::min_element(h.val_loss.begin(), h.val_loss.end()));
    CHECK(h.best_loss == h.val_loss[static_cast<size_t>(h.best_epoch)]);
    // Recompute the validation loss of the returned weights: it is the best epoch's, not the last one's.
    const auto& rows = f.validation_rows();
    REQUIRE(rows.size() == 99);  // round(0.25·133) = 33 rows of each class
    Matrix Xv(static_cast<Index>(rows.size()), X.cols());
    Labels yv;
    for (size_t r = 0; r < rows.size(); ++r) {
        Xv.row(static_cast<Index>(r)) = X.row(rows[r]);
        yv.push_back(y[static_cast<size_t>(rows[r])]);
    }
    const Matrix P = predict_proba(m, Xv);
    double loss = 0;
    for (Index i = 0; i < P.rows(); ++i) loss -= std::log(P(i, yv[static_cast<size_t>(i)]));
    loss /= static_cast<double>(P.rows());
    CHECK(std::abs(loss - h.best_loss) < 1e-5 * h.best_loss);  // float32 probabilities, std::log
    CHECK(std::abs(loss - h.val_loss.back()) > 1e-3);
    // Stratified: every class keeps a third of the validation rows.
    for (int c = 0; c < 3; ++c) CHECK(std::count(yv.begin(), yv.end(), c) == 33);
}

TEST_CASE("MLP fitter reports live history step by step", "[classify][mlp][stepper]") {
    Matrix X;
    Labels y;
    blobs(500, 4, 3, 1.0, 4, X, y);
    MlpParams p;
    p.hidden = {8};
    p.epochs = 6;
    p.batch_size = 50;
    p.validation_fraction = 0.2;
    MlpFitter f(p, X, y, 3);
    double last_fraction = 0;
    int steps = 0;
    while (!f.step()) {
        ++steps;
        CHECK(f.fraction() >= last_fraction);
        last_fraction = f.fraction();
        CHECK(f.history().train_loss.size() == static_cast<size_t>(f.epochs_done()));
        CHECK(f.history().val_accuracy.size() == static_cast<size_t>(f.epochs_done()));
        CHECK_THAT(f.stage(), Contains("epoch"));
    }
    CHECK(steps == 5);  // a small network trains one whole epoch per step
    CHECK(f.fraction() == 1.0);
    CHECK(f.history().learning_rate == std::vector<double>(6, 1e-3));
    // Mid-training results are usable models.
    CHECK(predict(f.result(), X).size() == 500);
}

TEST_CASE("MLP learning-rate schedules", "[classify][mlp][schedule]") {
    Matrix X;
    Labels y;
    blobs(120, 3, 2, 1.0, 6, X, y);
    MlpParams p;
    p.hidden = {4};
    p.epochs = 7;
    p.learning_rate = 0.1;
    p.schedule = MlpSchedule::StepDecay;
    p.step_every = 3;
    p.step_factor = 0.5;
    const auto lr = fit(p, X, y, 2).history.learning_rate;
    CHECK(lr == std::vector<double>{0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025});

    // ReduceOnPlateau: a learning rate of 0 (almost: the smallest allowed) never improves the loss
    // after epoch 0, so the rate is cut every plateau_patience epochs.
    p.schedule = MlpSchedule::ReduceOnPlateau;
    p.learning_rate = 1e-300;
    p.plateau_patience = 2;
    p.epochs = 6;
    p.shuffle = false;
    p.batch_size = 120;
    p.float32 = false;
    const auto lr2 = fit(p, X, y, 2).history.learning_rate;
    CHECK(lr2 == std::vector<double>{1e-300, 1e-300, 1e-300, 5e-301, 5e-301, 2.5e-301});
}

TEST_CASE("MLP is deterministic per seed", "[classify][mlp][determinism]") {
    Matrix X;
    Labels y;
    blobs(300, 5, 3, 1.2, 8, X, y);
    MlpParams p;
    p.hidden = {16, 8};
    p.epochs = 3;
    p.batch_size = 32;
    p.dropout = 0.2;
    p.validation_fraction = 0.1;
    const MlpModel a = fit(p, X, y, 3), b = fit(p, X, y, 3);
    for (size_t l = 0; l < a.layers.size(); ++l) CHECK(a.layers[l].weights == b.layers[l].weights);
    CHECK(a.history.val_loss == b.history.val_loss);
    p.seed = 43;
    const MlpModel c = fit(p, X, y, 3);
    CHECK(test::max_abs_diff(a.layers[0].weights, c.layers[0].weights) > 1e-3);
}

TEST_CASE("MLP with dropout still learns and predicts deterministically", "[classify][mlp][dropout]") {
    Matrix X;
    Labels y;
    blobs(600, 4, 3, 0.5, 12, X, y);
    MlpParams p;
    p.hidden = {32, 32};
    p.dropout = 0.5;
    p.epochs = 30;
    p.learning_rate = 0.01;
    p.batch_size = 32;
    const MlpModel m = fit(p, X, y, 3);
    CHECK(accuracy(predict(m, X), y) > 0.95);
    CHECK(predict_proba(m, X) == predict_proba(m, X));  // no dropout at prediction
    p.dropout = 0;
    const MlpModel m0 = fit(p, X, y, 3);
    // Dropout makes the running training loss noisier and higher than without it.
    CHECK(m.history.train_loss.back() > m0.history.train_loss.back());
}

TEST_CASE("MLP regressor fits a smooth function", "[classify][mlp][regression]") {
    Rng rng(21);
    const Index n = 400;
    Matrix X(n, 2), Y(n, 2);
    for (Index i = 0; i < n; ++i) {
        X(i, 0) = rng.uniform(-1, 1);
        X(i, 1) = rng.uniform(-1, 1);
        Y(i, 0) = X(i, 0) * X(i, 0) - X(i, 1);
        Y(i, 1) = X(i, 0) * X(i, 1);
    }
    MlpParams p;
    p.hidden = {32, 32};
    p.activation = Activation::Tanh;
    p.learning_rate = 0.01;
    p.batch_size = 32;
    p.epochs = 60;
    p.weight_decay = 0;
    p.validation_fraction = 0.2;
    const MlpModel m = fit_regressor(p, X, Y);
    CHECK(m.n_classes == 0);
    CHECK(m.n_outputs == 2);
    CHECK(m.history.train_accuracy.empty());
    const Matrix V = predict_values(m, X);
    REQUIRE(V.rows() == n);
    REQUIRE(V.cols() == 2);
    const double mse = (V - Y).squaredNorm() / static_cast<double>(V.size());
    const double var = (Y.rowwise() - Y.colwise().mean()).squaredNorm() / static_cast<double>(Y.size());
    INFO("mse " << mse << " target variance " << var);
    CHECK(mse < 0.02 * var);
    CHECK(m.history.val_loss.back() < 0.02 * var);
    CHECK_THROWS_WITH(predict_proba(m, X), Contains("regressor"));
}

TEST_CASE("MLP save and load give identical predictions", "[classify][mlp][json]") {
    Matrix X;
    Labels y;
    blobs(200, 5, 3, 1.0, 13, X, y);
    for (bool f32 : {true, false}) {
        MlpParams p;
        p.hidden = {10, 7};
        p.activation = Activation::LeakyRelu;
        p.epochs = 4;
        p.float32 = f32;
        p.class_weight = {1, 2, 1};
        const MlpModel m = fit(p, X, y, 3);
        const std::string text = nlohmann::json(m).dump();
        const MlpModel back = nlohmann::json::parse(text).get<MlpModel>();
        CHECK(predict_proba(back, X) == predict_proba(m, X));
        CHECK(back.params.hidden == p.hidden);
        CHECK(back.params.activation == Activation::LeakyRelu);
        CHECK(back.history.train_loss == m.history.train_loss);
    }
    // Settings with unknown or missing keys fall back to the defaults.
    const MlpParams q = nlohmann::json::parse(R"({"hidden":[256,512,512],"activation":"tanh","bogus":1})").get<MlpParams>();
    CHECK(q.hidden == std::vector<int>{256, 512, 512});
    CHECK(q.activation == Activation::Tanh);
    CHECK(q.batch_size == 256);
    CHECK(nlohmann::json(Optimizer::Nadam) == "nadam");
}

TEST_CASE("MLP rejects bad input with clear messages", "[classify][mlp][errors]") {
    Matrix X;
    Labels y;
    blobs(30, 3, 3, 1.0, 1, X, y);
    MlpParams p;
    p.epochs = 1;

    MlpParams zero = p;
    zero.hidden = {64, 0};
    CHECK_THROWS_MATCHES(fit(zero, X, y, 3), Error, Catch::Matchers::Message(
        "MLP hidden layer 2 has width 0; every hidden layer needs at least 1 unit (hidden = [64, 0])"));

    Matrix Xnan = X;
    Xnan(4, 1) = std::nan("");
    CHECK_THROWS_WITH(fit(p, Xnan, y, 3), Contains("missing (NaN) value at row 5, column 2"));
    Matrix Xinf = X;
    Xinf(0, 0) = INFINITY;
    CHECK_THROWS_WITH(fit(p, Xinf, y, 3), Contains("infinite value at row 1, column 1"));

    Labels bad = y;
    bad[7] = 3;
    CHECK_THROWS_WITH(fit(p, X, bad, 3), Contains("label 3 at row 8 is outside 0..2"));
    bad[7] = -1;
    CHECK_THROWS_WITH(fit(p, X, bad, 3), Contains("label -1 at row 8"));

    CHECK_THROWS_WITH(fit(p, Matrix(0, 3), Labels{}, 3), Contains("X has no rows"));
    CHECK_THROWS_WITH(fit(p, X, Labels(5, 0), 3), Contains("30 rows of X but 5 labels"));
    CHECK_THROWS_WITH(fit(p, X, y, 1), Contains("at least 2 classes"));

    MlpParams drop = p;
    drop.dropout = 1.0;
    CHECK_THROWS_WITH(fit(drop, X, y, 3), Contains("'dropout' must be in [0, 1) (got 1)"));
    MlpParams lr = p;
    lr.learning_rate = 0;
    CHECK_THROWS_WITH(fit(lr, X, y, 3), Contains("'learning_rate'"));
    MlpParams cw = p;
    cw.class_weight = {1, 2};
    CHECK_THROWS_WITH(fit(cw, X, y, 3), Contains("'class_weight' has 2 weights but there are 3 classes"));
    MlpParams val = p;
    val.validation_fraction = 0.01;
    CHECK_THROWS_WITH(fit(val, X, y, 3), Contains("leaves no validation rows"));

    const MlpModel m = fit(p, X, y, 3);
    CHECK_THROWS_WITH(predict(m, Matrix::Zero(2, 4)), Contains("X has 4 columns but the MLP was fitted on 3"));
    CHECK_THROWS_WITH(predict_values(m, X), Contains("classifier"));

    // Model files from strangers: shapes are checked before use.
    nlohmann::json j = m;
    j["layers"][1]["biases"] = {1.0, 2.0};
    CHECK_THROWS_WITH(j.get<MlpModel>(), Contains("layer 2 has 2 biases but should have 64"));
    j = m;
    j["params"]["hidden"] = {64, 64, 64};
    CHECK_THROWS_WITH(j.get<MlpModel>(), Contains("expected 4 layers"));
    j = m;
    j.erase("layers");
    CHECK_THROWS_AS(j.get<MlpModel>(), Error);

    // Warm start from a model of another shape.
    MlpParams other = p;
    other.hidden = {8};
    CHECK_THROWS_WITH(fit(other, X, y, 3, m), Contains("hidden layers [64, 64] but the settings ask for [8]"));
}

TEST_CASE("MLP diverging training stops with an error", "[classify][mlp][errors]") {
    Matrix X;
    Labels y;
    blobs(60, 3, 2, 1.0, 2, X, y);
    X *= 1e30;
    MlpParams p;
    p.optimizer = Optimizer::Sgd;
    p.learning_rate = 1e5;
    p.epochs = 5;
    p.float32 = false;
    CHECK_THROWS_WITH(fit(p, X, y, 2), Contains("diverged"));
}

TEST_CASE("MLP balanced class weights are n over K times the class count", "[classify][mlp][class_weight]") {
    // Imbalanced labels: 3 classes with 30, 12 and 6 rows.
    Matrix X;
    Labels y;
    blobs(48, 4, 3, 1.2, 21, X, y);
    for (size_t i = 0; i < y.size(); ++i) y[i] = i < 30 ? 0 : (i < 42 ? 1 : 2);
    MlpParams p;
    p.hidden = {5};
    p.float32 = false;
    p.epochs = 3;
    p.batch_size = 16;
    p.class_weight_balanced = true;
    p.class_weight = {9, 9, 9};   // ignored: balanced overrides the list, as the tree/forest/SVM flags do
    MlpParams q = p;
    q.class_weight_balanced = false;
    q.class_weight = {48.0 / (3 * 30), 48.0 / (3 * 12), 48.0 / (3 * 6)};   // scikit-learn's n / (K·n_c), by hand
    const MlpModel a = fit(p, X, y, 3), b = fit(q, X, y, 3);
    CHECK(predict_proba(a, X) == predict_proba(b, X));
    CHECK(a.history.train_loss == b.history.train_loss);
    // The weighted objective really is weighted: the same weights with all-1 class weights give another loss.
    MlpModel plain = a;
    plain.params.class_weight_balanced = false;
    plain.params.class_weight.clear();
    CHECK(mlp_loss_and_gradient(a, X, y).loss != Approx(mlp_loss_and_gradient(plain, X, y).loss).epsilon(1e-6));

    // Numeric-vs-analytic gradient of the balanced-weighted loss (with weight decay).
    MlpModel m = a;
    m.params.weight_decay = 0.2;
    const MlpGradient g = mlp_loss_and_gradient(m, X, y);
    double worst = 0, largest = 0;
    const double h = 1e-6;
    for (size_t l = 0; l < m.layers.size(); ++l)
        for (Index k = 0; k < m.layers[l].weights.size(); ++k) {
            MlpModel plus = m, minus = m;
            plus.layers[l].weights.data()[k] += h;
            minus.layers[l].weights.data()[k] -= h;
            const double numeric = (mlp_loss_and_gradient(plus, X, y).loss - mlp_loss_and_gradient(minus, X, y).loss) / (2 * h);
            worst = std::max(worst, std::abs(numeric - g.weights[l].data()[k]));
            largest = std::max(largest, std::abs(g.weights[l].data()[k]));
        }
    INFO("max |numeric − analytic| = " << worst << ", max |gradient| = " << largest);
    CHECK(largest > 1e-3);
    CHECK(worst < 1e-7);

    // Balanced weights raise the rare class's recall on the training rows against unweighted training.
    MlpParams u = p;
    u.class_weight_balanced = false;
    u.class_weight.clear();
    u.epochs = 60;
    MlpParams w = u;
    w.class_weight_balanced = true;
    auto recall2 = [&](const MlpModel& model) {
        const Labels pred = predict(model, X);
        int hit = 0;
        for (size_t i = 42; i < 48; ++i) hit += pred[i] == 2;
        return hit;
    };
    CHECK(recall2(fit(w, X, y, 3)) >= recall2(fit(u, X, y, 3)));

    // JSON keeps the flag; a class with no row cannot be balanced.
    const MlpModel back = nlohmann::json::parse(nlohmann::json(a).dump()).get<MlpModel>();
    CHECK(back.params.class_weight_balanced);
    CHECK(predict_proba(back, X) == predict_proba(a, X));
    CHECK_THROWS_WITH(fit(p, X, y, 4), Contains("class 3 has no rows, so its balanced weight would be infinite"));
}
