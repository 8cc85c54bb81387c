// The input-space side of t-SNE: squared distances, exact nearest neighbours, the per-point Gaussian
// bandwidths found by bisection on the perplexity, and the symmetric joint probabilities P
// (van der Maaten & Hinton 2008, §2; the sparse kNN form of van der Maaten 2014, §4.1).
// Building blocks of reduce/tsne.hpp (TsneFitter calls them a chunk of rows at a time); public so the
// tests can check them one by one. All loops run in a fixed order, and exp/log are reduce/portable_math,
// so results are bit-identical natively and in wasm.
#pragma once
#include <cstdint>
#include <vector>

#include "core/types.hpp"

namespace genrelab::reduce::tsne {

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Squared Euclidean distances from row i of X (n×d, column-major as genrelab::Matrix is) to every row,
// written to out[0..n). Summed over the columns in order, vectorisable across rows without reordering.
void squared_distances_from(const Matrix& X, Index i, double* out);

// One point's conditional distribution p_{j|i} ∝ exp(−β·d_j) over m squared distances d (entry `skip`
// excluded and set to 0; pass −1 to use all), with β found by bisection so that the Shannon entropy (nats)
// of p is within `tol` of log(perplexity) — sklearn's _binary_search_perplexity: β starts at 1, doubles or
// halves until bracketed, at most `max_steps` steps. Writes p (sums to 1) and returns β.
double conditional_row(const double* sqdist, Index m, Index skip, double perplexity, double* p,
                       double tol = 1e-5, int max_steps = 100);

// Dense conditional probabilities for all pairs: row i is p_{·|i} (zero diagonal). X: n×d.
RowMatrix conditional_probabilities(const Matrix& X, double perplexity);
// In place: conditional → joint P = max((C + Cᵀ)/Σ(C + Cᵀ), ε) off the diagonal (ε = DBL_EPSILON,
// sklearn's MACHINE_EPSILON floor), diagonal 0. Sums to 1 up to the floor.
void symmetrize_dense(RowMatrix& P);

// Exact k nearest neighbours (excluding the point itself), row-major n×k, sorted by (distance, index):
// ties go to the lower index, so the lists do not depend on any library's sort.
struct Neighbours {
    Index n = 0, k = 0;
    std::vector<int32_t> index;   // n·k
    std::vector<double> sqdist;   // n·k, squared distances
};
Neighbours make_neighbours(Index n, Index k);
// Fills rows [begin, end) of nb by blocked brute force over X (n×d); `scratch` needs n doubles.
void find_neighbours(const Matrix& X, Index begin, Index end, Neighbours& nb, std::vector<double>& scratch);

// A symmetric sparse matrix in compressed rows; each row's columns are increasing.
struct SparseP {
    Index n = 0;
    std::vector<int64_t> row_start;  // n + 1
    std::vector<int32_t> col;
    std::vector<double> val;
};
// P = (C + Cᵀ) / Σ(C + Cᵀ) for conditional probabilities C stored on the neighbour graph
// (cond: n·k, aligned with nb.index), as sklearn's _joint_probabilities_nn.
SparseP symmetrize_sparse(const Neighbours& nb, const std::vector<double>& cond);
// The same matrix densely (tests, and exact-vs-Barnes-Hut comparisons).
Matrix to_dense(const SparseP& P);
// Sparse form of a dense symmetric P (every off-diagonal entry kept, zeros dropped).
SparseP from_dense(const Matrix& P);

}  // namespace genrelab::reduce::tsne
