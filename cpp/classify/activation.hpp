// Hidden-layer activations of the MLP and the few transcendental functions the classifiers need,
// written so that the same inputs give bit-identical outputs natively (glibc, SSE2/AVX) and in wasm
// (musl, simd128).
//
// Why our own exp/log: std::exp and std::log are not correctly rounded, and glibc and musl (the wasm
// libc) differ in the last bit for some inputs; Eigen's array .exp() takes a polynomial path where
// it has a SIMD backend (x86) and std::exp where it has none (wasm). One ulp in a softmax is enough
// to make two 30-epoch trainings drift apart, so every exp/log on a result path goes through the
// functions below, which use only +, −, ×, ÷ and bit manipulation (all exactly specified by IEEE-754)
// in a fixed order. The compiler must not contract a·b+c into an FMA (the .cpp files that use them
// switch contraction off; x86-64 without -march and wasm have no FMA anyway).
//
// Accuracy: exp_det(double) and log_det(double) are within ~2 ulp of the exact value;
// exp_det(float) within ~3 ulp (float). Arguments are clamped (exp to [−708, 709] in double,
// [−87, 88] in float) so that results stay finite; exp of a very negative number is then a tiny
// positive number instead of 0, which is harmless for softmax and sigmoid.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>

#include "core/types.hpp"

namespace genrelab::classify {

// The nonlinearity applied after each hidden layer (the output layer is softmax for classification
// and the identity for regression). Sigmoid is scikit-learn's "logistic".
enum class Activation { Relu, LeakyRelu, Sigmoid, Tanh };
NLOHMANN_JSON_SERIALIZE_ENUM(Activation, {{Activation::Relu, "relu"},
                                          {Activation::LeakyRelu, "leaky_relu"},
                                          {Activation::Sigmoid, "sigmoid"},
                                          {Activation::Tanh, "tanh"},
                                          {Activation::Sigmoid, "logistic"}})

// "relu", "leaky_relu", … for messages.
const char* activation_name(Activation a);

// ---- deterministic exp / log ------------------------------------------------------------------

// Forced inline so that loops calling exp_det vectorize.
#if defined(__GNUC__)
#define GENRELAB_EXP_INLINE inline __attribute__((always_inline))
#else
#define GENRELAB_EXP_INLINE inline
#endif

GENRELAB_EXP_INLINE double exp_det(double x) {
    // Clamp first: keeps 2^n a normal number and lets the loop vectorize (no branches).
    // std::max/min (not a hand-written ?:) is the form GCC if-converts and vectorizes; NaN stays NaN.
    x = std::max(x, -708.0);
    x = std::min(x, 709.0);
    // n = round(x / ln 2) by the 1.5·2^52 trick: after the addition the low mantissa bits hold n.
    const double shifter = 0x1.8p52;
    const double kd = x * 1.4426950408889634 + shifter;
    const double n = kd - shifter;
    // r = x − n·ln2 with ln2 split in two (Cody–Waite) so n·ln2_hi is exact; |r| ≤ ~0.35.
    const double r = (x - n * 0x1.62e42fee00000p-1) - n * 0x1.a39ef35793c76p-33;
    // Taylor series to r^12 (truncation error < 2e-16 relative on |r| ≤ 0.35), Horner form.
    double p = 1.0 / 479001600.0;
    p = p * r + 1.0 / 39916800.0;
    p = p * r + 1.0 / 3628800.0;
    p = p * r + 1.0 / 362880.0;
    p = p * r + 1.0 / 40320.0;
    p = p * r + 1.0 / 5040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    // 2^n built directly in the exponent field: the low 12 bits of (bits(kd) + 1023) are n + 1023.
    uint64_t bits;
    std::memcpy(&bits, &kd, sizeof bits);
    bits = (bits + 1023u) << 52;
    double scale;
    std::memcpy(&scale, &bits, sizeof scale);
    return p * scale;
}

GENRELAB_EXP_INLINE float exp_det(float x) {
    x = std::max(x, -87.0f);
    x = std::min(x, 88.0f);
    const float shifter = 0x1.8p23f;
    const float kf = x * 1.44269502f + shifter;
    const float n = kf - shifter;
    const float r = (x - n * 0.693145751953125f) - n * 1.428606765330187e-06f;
    // Taylor to r^7: truncation error < 6e-9 relative on |r| ≤ 0.35 (float ulp is 6e-8).
    float p = 1.0f / 5040.0f;
    p = p * r + 1.0f / 720.0f;
    p = p * r + 1.0f / 120.0f;
    p = p * r + 1.0f / 24.0f;
    p = p * r + 1.0f / 6.0f;
    p = p * r + 0.5f;
    p = p * r + 1.0f;
    p = p * r + 1.0f;
    uint32_t bits;
    std::memcpy(&bits, &kf, sizeof bits);
    bits = (bits + 127u) << 23;
    float scale;
    std::memcpy(&scale, &bits, sizeof scale);
    return p * scale;
}

// Natural logarithm for x > 0 (0 → −inf, negative or NaN → NaN, +inf → +inf).
inline double log_det(double x) {
    if (!(x > 0.0)) return x == 0.0 ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::quiet_NaN();
    if (x == std::numeric_limits<double>::infinity()) return x;
    int e = 0;
    if (x < 0x1p-1022) {  // subnormal: scale into the normal range first
        x *= 0x1p54;
        e = -54;
    }
    uint64_t bits;
    std::memcpy(&bits, &x, sizeof bits);
    e += static_cast<int>((bits >> 52) & 0x7ff) - 1023;
    bits = (bits & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL;  // mantissa m in [1, 2)
    double m;
    std::memcpy(&m, &bits, sizeof m);
    if (m > 1.4142135623730951) {  // m in [√½, √2) keeps the series short
        m *= 0.5;
        ++e;
    }
    // log m = 2·atanh(s), s = (m−1)/(m+1), |s| ≤ 0.172: series to s^23 (error < 1e-19).
    const double s = (m - 1.0) / (m + 1.0);
    const double s2 = s * s;
    double q = 1.0 / 23.0;
    q = q * s2 + 1.0 / 21.0;
    q = q * s2 + 1.0 / 19.0;
    q = q * s2 + 1.0 / 17.0;
    q = q * s2 + 1.0 / 15.0;
    q = q * s2 + 1.0 / 13.0;
    q = q * s2 + 1.0 / 11.0;
    q = q * s2 + 1.0 / 9.0;
    q = q * s2 + 1.0 / 7.0;
    q = q * s2 + 1.0 / 5.0;
    q = q * s2 + 1.0 / 3.0;
    const double log_m = 2.0 * s + 2.0 * s * s2 * q;
    const double ed = static_cast<double>(e);
    return ed * 0x1.62e42fee00000p-1 + (log_m + ed * 0x1.a39ef35793c76p-33);
}

// x[i] ← exp_det(x[i]) for n contiguous values, several at a time (GCC does not vectorize a loop of
// exp_det calls by itself); bit-identical to calling exp_det on each value.
template <class S>
void exp_inplace(S* x, Index n);

// ---- activations on whole buffers ------------------------------------------------------------

// z ← f(z) for n contiguous values.
template <class S>
void activate(Activation a, S leaky_slope, S* z, Index n);

// delta ← delta ⊙ f'(z), where f' is expressed through the activated outputs a = f(z) (what the
// forward pass keeps): ReLU 1[a>0] (0 at 0, like scikit-learn), LeakyReLU 1 or slope,
// sigmoid a(1−a), tanh 1−a².
template <class S>
void activation_backward(Activation a, S leaky_slope, const S* activated, S* delta, Index n);

// Softmax of each of `rows` rows of k values (row stride k) in place. lse (rows, may be null) receives
// log Σ_j exp(z_j) per row, in double, so the cross-entropy −log p_y = lse − z_y needs no log(0).
// The exps of the whole block run in one vectorizable loop; every row's sum is taken in index order,
// so the result does not depend on how rows are grouped into blocks.
template <class S>
void softmax_rows(S* z, Index rows, Index k, double* lse);

}  // namespace genrelab::classify
