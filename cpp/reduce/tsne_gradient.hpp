// The embedding side of t-SNE: the KL(P‖Q) objective and its gradient for an embedding Y, computed
// exactly (all pairs, O(n²)) or with the Barnes-Hut approximation of the repulsive forces (van der
// Maaten 2014, "Accelerating t-SNE using tree-based algorithms", JMLR 15) over a quadtree (2-D) or
// octree (3-D). Building blocks of reduce/tsne.hpp; public so the tests can check them.
//
// Q is a Student-t kernel with α = max(dims − 1, 1) degrees of freedom, as sklearn (van der Maaten 2009):
//   w_ij = (1 + ‖y_i − y_j‖²/α)^(−(α+1)/2),  q_ij = w_ij / Σ_{k≠l} w_kl,
//   ∂KL/∂y_i = (2(α+1)/α) Σ_j (e·p_ij − q_ij) (1 + ‖y_i − y_j‖²/α)^(−1) (y_i − y_j)
// with e the early-exaggeration factor (1 afterwards). This is the true gradient for every α; sklearn
// (1.2) multiplies by w_ij instead of (1 + d²/α)^(−1), which agrees only for α = 1, i.e. 2-D embeddings.
// Deliberate difference: our 3-D gradients are the true ones.
//
// Y and the gradient are n×dims row-major flat arrays (point i at [i·dims, i·dims + dims)); dims ∈ {2, 3}.
// Every sum runs in a fixed order (the tree is built from a sort with a total order), so results are
// bit-identical natively and in wasm.
#pragma once
#include <cstdint>
#include <vector>

#include "core/types.hpp"
#include "reduce/tsne_affinities.hpp"

namespace genrelab::reduce::tsne {

int degrees_of_freedom(int dims);  // α = max(dims − 1, 1)

// Exact objective. P: n×n symmetric, zero diagonal, sums to 1. Writes grad (n·dims) and returns
// KL(e·P‖Q) = Σ e·p log(e·p / q) when compute_error (NaN otherwise), as sklearn reports it.
double exact_gradient(const RowMatrix& P, const double* Y, Index n, int dims, double exaggeration,
                      bool compute_error, double* grad);

// Barnes-Hut objective with sparse P (symmetric: both (i, j) and (j, i) stored, equal, columns sorted, as
// symmetrize_sparse makes it); keeps its tree and buffers between calls (one per fitter).
// theta = 0 descends to every point (exact repulsion, O(n²)); 0.5 is the usual trade-off.
class BarnesHut {
public:
    double gradient(const SparseP& P, const double* Y, Index n, int dims, double theta, double exaggeration,
                    bool compute_error, double* grad);
    // Nodes in the last tree built (for tests and tuning).
    size_t node_count() const { return nodes_.size(); }

private:
    template <int D>
    double gradient_impl(const SparseP& P, const double* Y, Index n, double theta, double exaggeration,
                         bool compute_error, double* grad);
    struct Node {
        double com[3];       // centre of mass of the points below (first dims entries used)
        double width2;       // squared side of the node's cell
        int32_t begin, end;  // its points: positions [begin, end) in the sorted order
        int32_t skip;        // index of the next node after this subtree (pre-order layout)
        int32_t leaf;        // 1 when the points are visited one by one
    };
    template <int D>
    void build(const double* Y, Index n);
    template <int D>
    int32_t build_node(int32_t begin, int32_t end, double side);
    std::vector<std::pair<uint64_t, int32_t>> order_;  // (Morton code, point), sorted
    std::vector<double> sorted_;                       // coordinates in sorted order
    std::vector<double> neg_;                          // repulsive forces, by sorted position
    std::vector<double> pos_;                          // attractive forces, by point
    std::vector<double> z_part_;                       // Σ_j w_ij, by sorted position
    std::vector<Node> nodes_;                          // pre-order: a node's first child follows it
};

// Matrix conveniences for tests: Y n×dims.
double exact_gradient(const RowMatrix& P, const Matrix& Y, double exaggeration, Matrix& grad);
double barnes_hut_gradient(const SparseP& P, const Matrix& Y, double theta, double exaggeration, Matrix& grad);

}  // namespace genrelab::reduce::tsne
