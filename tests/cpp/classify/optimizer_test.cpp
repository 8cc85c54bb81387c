#include <cmath>
#include <vector>

#include "classify/optimizer.hpp"
#include "support/test_support.hpp"

using namespace genrelab;
using namespace genrelab::classify;

// Each optimizer's update written out by hand from its paper's formulas (optimizer.hpp), for two steps
// with different gradients, in double.
TEST_CASE("Optimizer updates follow their formulas", "[classify][optimizer]") {
    const double g1 = 0.3, g2 = -0.7, lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-8, mu = 0.8;
    auto run = [&](Optimizer kind) {
        OptimizerSettings s;
        s.kind = kind;
        s.momentum = mu;
        OptimizerState<double> opt(s, 1);
        double theta = 1.0;
        double g = g1;
        opt.update(&theta, &g, lr);
        g = g2;
        opt.update(&theta, &g, lr);
        CHECK(opt.steps() == 2);
        return theta;
    };
    // SGD with momentum: u1 = −η g1, u2 = μ u1 − η g2.
    const double u1 = -lr * g1, u2 = mu * u1 - lr * g2;
    CHECK(std::abs(run(Optimizer::Sgd) - (1.0 + u1 + u2)) < 1e-15);
    // Adam (scikit-learn's form).
    double m = (1 - b1) * g1, v = (1 - b2) * g1 * g1;
    double theta = 1.0 - lr * std::sqrt(1 - b2) / (1 - b1) * m / (std::sqrt(v) + eps);
    m = b1 * m + (1 - b1) * g2;
    v = b2 * v + (1 - b2) * g2 * g2;
    theta -= lr * std::sqrt(1 - b2 * b2) / (1 - b1 * b1) * m / (std::sqrt(v) + eps);
    CHECK(std::abs(run(Optimizer::Adam) - theta) < 1e-14);
    // Nadam (Dozat 2016, no momentum schedule).
    m = (1 - b1) * g1;
    v = (1 - b2) * g1 * g1;
    double m_hat = b1 * m / (1 - b1 * b1) + (1 - b1) * g1 / (1 - b1);
    theta = 1.0 - lr * m_hat / (std::sqrt(v / (1 - b2)) + eps);
    m = b1 * m + (1 - b1) * g2;
    v = b2 * v + (1 - b2) * g2 * g2;
    m_hat = b1 * m / (1 - b1 * b1 * b1) + (1 - b1) * g2 / (1 - b1 * b1);
    theta -= lr * m_hat / (std::sqrt(v / (1 - b2 * b2)) + eps);
    CHECK(std::abs(run(Optimizer::Nadam) - theta) < 1e-14);
}

TEST_CASE("Optimizer reset forgets the moments", "[classify][optimizer]") {
    OptimizerState<float> opt(OptimizerSettings{}, 3);
    std::vector<float> theta = {1, 2, 3}, g = {0.1f, -0.2f, 0.3f};
    opt.update(theta.data(), g.data(), 0.1);
    const std::vector<float> after_one = theta;
    opt.reset();
    theta = {1, 2, 3};
    opt.update(theta.data(), g.data(), 0.1);
    CHECK(theta == after_one);
    CHECK(opt.steps() == 1);
}
