// t-distributed stochastic neighbour embedding: a 2-D or 3-D map of the rows of X in which rows that are
// near neighbours in X stay near each other (van der Maaten & Hinton 2008, "Visualizing data using t-SNE",
// JMLR 9), for plots only.
//
// X: n×d, one sample per row, finite, at least 2 distinct rows; the result's embedding is n×n_components.
// t-SNE learns no mapping: there is no transform for new rows (refit with them, or use PCA/LDA), so the
// pipeline uses it only to draw the training data.
//
// The procedure, as scikit-learn 1.2's TSNE with its defaults (init='pca', learning_rate='auto'):
//  1. optionally reduce X to `pca_components` principal components first (not in sklearn; common practice
//     for wide data);
//  2. affinities: per row a Gaussian whose bandwidth is bisected until the perplexity of p_{·|i} is
//     `perplexity` (entropy within 1e−5 nats), then P = (p_{j|i} + p_{i|j}) / Σ. Exact: over all pairs.
//     Barnes-Hut: over each row's ⌊3·perplexity + 1⌋ exact nearest neighbours (blocked brute force,
//     O(n²d) once) — van der Maaten 2014;
//  3. init: PCA scores scaled so the first column has standard deviation 1e−4, or N(0, 1e−4²) from the seeded
//     genrelab::Rng;
//  4. gradient descent on KL(P‖Q), Q a Student-t kernel (α = max(n_components − 1, 1)), with momentum 0.5 and
//     P × early_exaggeration for the first exaggeration_iter iterations, then momentum 0.8; per-parameter
//     gains (+0.2 when the gradient changes sign against the update, ×0.8 otherwise, at least 0.01;
//     Jacobs 1988); learning rate 'auto' = max(n / early_exaggeration / 4, 50); every 50 iterations the
//     KL is checked: stop after n_iter_without_progress iterations without improvement or when the
//     gradient norm ≤ min_grad_norm. Exact gradient for method Exact, Barnes-Hut with `angle` (θ) otherwise.
// Deliberate differences from sklearn: 3-D uses the true gradient (see tsne_gradient.hpp); all arithmetic is
// double (sklearn's optimiser runs in float32); kl_divergence is that of the returned embedding (sklearn
// reports the value before the last update); n_iter counts iterations run (sklearn's n_iter_ is one less);
// the PCA init and pca_components use an exact symmetric eigen-solver rather than randomised SVD.
// Method Auto picks Exact up to 1,000 rows, Barnes-Hut above; Exact refuses more than 3,000 rows (n² memory).
//
// Deterministic: the same params (with seed) and X give bit-identical embeddings natively and in wasm
// (fixed summation orders, sorts with total orders, portable exp/log, no std:: distributions; init Random
// draws its normals by the polar method with the portable log, because Rng::normal's std::log/sin/cos differ
// in the last bit between glibc and emscripten's musl). Verified: 10,000 songs, 2-D, same hash natively and in wasm.
// Cost at n = 10,000 songs × 13 features, defaults (Barnes-Hut, 1,000 iterations), CPU time on one core of
// the development machine: 2-D 15 s natively (g++ -O3; neighbours + P 1.3 s, ≈ 14 ms per iteration) and
// 16.6 s as wasm under Node 20 with identical output; 3-D 39 s natively. scikit-learn 1.2.1 on one thread:
// 96 s for the 2-D map. Re-measure with `genrelab_tests "[.tsne_bench]"` (needs ../shared/data).
#pragma once
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "core/json_eigen.hpp"
#include "core/progress.hpp"
#include "core/stepper.hpp"
#include "core/types.hpp"

namespace genrelab::reduce {

enum class TsneMethod { Auto, Exact, BarnesHut };
NLOHMANN_JSON_SERIALIZE_ENUM(TsneMethod,
                             {{TsneMethod::Auto, "auto"}, {TsneMethod::Exact, "exact"}, {TsneMethod::BarnesHut, "barnes_hut"}})
enum class TsneInit { Pca, Random };
NLOHMANN_JSON_SERIALIZE_ENUM(TsneInit, {{TsneInit::Pca, "pca"}, {TsneInit::Random, "random"}})

struct TsneParams {
    int n_components = 2;              // 2 or 3
    double perplexity = 30.0;          // effective number of neighbours, 1 ≤ perplexity < n
    double early_exaggeration = 12.0;  // ≥ 1
    double learning_rate = 0.0;        // > 0, or 0 for 'auto' = max(n / early_exaggeration / 4, 50)
    int max_iter = 1000;               // total iterations, ≥ 1
    int exaggeration_iter = 250;       // the first ones, with momentum 0.5 and exaggerated P
    int n_iter_without_progress = 300;
    double min_grad_norm = 1e-7;
    TsneInit init = TsneInit::Pca;
    TsneMethod method = TsneMethod::Auto;
    double angle = 0.5;                // Barnes-Hut θ in [0, 1]; 0 = exact repulsion (slow)
    int pca_components = 0;            // > 0: reduce X to this many principal components first
    uint64_t seed = 42;                // used by init Random
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(TsneParams, n_components, perplexity, early_exaggeration, learning_rate,
                                                max_iter, exaggeration_iter, n_iter_without_progress, min_grad_norm,
                                                init, method, angle, pca_components, seed)

struct TsneResult {
    Matrix embedding;              // n×n_components
    double kl_divergence = 0.0;    // KL(P‖Q) of the embedding (Barnes-Hut: with Q's normaliser approximated)
    int n_iter = 0;                // gradient-descent iterations run
    double learning_rate = 0.0;    // the rate used ('auto' resolved)
    TsneMethod method = TsneMethod::Exact;  // the method used (Auto resolved)
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(TsneResult, embedding, kl_divergence, n_iter, learning_rate, method)

// The whole fit cut into steps of bounded time (default ≈ 100 ms): neighbours/distances a block of rows at a
// time, perplexity search a block of rows at a time, then gradient-descent iterations. The result does
// not depend on the step budget. The constructor checks the inputs (throws genrelab::Error) and copies X:
// the caller need not keep X alive.
class TsneFitter : public Stepper {
public:
    TsneFitter(const TsneParams& params, const Matrix& X);
    ~TsneFitter() override;
    TsneFitter(const TsneFitter&) = delete;
    TsneFitter& operator=(const TsneFitter&) = delete;

    bool step() override;
    double fraction() const override;
    std::string stage() const override;

    // Milliseconds of work per step (≤ 0: one unit per step — a row block or one iteration).
    void set_step_budget_ms(double ms);
    // n×n_components: the embedding so far (zeros before the first step ends the preparation), so the page
    // can animate the optimisation.
    Matrix current_embedding() const;
    int iteration() const;               // gradient-descent iterations done
    double last_kl_divergence() const;   // the last KL computed (every 50 iterations; NaN before)
    bool done() const;
    TsneResult result() const;           // throws genrelab::Error until done()

private:
    struct State;
    std::unique_ptr<State> s_;
};

TsneResult fit(const TsneParams& params, const Matrix& X, Progress& progress = Progress::none());

}  // namespace genrelab::reduce
