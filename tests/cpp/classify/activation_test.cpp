#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "classify/activation.hpp"
#include "core/rng.hpp"
#include "support/test_support.hpp"

using namespace genrelab;
using namespace genrelab::classify;

namespace {
template <class S>
double ulps(S got, double exact) {
    const double ulp = std::nextafter(static_cast<S>(exact), std::numeric_limits<S>::infinity()) - static_cast<S>(exact);
    return std::abs(static_cast<double>(got) - exact) / std::abs(ulp);
}
}  // namespace

TEST_CASE("Deterministic exp and log are accurate to a few ulp", "[classify][activation]") {
    // Compared with long double std::exp/std::log (x87 extended precision natively), rounded.
    Rng rng(5);
    double worst_exp = 0, worst_expf = 0, worst_log = 0;
    for (int i = 0; i < 200000; ++i) {
        const double x = rng.uniform(-700, 700);
        worst_exp = std::max(worst_exp, ulps<double>(exp_det(x), static_cast<double>(std::exp(static_cast<long double>(x)))));
        const float xf = static_cast<float>(rng.uniform(-85, 85));
        worst_expf = std::max(worst_expf, ulps<float>(exp_det(xf), static_cast<double>(std::exp(static_cast<long double>(xf)))));
        const double y = std::exp(rng.uniform(-700, 700));
        worst_log = std::max(worst_log, ulps<double>(log_det(y), static_cast<double>(std::log(static_cast<long double>(y)))));
    }
    INFO("worst exp " << worst_exp << " ulp, expf " << worst_expf << " ulp, log " << worst_log << " ulp");
    CHECK(worst_exp <= 2.0);
    CHECK(worst_expf <= 3.0);
    CHECK(worst_log <= 2.0);
    CHECK(log_det(1.0) == 0.0);
    CHECK(log_det(0.0) == -std::numeric_limits<double>::infinity());
    CHECK(std::isnan(log_det(-1.0)));
    CHECK(std::abs(log_det(4.9e-324) - std::log(4.9e-324)) < 1e-12);  // subnormal
    // Clamped, never overflowing or flushing to exactly 0.
    CHECK(std::isfinite(exp_det(1000.0)));
    CHECK(exp_det(-1000.0) > 0.0);
    CHECK(std::isfinite(exp_det(100.0f)));
}

TEST_CASE("exp_inplace equals exp_det bit for bit", "[classify][activation]") {
    Rng rng(8);
    std::vector<float> f(1003);
    std::vector<double> d(1003);
    for (auto& v : f) v = static_cast<float>(rng.uniform(-100, 100));
    for (auto& v : d) v = rng.uniform(-800, 800);
    std::vector<float> f2 = f;
    std::vector<double> d2 = d;
    exp_inplace(f2.data(), static_cast<Index>(f2.size()));
    exp_inplace(d2.data(), static_cast<Index>(d2.size()));
    int mismatches = 0;
    for (size_t i = 0; i < f.size(); ++i) {
        const float ef = exp_det(f[i]);
        const double ed = exp_det(d[i]);
        mismatches += std::memcmp(&ef, &f2[i], sizeof ef) != 0;
        mismatches += std::memcmp(&ed, &d2[i], sizeof ed) != 0;
    }
    CHECK(mismatches == 0);
}

TEST_CASE("Activations and their derivatives", "[classify][activation]") {
    const std::vector<double> z = {-3.0, -0.5, 0.0, 0.25, 2.0};
    for (Activation a : {Activation::Relu, Activation::LeakyRelu, Activation::Sigmoid, Activation::Tanh}) {
        std::vector<double> f = z;
        activate<double>(a, 0.1, f.data(), static_cast<Index>(f.size()));
        for (size_t i = 0; i < z.size(); ++i) {
            double want = 0, slope = 0;
            switch (a) {
                case Activation::Relu: want = std::max(z[i], 0.0); slope = z[i] > 0 ? 1 : 0; break;
                case Activation::LeakyRelu: want = z[i] > 0 ? z[i] : 0.1 * z[i]; slope = z[i] > 0 ? 1 : 0.1; break;
                case Activation::Sigmoid: want = 1 / (1 + std::exp(-z[i])); slope = want * (1 - want); break;
                case Activation::Tanh: want = std::tanh(z[i]); slope = 1 - want * want; break;
            }
            INFO(activation_name(a) << " at " << z[i]);
            CHECK(std::abs(f[i] - want) < 1e-15);
            double delta = 2.0;
            activation_backward<double>(a, 0.1, &f[i], &delta, 1);
            CHECK(std::abs(delta - 2.0 * slope) < 1e-15);
        }
    }
}

TEST_CASE("Softmax rows sum to 1 and report log-sum-exp", "[classify][activation]") {
    std::vector<float> z = {1, 2, 3, -1000, 0, 1000, 5, 5, 5};
    std::vector<double> lse(3);
    softmax_rows<float>(z.data(), 3, 3, lse.data());
    for (int r = 0; r < 3; ++r) {
        double s = 0;
        for (int j = 0; j < 3; ++j) s += z[static_cast<size_t>(r * 3 + j)];
        CHECK(std::abs(s - 1.0) < 1e-6);
    }
    CHECK(std::abs(lse[0] - std::log(std::exp(1.0) + std::exp(2.0) + std::exp(3.0))) < 1e-6);
    CHECK(lse[1] == Approx(1000.0));
    CHECK(z[5] == Approx(1.0f));
    CHECK(std::abs(lse[2] - (5.0 + std::log(3.0))) < 1e-6);
}
