#include "reduce/trustworthiness.hpp"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "reduce/input_checks.hpp"
#include "reduce/tsne_affinities.hpp"

namespace genrelab::reduce {

double trustworthiness(const Matrix& X, const Matrix& Y, int n_neighbors) {
    const Index n = X.rows();
    if (Y.rows() != n)
        throw Error("trustworthiness needs the embedding of the same rows (X has " + with_thousands(n) +
                    " rows, the embedding " + with_thousands(Y.rows()) + ")");
    const Index k = n_neighbors;
    if (k < 1 || 2 * k >= n)
        throw Error("trustworthiness needs 1 ≤ n_neighbors < rows / 2 (n_neighbors = " + std::to_string(n_neighbors) +
                    ", rows = " + with_thousands(n) + ")");
    detail::require_finite(X, "X", "trustworthiness");
    detail::require_finite(Y, "the embedding", "trustworthiness");
    tsne::Neighbours nb = tsne::make_neighbours(n, k);
    std::vector<double> scratch;
    tsne::find_neighbours(Y, 0, n, nb, scratch);
    std::vector<double> dx(static_cast<size_t>(n));
    double penalty = 0.0;
    for (Index i = 0; i < n; ++i) {
        tsne::squared_distances_from(X, i, dx.data());
        for (Index t = 0; t < k; ++t) {
            const Index j = nb.index[static_cast<size_t>(i * k + t)];
            const std::pair<double, Index> key{dx[static_cast<size_t>(j)], j};
            Index rank = 1;  // 1 + the rows that are nearer to i in X than j is
            for (Index l = 0; l < n; ++l)
                if (l != i && std::pair<double, Index>{dx[static_cast<size_t>(l)], l} < key) ++rank;
            if (rank > k) penalty += static_cast<double>(rank - k);
        }
    }
    const double nd = static_cast<double>(n), kd = static_cast<double>(k);
    return 1.0 - penalty * (2.0 / (nd * kd * (2.0 * nd - 3.0 * kd - 1.0)));
}

}  // namespace genrelab::reduce
