// No FMA contraction: results must be the same bits natively and in wasm (see activation.hpp).
#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

#include "classify/activation.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <type_traits>

namespace genrelab::classify {

const char* activation_name(Activation a) {
    switch (a) {
        case Activation::Relu: return "relu";
        case Activation::LeakyRelu: return "leaky_relu";
        case Activation::Sigmoid: return "sigmoid";
        case Activation::Tanh: return "tanh";
    }
    return "unknown";
}

namespace {
// x if keep else +0, as a bitwise AND with an all-ones/all-zeros mask: the same result as
// `keep ? x : 0`, but V8 runs the select form of this loop 2× slower in wasm.
template <class S>
inline S keep_if(bool keep, S x) {
    using U = std::conditional_t<sizeof(S) == 4, uint32_t, uint64_t>;
    U bits;
    std::memcpy(&bits, &x, sizeof bits);
    bits &= keep ? ~U(0) : U(0);
    std::memcpy(&x, &bits, sizeof bits);
    return x;
}
}  // namespace

namespace {
typedef float f32x4 __attribute__((vector_size(16)));
typedef double f64x2 __attribute__((vector_size(16)));
typedef int32_t i32x4 __attribute__((vector_size(16)));
typedef int64_t i64x2 __attribute__((vector_size(16)));
typedef uint32_t u32x4 __attribute__((vector_size(16)));
typedef uint64_t u64x2 __attribute__((vector_size(16)));

// mask ? a : b, lane-wise (mask lanes are all ones or all zeros, as comparisons produce).
template <class V, class I>
inline V blend(I mask, V a, V b) {
    I ai, bi;
    std::memcpy(&ai, &a, sizeof ai);
    std::memcpy(&bi, &b, sizeof bi);
    const I r = (ai & mask) | (bi & ~mask);
    V out;
    std::memcpy(&out, &r, sizeof out);
    return out;
}

// The operations of exp_det(double), in the same order, on two lanes.
inline f64x2 exp_vec(f64x2 x) {
    const f64x2 lo = {-708.0, -708.0}, hi = {709.0, 709.0};
    x = blend<f64x2, i64x2>(x < lo, lo, x);  // std::max(x, lo) = x < lo ? lo : x
    x = blend<f64x2, i64x2>(hi < x, hi, x);  // std::min(x, hi) = hi < x ? hi : x
    const double shifter = 0x1.8p52;
    const f64x2 kd = x * 1.4426950408889634 + shifter;
    const f64x2 n = kd - shifter;
    const f64x2 r = (x - n * 0x1.62e42fee00000p-1) - n * 0x1.a39ef35793c76p-33;
    f64x2 p = f64x2{} + 1.0 / 479001600.0;
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
    u64x2 bits;
    std::memcpy(&bits, &kd, sizeof bits);
    bits = (bits + 1023u) << 52;
    f64x2 scale;
    std::memcpy(&scale, &bits, sizeof scale);
    return p * scale;
}

// The operations of exp_det(float), in the same order, on four lanes.
inline f32x4 exp_vec(f32x4 x) {
    const f32x4 lo = {-87.0f, -87.0f, -87.0f, -87.0f}, hi = {88.0f, 88.0f, 88.0f, 88.0f};
    x = blend<f32x4, i32x4>(x < lo, lo, x);
    x = blend<f32x4, i32x4>(hi < x, hi, x);
    const float shifter = 0x1.8p23f;
    const f32x4 kf = x * 1.44269502f + shifter;
    const f32x4 n = kf - shifter;
    const f32x4 r = (x - n * 0.693145751953125f) - n * 1.428606765330187e-06f;
    f32x4 p = f32x4{} + 1.0f / 5040.0f;
    p = p * r + 1.0f / 720.0f;
    p = p * r + 1.0f / 120.0f;
    p = p * r + 1.0f / 24.0f;
    p = p * r + 1.0f / 6.0f;
    p = p * r + 0.5f;
    p = p * r + 1.0f;
    p = p * r + 1.0f;
    u32x4 bits;
    std::memcpy(&bits, &kf, sizeof bits);
    bits = (bits + 127u) << 23;
    f32x4 scale;
    std::memcpy(&scale, &bits, sizeof scale);
    return p * scale;
}
}  // namespace

template <class S>
void exp_inplace(S* x, Index n) {
    using V = std::conditional_t<sizeof(S) == 4, f32x4, f64x2>;
    constexpr Index L = static_cast<Index>(sizeof(V) / sizeof(S));
    Index i = 0;
    for (; i + L <= n; i += L) {
        V v;
        std::memcpy(&v, x + i, sizeof v);
        v = exp_vec(v);
        std::memcpy(x + i, &v, sizeof v);
    }
    for (; i < n; ++i) x[i] = exp_det(x[i]);
}

template <class S>
void activate(Activation a, S leaky_slope, S* z, Index n) {
    const S zero = 0, one = 1, two = 2;
    switch (a) {
        case Activation::Relu:
            for (Index i = 0; i < n; ++i) z[i] = keep_if(z[i] > zero, z[i]);
            break;
        case Activation::LeakyRelu:
            for (Index i = 0; i < n; ++i) z[i] = z[i] > zero ? z[i] : leaky_slope * z[i];
            break;
        case Activation::Sigmoid:
            for (Index i = 0; i < n; ++i) z[i] = -z[i];
            exp_inplace(z, n);
            for (Index i = 0; i < n; ++i) z[i] = one / (one + z[i]);
            break;
        case Activation::Tanh:
            // tanh x = 1 − 2/(e^{2x} + 1): one exp, exact limits ±1, no overflow (exp is clamped).
            for (Index i = 0; i < n; ++i) z[i] = two * z[i];
            exp_inplace(z, n);
            for (Index i = 0; i < n; ++i) z[i] = one - two / (z[i] + one);
            break;
    }
}

template <class S>
void activation_backward(Activation a, S leaky_slope, const S* act, S* delta, Index n) {
    const S zero = 0, one = 1;
    switch (a) {
        case Activation::Relu:
            for (Index i = 0; i < n; ++i) delta[i] = keep_if(act[i] > zero, delta[i]);
            break;
        case Activation::LeakyRelu:
            // a > 0 exactly when z > 0 (slope ≥ 0); at z = 0 the derivative is taken as the slope.
            for (Index i = 0; i < n; ++i) delta[i] = act[i] > zero ? delta[i] : leaky_slope * delta[i];
            break;
        case Activation::Sigmoid:
            for (Index i = 0; i < n; ++i) delta[i] = delta[i] * (act[i] * (one - act[i]));
            break;
        case Activation::Tanh:
            for (Index i = 0; i < n; ++i) delta[i] = delta[i] * (one - act[i] * act[i]);
            break;
    }
}

template <class S>
void softmax_rows(S* z, Index rows, Index k, double* lse) {
    // Process blocks of rows small enough to stay in L1 between the three passes.
    const Index block = std::max<Index>(1, 2048 / std::max<Index>(k, 1));
    S mx[2048];
    for (Index r0 = 0; r0 < rows; r0 += block) {
        const Index nr = std::min(block, rows - r0);
        S* zb = z + r0 * k;
        for (Index r = 0; r < nr; ++r) {
            S* zr = zb + r * k;
            S m = zr[0];
            for (Index j = 1; j < k; ++j) m = zr[j] > m ? zr[j] : m;
            mx[r] = m;
            for (Index j = 0; j < k; ++j) zr[j] = zr[j] - m;
        }
        exp_inplace(zb, nr * k);
        for (Index r = 0; r < nr; ++r) {
            S* zr = zb + r * k;
            S sum = 0;
            for (Index j = 0; j < k; ++j) sum += zr[j];
            for (Index j = 0; j < k; ++j) zr[j] = zr[j] / sum;
            if (lse) lse[r0 + r] = static_cast<double>(mx[r]) + log_det(static_cast<double>(sum));
        }
    }
}

template void exp_inplace<float>(float*, Index);
template void exp_inplace<double>(double*, Index);
template void activate<float>(Activation, float, float*, Index);
template void activate<double>(Activation, double, double*, Index);
template void activation_backward<float>(Activation, float, const float*, float*, Index);
template void activation_backward<double>(Activation, double, const double*, double*, Index);
template void softmax_rows<float>(float*, Index, Index, double*);
template void softmax_rows<double>(double*, Index, Index, double*);

}  // namespace genrelab::classify
