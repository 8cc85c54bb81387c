// Trustworthiness of an embedding (Venna & Kaski 2001): how far the k nearest neighbours of each point
// in the embedding Y were from it in the original X, penalising every neighbour that was not among the
// k nearest there by how much its rank exceeded k:
//     T(k) = 1 − 2/(n·k·(2n − 3k − 1)) · Σ_i Σ_{j ∈ N_k^Y(i)} max(0, r_X(i, j) − k)
// with r_X(i, j) the rank (1 = nearest) of j among i's neighbours in X. 1 = every map neighbour is a true
// neighbour. Same definition and value as sklearn.manifold.trustworthiness (Euclidean metric); ties in
// distance are broken by the lower row index.
// X: n×d, Y: n×m (same rows), 1 ≤ n_neighbors < n/2. Cost O(n²·(d + m + k)): fine for a few thousand rows.
#pragma once
#include "core/types.hpp"

namespace genrelab::reduce {

double trustworthiness(const Matrix& X, const Matrix& Y, int n_neighbors = 5);

}  // namespace genrelab::reduce
