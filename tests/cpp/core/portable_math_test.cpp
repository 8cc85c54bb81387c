#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include "core/portable_math.hpp"
#include "core/rng.hpp"
#include "support/test_support.hpp"

using namespace genrelab;

namespace {
// Distance in units in the last place between two finite doubles of the same sign.
int64_t ulps(double a, double b) {
    int64_t ia, ib;
    std::memcpy(&ia, &a, 8);
    std::memcpy(&ib, &b, 8);
    return ia > ib ? ia - ib : ib - ia;
}
}  // namespace

TEST_CASE("portable exp is within one ulp of the C library", "[cluster][portable_math]") {
    // The platform's std::exp (glibc here, correctly rounded in practice) is the reference.
    Rng rng(1);
    int64_t worst = 0;
    for (int i = 0; i < 200000; ++i) {
        const double x = i % 2 ? rng.uniform(-745, 709.7) : rng.uniform(-2, 2);
        worst = std::max(worst, ulps(portable::exp(x), std::exp(x)));
    }
    CHECK(worst <= 1);
    CHECK(portable::exp(0.0) == 1.0);
    CHECK(portable::exp(1.0) == Approx(2.718281828459045).epsilon(1e-16));
    CHECK(portable::exp(-1000.0) == 0.0);
    CHECK(std::isinf(portable::exp(1000.0)));
    CHECK(std::isnan(portable::exp(std::nan(""))));
    CHECK(portable::exp(-std::numeric_limits<double>::infinity()) == 0.0);
}

TEST_CASE("portable log is within one ulp of the C library", "[cluster][portable_math]") {
    Rng rng(2);
    int64_t worst = 0;
    for (int i = 0; i < 200000; ++i) {
        const double x = i % 3 == 0 ? rng.uniform(0.5, 2.0) : std::ldexp(rng.uniform(0.5, 1.0), static_cast<int>(rng.below(2000)) - 1000);
        const double a = portable::log(x), b = std::log(x);
        if (b == 0) {
            CHECK(a == 0);
            continue;
        }
        worst = std::max(worst, ulps(a, b));
    }
    CHECK(worst <= 1);
    CHECK(portable::log(1.0) == 0.0);
    CHECK(portable::log(std::exp(1.0)) == Approx(1.0).epsilon(1e-16));
    CHECK(portable::log(4.9406564584124654e-324) == Approx(-744.4400719213812).epsilon(1e-15));   // subnormal
    CHECK(std::isinf(portable::log(0.0)));
    CHECK(portable::log(0.0) < 0);
    CHECK(std::isnan(portable::log(-1.0)));
    CHECK(std::isinf(portable::log(std::numeric_limits<double>::infinity())));
}
