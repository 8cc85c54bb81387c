// Diagnostics of a clustering: how compact and separated the clusters are (silhouette), how well they
// agree with known classes (adjusted Rand index, normalized mutual information, contingency table), and
// a log-likelihood for a k-means result so that k-means and Gaussian mixtures can be compared on one scale.
//
// Shapes: X is n×d, one sample per row (Euclidean distances); a labeling is one int ≥ 0 per sample.
//
// silhouette (Rousseeuw 1987): for sample i in cluster A, a(i) = mean distance to the other members of A,
//   b(i) = min over the other clusters B of the mean distance to the members of B,
//   s(i) = (b − a) / max(a, b), and s(i) = 0 when A has one member. The score is the mean of s(i).
//   Matches sklearn.metrics.silhouette_samples / silhouette_score (metric='euclidean'); like sklearn it
//   needs 2 ≤ number of distinct labels ≤ n − 1. Distances are computed directly (√Σ(x−y)², exact)
//   where sklearn expands ‖x‖² − 2x·y + ‖y‖², so values agree to ~1e-12, not to the last bit.
//   The exact score costs n² distances (40,000 rows: 1.6 billion, several seconds). The sampled score
//   uses the rows of genrelab::peer_sample(n, m, seed) — the same rows the peer benchmarks
//   (../shared/peers) take with m = 5,000 and seed = split seed + 2 — and is exact when n ≤ m.
//
// adjusted_rand_index (Hubert & Arabie 1985): sklearn.metrics.adjusted_rand_score (symmetric; 1 for
//   identical partitions up to renaming, ~0 for independent ones, can be negative).
// normalized_mutual_info: sklearn.metrics.normalized_mutual_info_score with average_method='arithmetic':
//   MI / ((H(a) + H(b)) / 2), natural logarithms; 1 when both labelings have one cluster each.
// contingency_table: rows = clusters, columns = classes, entry = number of samples in both (the
//   transpose of sklearn.metrics.cluster.contingency_matrix(classes, clusters)).
//
// kmeans_log_likelihood — the hard-assignment log-likelihood of a k-means result, per sample:
//   treat the k-means result as a Gaussian mixture with one spherical variance shared by all clusters,
//     σ² = (1 / (n·d)) · Σ_i ‖x_i − μ_{c(i)}‖²      (inertia / (n·d): the maximum-likelihood variance)
//     π_c = n_c / n                                  (cluster fractions as mixing weights)
//   and score each sample by its own cluster only (hard assignment, no sum over components):
//     ℓ = (1/n) Σ_i [ log π_{c(i)} + log N(x_i | μ_{c(i)}, σ² I) ]
//       = (1/n) Σ_c n_c log(n_c / n) − (d/2) · log(2π σ²) − d/2.
//   It is in nats per sample like GaussianMixture.score, so a k-means curve and a GMM curve can share an
//   axis; it is a lower bound of that mixture's soft log-likelihood. With σ² = 0 (every sample on its
//   centre) it is +∞. The parameter count for BIC/AIC is k·d (means) + 1 (σ²) + k − 1 (weights).
//
// Determinism: sums run in a fixed order and logarithms use genrelab::portable::log (the header-only
// core/portable_math.hpp: glibc's and musl's std::log differ in the last bit for some arguments), so the
// same input gives the same bits natively and in wasm.
#pragma once
#include <cstdint>

#include "core/types.hpp"

namespace genrelab::metrics {

// Per-sample silhouette s(i) (length n) and its mean. labels: length n, values ≥ 0.
Vector silhouette_samples(const Matrix& X, const Labels& labels);
double silhouette_score(const Matrix& X, const Labels& labels);
// Silhouette score on at most max_rows rows chosen by peer_sample(n, max_rows, seed).
double silhouette_score_sampled(const Matrix& X, const Labels& labels, size_t max_rows = 5000, uint32_t seed = 44);

double adjusted_rand_index(const Labels& a, const Labels& b);
double normalized_mutual_info(const Labels& a, const Labels& b);

// n_clusters / n_classes ≤ 0: use max label + 1. Entry (c, k) = #samples with clusters[i] = c and classes[i] = k.
Eigen::MatrixXi contingency_table(const Labels& clusters, const Labels& classes, int n_clusters = 0, int n_classes = 0);

// See above. centers: k×d; labels: length n, values in 0..k−1. Returns nats per sample.
double kmeans_log_likelihood(const Matrix& X, const Matrix& centers, const Labels& labels);
// Free parameters of that model (for BIC = −2·n·ℓ + p·ln n, AIC = −2·n·ℓ + 2p).
int kmeans_n_parameters(int k, int d);

}  // namespace genrelab::metrics
