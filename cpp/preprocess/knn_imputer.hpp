// Fills missing values from the nearest training rows: scikit-learn's KNNImputer (1.2) with the
// nan_euclidean metric.
//
//   X (fit): n_train × d, NaN = missing (±Inf is an error). The model keeps these rows: they are the donors.
//   X (transform): n × d; the result is n × d_out, where d_out = d minus the columns that had no value in
//   training (sklearn drops those), or d with keep_empty_features (those columns become 0).
//
// For a row with a missing value in column c: the distance to each training row is
//   sqrt(d / (#coordinates present in both) · Σ over those coordinates (x − y)²)   (nan_euclidean;
//   undefined when they share none), computed like sklearn as dot products (X², present masks, X·Yᵀ —
//   one GEMM per chunk). Among the training rows whose column c is known ("potential donors"), the
//   n_neighbors nearest are averaged: uniform, or weighted by 1/distance (a donor at distance 0 takes
//   all the weight; an undefined distance weighs 0). When no potential donor has a defined distance,
//   the column's training mean is used. Donors come from the training rows only, never from X.
// Differs from sklearn: equal distances are broken by the lower training row (numpy's argpartition
// breaks them arbitrarily); max_donors > 0 (off by default) keeps only that many training rows, drawn
// with genrelab::Rng(seed), to bound model size and time — sklearn keeps all.
// transform runs as a Stepper (KnnImputeTransform) over chunks of rows, because imputing 10k rows
// against 40k donors is a few seconds in wasm.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/progress.hpp"
#include "core/stepper.hpp"
#include "core/types.hpp"

namespace genrelab::preprocess {

enum class KnnWeights { Uniform, Distance };
NLOHMANN_JSON_SERIALIZE_ENUM(KnnWeights, {{KnnWeights::Uniform, "uniform"}, {KnnWeights::Distance, "distance"}})

struct KnnImputerParams {
    int n_neighbors = 5;
    KnnWeights weights = KnnWeights::Uniform;
    bool keep_empty_features = false;
    long long max_donors = 0;   // 0: every training row is a donor
    uint64_t seed = 42;         // only for max_donors
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(KnnImputerParams, n_neighbors, weights, keep_empty_features, max_donors, seed)

struct KnnImputerModel {
    KnnImputerParams params;
    Matrix donors;               // n_donors × d, NaN = missing (saved with null for NaN)
    // Derived from `donors` by fit and on load, never saved:
    std::vector<bool> valid;     // d: the column has a known value in some donor
    Vector column_mean;          // d: mean of the known donor values (0 where invalid)
    Matrix donor_terms;          // n_donors × 3d: [present, values², values] with NaN → 0, for the distance GEMM
    std::vector<unsigned char> known;   // d × n_donors, column-blocked: known[j·n_donors + t] = donor t knows column j
    std::vector<Index> n_known;  // d: donors with a known value in the column
};

KnnImputerModel fit(const KnnImputerParams& params, const Matrix& X, Progress& progress = Progress::none());
Matrix transform(const KnnImputerModel& model, const Matrix& X, Progress& progress = Progress::none());
Index n_outputs(const KnnImputerModel& model);

// Imputes chunk by chunk. Holds references to `model` and `X`: the caller keeps both alive until done.
class KnnImputeTransform : public Stepper {
public:
    KnnImputeTransform(const KnnImputerModel& model, const Matrix& X);
    bool step() override;
    double fraction() const override;
    std::string stage() const override { return "k-NN imputation"; }
    Matrix result();   // n × n_outputs(model); call when step() has returned true

private:
    const KnnImputerModel& model_;
    const Matrix& X_;
    Matrix out_;                     // n × d, filled in place
    std::vector<Index> receivers_;   // rows with a missing value in a valid column
    size_t next_ = 0;
    Index chunk_ = 1;
    Matrix lhs_, dist_, count_;      // scratch, reused between steps
};

void validate(const KnnImputerModel& model);   // also checks the derived parts match `donors`
void to_json(nlohmann::json& j, const KnnImputerModel& m);
void from_json(const nlohmann::json& j, KnnImputerModel& m);   // rebuilds the derived parts, validates

}  // namespace genrelab::preprocess
