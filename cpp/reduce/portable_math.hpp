// exp and log written with IEEE +, −, ×, ÷ only (Sun's fdlibm algorithms, e_exp.c and e_log.c, < 1 ulp),
// so that t-SNE's perplexity search and KL divergence give bit-identical results natively and in wasm.
// std::exp/std::log may differ in the last bit between glibc (which picks FMA variants at run time on
// CPUs that have them) and emscripten's musl; one differing bit in P sends t-SNE's 1000 iterations
// elsewhere. Only as fast as a plain libm call; use std:: where reproducibility across platforms is moot.
#pragma once
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace genrelab::reduce::portable {

namespace detail {
inline uint64_t bits(double x) {
    uint64_t u;
    std::memcpy(&u, &x, sizeof u);
    return u;
}
inline double from_bits(uint64_t u) {
    double x;
    std::memcpy(&x, &u, sizeof x);
    return x;
}
// 2^k exactly, for −1022 ≤ k ≤ 1023.
inline double pow2(int k) { return from_bits(static_cast<uint64_t>(k + 1023) << 52); }
// y·2^k with IEEE multiplications only (one rounding in the subnormal range, identical everywhere).
inline double scale(double y, int k) {
    if (k > 1023) return y * pow2(1023) * pow2(k - 1023);
    if (k >= -1022) return y * pow2(k);
    return y * pow2(k + 54) * pow2(-54);
}
constexpr double kLn2Hi = 6.93147180369123816490e-01;
constexpr double kLn2Lo = 1.90821492927058770002e-10;
}  // namespace detail

inline double exp(double x) {
    using namespace detail;
    constexpr double inv_ln2 = 1.44269504088896338700e+00;
    constexpr double P1 = 1.66666666666666019037e-01, P2 = -2.77777777770155933842e-03,
                     P3 = 6.61375632143793436117e-05, P4 = -1.65339022054652515390e-06,
                     P5 = 4.13813679705723846039e-08;
    if (x != x) return x;
    if (x > 7.09782712893383973096e+02) return std::numeric_limits<double>::infinity();
    if (x < -7.45133219101941108420e+02) return 0.0;
    const double ax = x < 0 ? -x : x;
    double hi = x, lo = 0.0;
    int k = 0;
    if (ax > 0.5 * kLn2Hi) {
        if (ax < 1.5 * kLn2Hi) k = x > 0 ? 1 : -1;
        else k = static_cast<int>(inv_ln2 * x + (x < 0 ? -0.5 : 0.5));
        hi = x - k * kLn2Hi;  // exact: kLn2Hi has trailing zero bits
        lo = k * kLn2Lo;
        x = hi - lo;
    } else if (ax < 3.7252902984e-09) {  // 2^−28
        return 1.0 + x;
    }
    const double t = x * x;
    const double c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
    if (k == 0) return 1.0 - ((x * c) / (c - 2.0) - x);
    const double y = 1.0 - ((lo - (x * c) / (2.0 - c)) - hi);
    return scale(y, k);
}

inline double log(double x) {
    using namespace detail;
    constexpr double Lg1 = 6.666666666666735130e-01, Lg2 = 3.999999999940941908e-01,
                     Lg3 = 2.857142874366239149e-01, Lg4 = 2.222219843214978396e-01,
                     Lg5 = 1.818357216161805012e-01, Lg6 = 1.531383769920937332e-01,
                     Lg7 = 1.479819860511658591e-01;
    if (x != x) return x;
    if (x < 0) return std::numeric_limits<double>::quiet_NaN();
    if (x == 0) return -std::numeric_limits<double>::infinity();
    if (x == std::numeric_limits<double>::infinity()) return x;
    int k = 0;
    uint64_t u = bits(x);
    if ((u >> 52) == 0) {  // subnormal: scale into the normal range
        k -= 54;
        x *= 1.80143985094819840000e+16;  // 2^54
        u = bits(x);
    }
    int32_t hx = static_cast<int32_t>(u >> 32);
    const uint32_t lx = static_cast<uint32_t>(u);
    k += (hx >> 20) - 1023;
    hx &= 0x000fffff;
    const int32_t i0 = (hx + 0x95f64) & 0x100000;
    // Normalise the mantissa into [√2/2, √2).
    x = from_bits((static_cast<uint64_t>(static_cast<uint32_t>(hx | (i0 ^ 0x3ff00000))) << 32) | lx);
    k += (i0 >> 20);
    const double f = x - 1.0;
    const double dk = static_cast<double>(k);
    if ((0x000fffff & (2 + hx)) < 3) {  // |f| < 2^−20
        if (f == 0.0) return k == 0 ? 0.0 : dk * kLn2Hi + dk * kLn2Lo;
        const double R = f * f * (0.5 - 0.33333333333333333 * f);
        return k == 0 ? f - R : dk * kLn2Hi - ((R - dk * kLn2Lo) - f);
    }
    const double s = f / (2.0 + f);
    const double z = s * s;
    int32_t i = hx - 0x6147a;
    const double w = z * z;
    const int32_t j = 0x6b851 - hx;
    const double t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
    const double t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
    i |= j;
    const double R = t2 + t1;
    if (i > 0) {
        const double hfsq = 0.5 * f * f;
        return k == 0 ? f - (hfsq - s * (hfsq + R)) : dk * kLn2Hi - ((hfsq - (s * (hfsq + R) + dk * kLn2Lo)) - f);
    }
    return k == 0 ? f - s * (f - R) : dk * kLn2Hi - ((s * (f - R) - dk * kLn2Lo) - f);
}

// Two independent standard normal draws by Marsaglia's polar method from a generator with uniform() in
// [0, 1) (genrelab::Rng): only +, −, ×, ÷, sqrt and the log above, so the draws are identical natively and
// in wasm. (Rng::normal uses std::log/sin/cos, whose last bits differ between glibc and musl.)
template <class Uniform>
inline void normal_pair(Uniform& rng, double& z0, double& z1) {
    double u, v, s;
    do {
        u = 2.0 * rng.uniform() - 1.0;
        v = 2.0 * rng.uniform() - 1.0;
        s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    const double m = std::sqrt(-2.0 * log(s) / s);
    z0 = u * m;
    z1 = v * m;
}

}  // namespace genrelab::reduce::portable
