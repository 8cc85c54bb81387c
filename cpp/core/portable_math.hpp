// exp and log that give the same bits on every platform.
//
// Why: glibc (native) and musl (emscripten's libc, wasm) implement std::exp / std::log differently;
// measured here on 10⁶ random arguments, a few results differ in the last bit, which was enough to change
// GMM covariances and responsibilities between the native and the wasm build. These are fdlibm's algorithms
// (Sun Microsystems 1993, as in e_exp.c / e_log.c): argument reduction and a fixed polynomial using only
// +, −, ×, ÷ (correctly rounded by IEEE 754 everywhere) and the exact std::frexp / std::ldexp, so the result
// depends on nothing but the argument. Error < 1 ulp, like the libraries'. Requires no FMA contraction and no
// -ffast-math (see cluster/kernels.hpp).
//
// Header-only so that any stage (metrics, classify, core later) can use it without a link dependency.
// core/rng.cpp (Rng::normal), cluster/ and metrics/ use it.
#pragma once
#include <cmath>
#include <limits>

namespace genrelab::portable {

inline double exp(double x) {
    constexpr double o_threshold = 7.09782712893383973096e+02;
    constexpr double u_threshold = -7.45133219101941108420e+02;
    constexpr double ln2HI = 6.93147180369123816490e-01, ln2LO = 1.90821492927058770002e-10;
    constexpr double invln2 = 1.44269504088896338700e+00;
    constexpr double P1 = 1.66666666666666019037e-01, P2 = -2.77777777770155933842e-03,
                     P3 = 6.61375632143793436117e-05, P4 = -1.65339022054652515390e-06,
                     P5 = 4.13813679705723846039e-08;
    if (std::isnan(x)) return x;
    if (x > o_threshold) return std::numeric_limits<double>::infinity();
    if (x < u_threshold) return 0.0;
    const double ax = std::fabs(x);
    double hi = 0, lo = 0;
    int k = 0;
    if (ax > 0.5 * 6.93147180559945286227e-01) {   // |x| > ln2 / 2: reduce
        if (ax < 1.5 * 6.93147180559945286227e-01)
            k = x > 0 ? 1 : -1;
        else
            k = static_cast<int>(invln2 * x + (x > 0 ? 0.5 : -0.5));
        hi = x - k * ln2HI;   // exact: ln2HI has trailing zero bits
        lo = k * ln2LO;
        x = hi - lo;
    } else if (ax < 3.725290298461914e-09) {   // |x| < 2⁻²⁸
        return 1.0 + x;
    }
    const double t = x * x;
    const double c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
    if (k == 0) return 1.0 - ((x * c) / (c - 2.0) - x);
    const double y = 1.0 - ((lo - (x * c) / (2.0 - c)) - hi);
    return std::ldexp(y, k);
}

inline double log(double x) {
    constexpr double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10;
    constexpr double Lg1 = 6.666666666666735130e-01, Lg2 = 3.999999999940941908e-01,
                     Lg3 = 2.857142874366239149e-01, Lg4 = 2.222219843214978396e-01,
                     Lg5 = 1.818357216161805012e-01, Lg6 = 1.531383769920937332e-01,
                     Lg7 = 1.479819860511658591e-01;
    if (std::isnan(x) || x < 0) return std::numeric_limits<double>::quiet_NaN();
    if (x == 0) return -std::numeric_limits<double>::infinity();
    if (std::isinf(x)) return x;
    int k = 0;
    double m = std::frexp(x, &k);   // x = m·2^k, m in [0.5, 1), exact (also for subnormals)
    if (m < 0.70710678118654752440) {   // bring m into [√½, √2)
        m *= 2.0;
        --k;
    }
    const double f = m - 1.0;   // exact (Sterbenz)
    const double dk = static_cast<double>(k);
    const double s = f / (2.0 + f);
    const double z = s * s, w = z * z;
    const double t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
    const double t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
    const double R = t2 + t1;
    const double hfsq = 0.5 * f * f;
    return dk * ln2_hi - ((hfsq - (s * (hfsq + R) + dk * ln2_lo)) - f);
}

}  // namespace genrelab::portable
