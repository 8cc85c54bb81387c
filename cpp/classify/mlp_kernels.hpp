// Dense kernels for the MLP and logistic regression: a matrix product whose result does not depend
// on the platform, the SIMD width or how the caller splits the rows.
//
// Why not Eigen's product: Eigen picks different code paths per target (an SSE/AVX kernel natively,
// scalar code in wasm where it has no SIMD backend, a coefficient-based product for small sizes,
// cache-size-dependent depth blocking), and each path sums the k products in another order, so a
// native and a browser training would differ in the last bits and then drift apart over the epochs.
// Here every output element is, on every platform,
//     s = ((0 + a_0·b_0) + a_1·b_1) + … + a_{k−1}·b_{k−1};   C = s + bias_j (if bias) or s
// SIMD runs across output columns (independent sums), never across k, so the width changes nothing.
// Row i of C depends only on row i of A: predicting 1 row or 50,000 at once gives the same bits.
//
// Layout: every matrix is a raw row-major buffer. A is addressed through two strides so that the
// same kernel does A·B (a_row_stride = lda, a_k_stride = 1) and Aᵀ·B (a_row_stride = 1,
// a_k_stride = lda) without an explicit transpose — the latter is the weight gradient Xᵀ·δ.
#pragma once
#include "core/types.hpp"

namespace genrelab::classify::kernels {

// C (m×n, row stride ldc) = A (m×k) · B (k×n, row stride ldb) [+ bias (n), broadcast over rows].
// A(i, p) = A[i·a_row_stride + p·a_k_stride]. k = 0 gives bias (or 0). No aliasing between C and A/B.
template <class S>
void gemm(Index m, Index n, Index k, const S* A, Index a_row_stride, Index a_k_stride, const S* B, Index ldb, S* C,
          Index ldc, const S* bias);

// AT (cols×rows, row stride ldt) = A (rows×cols, row stride lda)ᵀ.
template <class S>
void transpose(Index rows, Index cols, const S* A, Index lda, S* AT, Index ldt);

// out (n) = Σ_i A(i, ·) over the m rows of A (row stride lda), summed in row order.
template <class S>
void column_sums(Index m, Index n, const S* A, Index lda, S* out);

}  // namespace genrelab::classify::kernels
