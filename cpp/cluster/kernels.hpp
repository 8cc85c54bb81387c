// Small numeric kernels shared by the clustering algorithms (internal to cpp/cluster/).
//
// Why not Eigen's GEMM / reductions / LLT here: their summation order depends on the SIMD packet size,
// which differs between the native x86-64 build (SSE2, 2 doubles) and the wasm build (Eigen 3.4 has no
// wasm SIMD path, so scalar), and even between Eigen's GEMM micro-kernels for different row counts.
// Clustering takes discrete decisions on these numbers (nearest centre, best restart, k-means++
// candidate), so a last-bit difference can change a whole result. Every kernel below sums in a fixed
// order (feature j = 0..d−1, sample i = 0..n−1), so the same input gives bit-identical output on every
// platform, as long as the compiler does not contract a*b+c into an FMA (neither the default x86-64
// target nor wasm has FMA; do not build the core with -ffast-math or -mfma).
// std::exp/std::log differ in the last bit between glibc (native) and musl (wasm) for some arguments
// (measured), so the clustering code uses genrelab::portable::exp/log (core/portable_math.hpp);
// std::sqrt is correctly rounded everywhere and is used as is.
#pragma once
#include <string>
#include <vector>

#include "core/types.hpp"

namespace genrelab::cluster::detail {

// out(i, c) = Σ_j X(row0 + i, j) · W(j, c) for i < nb, c < k, summed over j in order.
//   X: column-major, `ldx` = its number of rows (an Eigen::MatrixXd's data()), d columns.
//   W: d×k row-major, i.e. W[j*k + c] — which is exactly the data() of a column-major k×d matrix C
//      (so passing centers.data() gives X·Cᵀ).
//   out: nb×k column-major with leading dimension nb.
// Register-tiled (4 samples × 4 columns): about as fast as Eigen's GEMM for d, k ≲ 100.
void dot_block(const double* X, Index ldx, Index d, Index row0, Index nb, const double* W, Index k, double* out);

// Σ v[i] in index order.
double ordered_sum(const double* v, Index n);
inline double ordered_sum(const std::vector<double>& v) { return ordered_sum(v.data(), static_cast<Index>(v.size())); }

// ‖row‖² of every row of a column-major matrix, summed over columns in order.
Vector row_squared_norms(const Matrix& A);

// Column means and population variances (like numpy's mean / var over axis 0), summed in row order.
RowVector column_means(const Matrix& X);
RowVector column_variances(const Matrix& X, const RowVector& means);

// Nearest centre of every row of X: labels[i] = argmin_c ‖x_i − c‖², ties → the lower index.
// The comparison uses ‖c‖² − 2·x·c (as scikit-learn does), computed blockwise with dot_block.
// Optional outputs, filled in the same pass over X:
//   dist2  — the exact ‖x_i − c_{labels[i]}‖² (direct differences, no cancellation), length n;
//   sums   — k×d, row c = Σ of the rows assigned to c (summed in row order);
//   counts — length k, rows assigned to each centre.
// centers: k×d; labels: length n (resized).
void nearest_centers(const Matrix& X, const Matrix& centers, std::vector<int>& labels, std::vector<double>* dist2 = nullptr,
                     Matrix* sums = nullptr, std::vector<double>* counts = nullptr);

// Dense symmetric positive-definite d×d A (column-major) → lower-triangular L with A = L·Lᵀ.
// Returns false when A is not numerically positive definite. Fixed summation order.
bool cholesky_lower(const Matrix& A, Matrix& L);
// Inverse of a lower-triangular matrix with positive diagonal (result lower-triangular).
Matrix invert_lower(const Matrix& L);

// Throws genrelab::Error naming the first NaN/±Inf entry of X ("<who>: X has a missing or infinite
// value at row 4, column 2 …"); rows and columns are counted from 1 in the message.
void check_finite(const Matrix& X, const std::string& who);
// Throws when X has no rows or no columns.
void check_not_empty(const Matrix& X, const std::string& who);
// Throws when X.cols() != expected ("X has 4 columns but the model was fitted on 13").
void check_columns(const Matrix& X, Index expected, const std::string& who);

}  // namespace genrelab::cluster::detail
