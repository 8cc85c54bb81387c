// k-nearest-neighbours classifier: a query is given the classes of the k training rows closest to it,
// as (optionally distance-weighted) vote fractions.
//
//   fit stores the training set (X: n×d finite, y: n labels in 0..K−1) after checking it.
//   kneighbors(model, Q, k): Q m×d → distances and indices, m×k each, row i sorted by (distance, index):
//       equal distances keep the lower training index first (scikit-learn's brute force does so when its
//       computed distances are exactly equal; see below).
//   predict_proba: m×K, row i = Σ weights of its k neighbours per class / Σ weights (rows sum to 1).
//       Uniform weights: vote fractions. Distance weights: 1/distance, except that a query at distance 0
//       from some training rows gives those rows weight 1 and all others 0 (scikit-learn's _get_weights).
//   predict: argmax of predict_proba, ties to the lowest class index (as scikit-learn's mode).
//
// Matches scikit-learn's KNeighborsClassifier(n_neighbors=k, metric, weights, algorithm='brute'):
// Euclidean, Manhattan ('manhattan'/cityblock) and cosine (1 − cos, a zero vector has distance 1 to
// everything, clipped to [0, 2]) distances.
//
// Search is exact brute force over blocks of queries × tiles of training rows. A float pass scores every
// training row approximately (a GEMM of centred rows for Euclidean, ‖x−c‖² − 2(q−c)·(x−c); of unit rows
// for cosine; a vectorised |x−q| loop for Manhattan); every row within a proven rounding margin of the
// running k-th best becomes a candidate and is re-measured in double with a fixed-order loop ((q − x)²
// summed over the features in order); the k best by (exact distance, index) are kept. So neighbours and
// distances are bit-identical natively and in wasm whatever GEMM kernel ran, and duplicate training rows
// are exact ties broken by index. scikit-learn's brute force measures Euclidean distances by a double GEMM
// expansion whose rounding, not the index, orders rows at (near-)equal distance: on music_genre.csv
// (40,000 × 13, k = 12) 55 of 10,000 test rows get different vote fractions from scikit-learn's, every
// one with a tie at the 12th neighbour. No kd-tree: at d ≈ 13 the blocked scan is faster than
// scikit-learn's kd-tree (figures in tests/cpp/classify/knn_test.cpp, "kNN benchmark at the peers' size").
#pragma once
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "core/json_eigen.hpp"
#include "core/progress.hpp"
#include "core/stepper.hpp"
#include "core/types.hpp"

namespace genrelab::classify {

enum class KnnMetric { Euclidean, Manhattan, Cosine };
NLOHMANN_JSON_SERIALIZE_ENUM(KnnMetric, {{KnnMetric::Euclidean, "euclidean"},
                                         {KnnMetric::Manhattan, "manhattan"},
                                         {KnnMetric::Cosine, "cosine"}})
enum class KnnWeights { Uniform, Distance };
NLOHMANN_JSON_SERIALIZE_ENUM(KnnWeights, {{KnnWeights::Uniform, "uniform"}, {KnnWeights::Distance, "distance"}})

struct KnnParams {
    int k = 5;
    KnnMetric metric = KnnMetric::Euclidean;
    KnnWeights weights = KnnWeights::Uniform;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(KnnParams, k, metric, weights)

struct KnnModel {
    Matrix X;            // n×d training rows
    Labels y;            // n labels in 0..n_classes−1
    int n_classes = 0;
    KnnParams params;
};
void to_json(nlohmann::json& j, const KnnModel& m);
void from_json(const nlohmann::json& j, KnnModel& m);  // validates

struct KnnNeighbors {
    Matrix distances;        // m×k, each row ascending
    Eigen::MatrixXi indices; // m×k training-row indices, ties in distance by ascending index
};

// X: n×d finite, y: n labels in 0..n_classes−1, 1 ≤ params.k ≤ n.
KnnModel fit(const KnnParams& params, const Matrix& X, const Labels& y, int n_classes,
             Progress& progress = Progress::none());
// Q: m×d finite; 1 ≤ k ≤ n.
KnnNeighbors kneighbors(const KnnModel& model, const Matrix& Q, int k);
// Q: m×d finite → m×n_classes, rows sum to 1.
Matrix predict_proba(const KnnModel& model, const Matrix& Q, Progress& progress = Progress::none());
Labels predict(const KnnModel& model, const Matrix& Q, Progress& progress = Progress::none());
// Throws genrelab::Error when the shapes, labels, k or values are inconsistent (model files come from strangers).
void validate(const KnnModel& model);

// predict_proba in chunks of query rows, so a single-threaded host can report progress and cancel
// between chunks. Holds references: the caller keeps `model` and `Q` alive until result() is taken.
class KnnPredictor : public Stepper {
public:
    // rows_per_step = 0 picks a chunk of roughly 2.7e8 flops (~10–50 ms natively, 256 rows at 40k×13).
    KnnPredictor(const KnnModel& model, const Matrix& Q, Index rows_per_step = 0);
    ~KnnPredictor() override;
    bool step() override;
    double fraction() const override;
    std::string stage() const override;
    Matrix result();        // m×K probabilities; throws genrelab::Error before the last step
    Labels predictions();   // argmax of result(), ties to the lowest class index

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

namespace detail {
// Which float kernel scores candidates for Euclidean and cosine: false = Eigen GEMM (native default),
// true = a row-at-a-time kernel over 8 queries (wasm default, where Eigen's GEMM has no SIMD). Results
// are identical either way; exposed so native tests cover both.
extern bool knn_row_kernel;
}  // namespace detail

}  // namespace genrelab::classify
