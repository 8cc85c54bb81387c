#include "classify/kernel.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>

#include "core/error.hpp"

namespace genrelab::classify {

void validate(const Kernel& kernel) {
    switch (kernel.type) {
        case KernelType::Linear: return;
        case KernelType::Poly:
            if (kernel.degree < 1 || kernel.degree > 10)
                throw Error("the polynomial kernel needs a degree from 1 to 10 (degree = " + std::to_string(kernel.degree) + ")");
            if (!std::isfinite(kernel.coef0)) throw Error("the polynomial kernel's coef0 must be a finite number");
            [[fallthrough]];
        case KernelType::Rbf:
            if (!(kernel.gamma > 0) || !std::isfinite(kernel.gamma))
                throw Error("the kernel's gamma must be a positive finite number (gamma = " + std::to_string(kernel.gamma) + ")");
            return;
    }
    throw Error("unknown kernel type");
}

namespace kernel_detail {

// GCC refuses to if-convert the clamps (and so to vectorize the loop) while it must preserve FP traps;
// no value changes without them. Clang (the wasm build) does not model traps by default.
#if defined(__GNUC__) && !defined(__clang__)
__attribute__((optimize("no-trapping-math")))
#endif
void exp_inplace(double* v, Index n) {
    // Cody–Waite reduction x = k·ln2 + r, |r| ≤ ln2/2, then a degree-11 Chebyshev (near-minimax)
    // polynomial for exp(r) — 0.63 ulp at worst measured against mpmath — and 2^k built from bits.
    // ln2_hi has trailing zero bits so k·ln2_hi is exact.
    constexpr double log2e = 1.4426950408889634;
    constexpr double ln2_hi = 6.93147180369123816490e-01;
    constexpr double ln2_lo = 1.90821492927058770002e-10;
    constexpr double shifter = 0x1.8p52;  // adding it rounds to an integer held in the low mantissa bits
    constexpr double c11 = 2.5110049204818658e-08, c10 = 2.763265472252779e-07, c9 = 2.755724088722987e-06,
                     c8 = 2.4801485441561313e-05, c7 = 0.00019841269890076403, c6 = 0.0013888888952352863,
                     c5 = 0.008333333333319589, c4 = 0.04166666666648795, c3 = 0.1666666666666668,
                     c2 = 0.5000000000000019;
    for (Index i = 0; i < n; ++i) {
        const double x0 = v[i];
        double x = x0 < -708.0 ? -708.0 : x0;
        x = x > 709.0 ? 709.0 : x;
        const double kd = x * log2e + shifter;
        uint64_t ki;
        std::memcpy(&ki, &kd, sizeof ki);
        const double k = kd - shifter;
        const double r = (x - k * ln2_hi) - k * ln2_lo;
        double p = c11;
        p = p * r + c10;
        p = p * r + c9;
        p = p * r + c8;
        p = p * r + c7;
        p = p * r + c6;
        p = p * r + c5;
        p = p * r + c4;
        p = p * r + c3;
        p = p * r + c2;
        p = p * r + 1.0;
        p = p * r + 1.0;
        const uint64_t bits = (ki + 1023) << 52;  // k + 1023 lands in the exponent field
        double scale;
        std::memcpy(&scale, &bits, sizeof scale);
        const double result = p * scale;
        v[i] = x0 < -708.0 ? 0.0 : result;
    }
}

double exp_det(double x) {
    if (std::isnan(x)) return x;
    exp_inplace(&x, 1);
    return x;
}

double log_det(double x) {
    if (std::isnan(x) || x < 0) return std::numeric_limits<double>::quiet_NaN();
    if (x == 0) return -std::numeric_limits<double>::infinity();
    if (std::isinf(x)) return x;
    // x = 2^k · m with m in [√½, √2); log(m) = log(1+f) = 2 atanh(s), s = f/(2+f), |s| < 0.172, summed
    // as f − f²/2 + s(f²/2 + R) with R = Σ_{i≥1} 2 s^{2i}/(2i+1) (the arrangement of fdlibm's log).
    constexpr double ln2_hi = 6.93147180369123816490e-01;
    constexpr double ln2_lo = 1.90821492927058770002e-10;
    uint64_t bits;
    std::memcpy(&bits, &x, sizeof bits);
    int k = 0;
    if (((bits >> 52) & 0x7ff) == 0) {  // subnormal: scale into the normal range first
        x *= 0x1p54;
        std::memcpy(&bits, &x, sizeof bits);
        k = -54;
    }
    k += static_cast<int>((bits >> 52) & 0x7ff) - 1023;
    bits = (bits & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL;
    double m;
    std::memcpy(&m, &bits, sizeof m);
    if (m > 1.4142135623730951) {
        m *= 0.5;
        ++k;
    }
    const double f = m - 1.0;
    const double s = f / (2.0 + f);
    const double z = s * s;
    double R = 2.0 / 25;
    for (int i = 11; i >= 1; --i) R = R * z + 2.0 / (2 * i + 1);
    R *= z;
    const double hfsq = 0.5 * f * f;
    const double dk = k;
    return dk * ln2_hi - ((hfsq - (s * (hfsq + R) + dk * ln2_lo)) - f);
}

void gemm_acc(Index m, Index n, Index k, const double* A, Index lda, const double* B, Index ldb, double* C, Index ldc) {
    // 4×4 register tiles: 8 SSE2/wasm-SIMD accumulators, the rest of the 16 registers for loads.
    constexpr Index MR = 4, NR = 4;
    Index i = 0;
    for (; i + MR <= m; i += MR) {
        Index j = 0;
        for (; j + NR <= n; j += NR) {
            double acc[MR][NR];
            for (Index r = 0; r < MR; ++r)
                for (Index c = 0; c < NR; ++c) acc[r][c] = C[(i + r) * ldc + j + c];
            const double* a0 = A + i * lda;
            for (Index p = 0; p < k; ++p) {
                const double* b = B + p * ldb + j;
                for (Index r = 0; r < MR; ++r) {
                    const double a = a0[r * lda + p];
                    for (Index c = 0; c < NR; ++c) acc[r][c] += a * b[c];
                }
            }
            for (Index r = 0; r < MR; ++r)
                for (Index c = 0; c < NR; ++c) C[(i + r) * ldc + j + c] = acc[r][c];
        }
        for (; j < n; ++j)
            for (Index r = 0; r < MR; ++r) {
                double s = C[(i + r) * ldc + j];
                for (Index p = 0; p < k; ++p) s += A[(i + r) * lda + p] * B[p * ldb + j];
                C[(i + r) * ldc + j] = s;
            }
    }
    for (; i < m; ++i) {
        double* c = C + i * ldc;
        for (Index p = 0; p < k; ++p) {
            const double a = A[i * lda + p];
            const double* b = B + p * ldb;
            for (Index j = 0; j < n; ++j) c[j] += a * b[j];
        }
    }
}

void dots_to_kernel(const Kernel& kernel, Index m, Index n, const double* sq_a, const double* sq_b, double* C, Index ldc) {
    switch (kernel.type) {
        case KernelType::Linear: return;
        case KernelType::Poly:
            for (Index i = 0; i < m; ++i) {
                double* c = C + i * ldc;
                for (Index j = 0; j < n; ++j) c[j] = powi(kernel.gamma * c[j] + kernel.coef0, kernel.degree);
            }
            return;
        case KernelType::Rbf: {
            const double neg_gamma = -kernel.gamma;
            for (Index i = 0; i < m; ++i) {
                double* c = C + i * ldc;
                const double sa = sq_a[i];
                // Same expression as libsvm's kernel_rbf; rounding can make a tiny distance negative,
                // which exp() turns into a value a hair above 1, as in libsvm.
                for (Index j = 0; j < n; ++j) c[j] = neg_gamma * (sa + sq_b[j] - 2 * c[j]);
                exp_inplace(c, n);
            }
            return;
        }
    }
}

}  // namespace kernel_detail

Matrix kernel_matrix(const Kernel& kernel, const Matrix& A, const Matrix& B) {
    if (A.cols() != B.cols())
        throw Error("kernel_matrix: A has " + std::to_string(A.cols()) + " columns but B has " + std::to_string(B.cols()));
    validate(kernel);
    const Index na = A.rows(), nb = B.rows(), d = A.cols();
    using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    const RowMajor Ar = A;
    const RowMajor Bt = B.transpose();  // d × nb
    Vector sa = Vector::Zero(na), sb = Vector::Zero(nb);
    for (Index i = 0; i < na; ++i) {
        double s = 0;
        for (Index f = 0; f < d; ++f) s += Ar(i, f) * Ar(i, f);
        sa[i] = s;
    }
    for (Index j = 0; j < nb; ++j) {
        double s = 0;
        for (Index f = 0; f < d; ++f) s += Bt(f, j) * Bt(f, j);
        sb[j] = s;
    }
    RowMajor K = RowMajor::Zero(na, nb);
    kernel_detail::gemm_acc(na, nb, d, Ar.data(), d, Bt.data(), nb, K.data(), nb);
    kernel_detail::dots_to_kernel(kernel, na, nb, sa.data(), sb.data(), K.data(), nb);
    return K;
}

}  // namespace genrelab::classify
