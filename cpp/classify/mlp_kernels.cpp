// No FMA contraction: a fused a·b+c rounds once, a·b then +c twice; the summation order documented
// in mlp_kernels.hpp is only platform-independent if every target does the latter.
#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

#include "classify/mlp_kernels.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__) && !defined(__AVX__)
#define GENRELAB_AVX2_DISPATCH 1
#endif

namespace genrelab::classify::kernels {

namespace {

// GCC/clang vector extensions: lane-wise +, × (SSE natively, simd128 in wasm, two halves where a
// 32-byte type is wider than the target's registers).
typedef float f32x4 __attribute__((vector_size(16)));
typedef double f64x2 __attribute__((vector_size(16)));
typedef float f32x8 __attribute__((vector_size(32)));
typedef double f64x4 __attribute__((vector_size(32)));

#define GENRELAB_INLINE inline __attribute__((always_inline))

// By reference, not by value: returning a 32-byte vector from a function compiled without AVX
// would change the ABI (and GCC warns); everything here is inlined anyway.
template <class V>
GENRELAB_INLINE void load(V& v, const void* p) {
    std::memcpy(&v, p, sizeof(V));
}
template <class V>
GENRELAB_INLINE void store(void* p, const V& v) {
    std::memcpy(p, &v, sizeof(V));
}

// One MR×(NV·L) block of C over one block of the k products. The running sums live in C between
// k-blocks: the first block starts them at 0, later blocks reload them, so every element is still
// summed in plain index order, exactly as if k were not blocked. The last block adds the bias.
// When `cols` < NV·L the block is the ragged right edge: B and bias then point at zero-padded
// copies and only `cols` columns of C are read and written.
template <class V, class S, int MR, int NV>
GENRELAB_INLINE void tile(Index k, const S* A, Index ars, Index aks, const S* B, Index ldb, S* C, Index ldc,
                          const S* bias, bool first, int cols) {
    constexpr int L = static_cast<int>(sizeof(V) / sizeof(S));
    V acc[MR][NV];
    for (int r = 0; r < MR; ++r) {
        if (first) {
            for (int v = 0; v < NV; ++v) acc[r][v] = V{};
        } else if (cols == NV * L) {
            for (int v = 0; v < NV; ++v) load(acc[r][v], C + r * ldc + v * L);
        } else {
            S buf[NV * L] = {};
            for (int j = 0; j < cols; ++j) buf[j] = C[r * ldc + j];
            for (int v = 0; v < NV; ++v) load(acc[r][v], buf + v * L);
        }
    }
    for (Index p = 0; p < k; ++p) {
        V b[NV];
        for (int v = 0; v < NV; ++v) load(b[v], B + p * ldb + v * L);
        const S* ap = A + p * aks;
        for (int r = 0; r < MR; ++r) {
            const S a = ap[r * ars];
            for (int v = 0; v < NV; ++v) acc[r][v] = acc[r][v] + a * b[v];
        }
    }
    for (int r = 0; r < MR; ++r) {
        S* c = C + r * ldc;
        if (bias)
            for (int v = 0; v < NV; ++v) {
                V t;
                load(t, bias + v * L);
                acc[r][v] = acc[r][v] + t;
            }
        if (cols == NV * L) {
            for (int v = 0; v < NV; ++v) store(c + v * L, acc[r][v]);
        } else {
            S buf[NV * L];
            for (int v = 0; v < NV; ++v) store(buf + v * L, acc[r][v]);
            std::memcpy(c, buf, sizeof(S) * static_cast<size_t>(cols));
        }
    }
}

template <class V, class S, int MR, int NV>
GENRELAB_INLINE void column_panel(Index m, Index k, const S* A, Index ars, Index aks, const S* B, Index ldb, S* C,
                                  Index ldc, const S* bias, bool first, int cols) {
    Index i = 0;
    for (; i + MR <= m; i += MR)
        tile<V, S, MR, NV>(k, A + i * ars, ars, aks, B, ldb, C + i * ldc, ldc, bias, first, cols);
    for (; i < m; ++i) tile<V, S, 1, NV>(k, A + i * ars, ars, aks, B, ldb, C + i * ldc, ldc, bias, first, cols);
}

// Products per k-block: a packed panel of KC×NR stays in L1 (16 KB for float AVX2 and double SSE),
// and for Aᵀ·B with a long k (the logistic gradient over all rows) A's block is reused from cache by
// every tile instead of being streamed from memory once per tile.
constexpr Index KC = 256;

template <class V, class S, int MR, int NV>
GENRELAB_INLINE void gemm_impl(Index m, Index n, Index k, const S* A, Index ars, Index aks, const S* B, Index ldb,
                               S* C, Index ldc, const S* bias) {
    constexpr int L = static_cast<int>(sizeof(V) / sizeof(S));
    constexpr int NR = NV * L;
    // Each panel of B (kc × NR) is copied into a contiguous buffer first: rows of B lie ldb apart,
    // and with ldb a multiple of 512 bytes they all fall into the same few L1 cache sets; packed,
    // the panel streams sequentially. The ragged right edge is zero-padded so the vector code runs
    // unchanged (padding lanes compute zeros that are never stored). Packing only moves numbers.
    thread_local std::vector<S> pack;
    pack.resize(static_cast<size_t>((KC + 1) * NR));
    S* panel = pack.data();
    S* panel_bias = pack.data() + KC * NR;
    for (Index k0 = 0; k0 < k; k0 += KC) {
        const Index kc = std::min(KC, k - k0);
        const bool first = k0 == 0, last = k0 + kc == k;
        const S* Ak = A + k0 * aks;
        for (Index j = 0; j < n; j += NR) {
            const int cols = static_cast<int>(std::min<Index>(NR, n - j));
            const S* Bk = B + k0 * ldb + j;
            if (cols == NR) {
                for (Index p = 0; p < kc; ++p) std::memcpy(panel + p * NR, Bk + p * ldb, sizeof(S) * NR);
            } else {
                std::fill(pack.begin(), pack.end(), S(0));
                for (Index p = 0; p < kc; ++p) std::memcpy(panel + p * NR, Bk + p * ldb, sizeof(S) * cols);
            }
            const S* bj = nullptr;
            if (bias && last) {
                std::memcpy(panel_bias, bias + j, sizeof(S) * cols);
                bj = panel_bias;
            }
            if (cols > L)
                column_panel<V, S, MR, NV>(m, kc, Ak, ars, aks, panel, NR, C + j, ldc, bj, first, cols);
            else  // at most one vector wide: skip the all-zero second vector
                column_panel<V, S, MR, 1>(m, kc, Ak, ars, aks, panel, NR, C + j, ldc, bj, first, cols);
        }
    }
}

// Register blocking: 4 rows × 2 vectors of accumulators fit the 16 vector registers of SSE/AVX2
// and of V8's simd128 code on x86 with room for the B vectors. Measured (CPU time, AMD EPYC Zen 4)
// on the forward+backward products of a 13→64→64→10 MLP at batch 256 in float: ~70 GFLOP/s with
// AVX2, ~30 with SSE2, ~29 in wasm under Node 20; 6×2, 4×3, 3×4, 8×1 were equal or slower.
// 512×512 layers: 65–84 GFLOP/s with AVX2 (packing and k-blocking below made the difference).
template <class S>
void gemm_baseline(Index m, Index n, Index k, const S* A, Index ars, Index aks, const S* B, Index ldb, S* C,
                   Index ldc, const S* bias) {
    if constexpr (sizeof(S) == 4)
        gemm_impl<f32x4, S, 4, 2>(m, n, k, A, ars, aks, B, ldb, C, ldc, bias);
    else
        gemm_impl<f64x2, S, 4, 2>(m, n, k, A, ars, aks, B, ldb, C, ldc, bias);
}

#ifdef GENRELAB_AVX2_DISPATCH
// Same arithmetic, twice the lanes. No "fma" in the target list: FMA would change the rounding.
template <class S>
__attribute__((target("avx2"))) void gemm_avx2(Index m, Index n, Index k, const S* A, Index ars, Index aks,
                                               const S* B, Index ldb, S* C, Index ldc, const S* bias) {
    if constexpr (sizeof(S) == 4)
        gemm_impl<f32x8, S, 4, 2>(m, n, k, A, ars, aks, B, ldb, C, ldc, bias);
    else
        gemm_impl<f64x4, S, 4, 2>(m, n, k, A, ars, aks, B, ldb, C, ldc, bias);
}

bool has_avx2() {
    static const bool yes = __builtin_cpu_supports("avx2");
    return yes;
}
#endif

}  // namespace

template <class S>
void gemm(Index m, Index n, Index k, const S* A, Index ars, Index aks, const S* B, Index ldb, S* C, Index ldc,
          const S* bias) {
    if (m <= 0 || n <= 0) return;
    if (k <= 0) {  // empty sum: C = bias (or 0)
        for (Index i = 0; i < m; ++i)
            for (Index j = 0; j < n; ++j) C[i * ldc + j] = bias ? bias[j] : S(0);
        return;
    }
#ifdef GENRELAB_AVX2_DISPATCH
    if (has_avx2()) return gemm_avx2<S>(m, n, k, A, ars, aks, B, ldb, C, ldc, bias);
#endif
    gemm_baseline<S>(m, n, k, A, ars, aks, B, ldb, C, ldc, bias);
}

template <class S>
void transpose(Index rows, Index cols, const S* A, Index lda, S* AT, Index ldt) {
    constexpr Index T = 16;  // cache blocks
    for (Index i0 = 0; i0 < rows; i0 += T)
        for (Index j0 = 0; j0 < cols; j0 += T) {
            const Index i1 = std::min(rows, i0 + T), j1 = std::min(cols, j0 + T);
            for (Index i = i0; i < i1; ++i)
                for (Index j = j0; j < j1; ++j) AT[j * ldt + i] = A[i * lda + j];
        }
}

template <class S>
void column_sums(Index m, Index n, const S* A, Index lda, S* out) {
    for (Index j = 0; j < n; ++j) out[j] = S(0);
    for (Index i = 0; i < m; ++i) {
        const S* a = A + i * lda;
        for (Index j = 0; j < n; ++j) out[j] = out[j] + a[j];
    }
}

template void gemm<float>(Index, Index, Index, const float*, Index, Index, const float*, Index, float*, Index,
                          const float*);
template void gemm<double>(Index, Index, Index, const double*, Index, Index, const double*, Index, double*, Index,
                           const double*);
template void transpose<float>(Index, Index, const float*, Index, float*, Index);
template void transpose<double>(Index, Index, const double*, Index, double*, Index);
template void column_sums<float>(Index, Index, const float*, Index, float*);
template void column_sums<double>(Index, Index, const double*, Index, double*);

}  // namespace genrelab::classify::kernels
