// Fills the missing values of ONE numeric column by predicting them from the other columns with a small
// multilayer perceptron regressor — e.g. a song's missing tempo from its energy, danceability, loudness …
//
//   X (fit, transform): n × d, one sample per row, NaN = missing (±Inf is an error); `target` is the index
//   of the column to impute (0..d−1). transform returns n × d: only the target column's NaN cells change.
//
// Fit uses the rows whose target is known. A seeded random validation_fraction of them is held out: the
// network is trained on the rest and its R² on the held-out rows (scikit-learn's r2_score: 1 − SS_res/SS_tot)
// is kept in the model, so a teacher can show how well the column can be guessed before trusting the
// guesses. The model used for imputation is the one trained without the held-out rows (no refit), so the
// reported R² is the R² of the very model that fills the cells.
// Predictors: the other d−1 columns. A missing predictor is replaced by that column's training median
// (like SimpleImputer(strategy="median") inside a scikit-learn Pipeline), then predictors are standardised
// with the training mean/std (StandardScaler), and the target is standardised too (the MLP's squared
// error is scale-sensitive); predictions are mapped back to the column's units.
// The network is classify::MlpModel with task = regression (scikit-learn's MLPRegressor objective: ½·MSE +
// L2, Adam). scikit-learn's closest counterpart is IterativeImputer(estimator=MLPRegressor) with one column
// and max_iter=1; it draws its own random numbers, so results agree in quality (R²), not in bits.
// Fit only on training rows, or the imputed features leak test values (leakage.hpp's FitGuard).
#pragma once
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "classify/mlp.hpp"
#include "core/progress.hpp"
#include "core/stepper.hpp"
#include "core/types.hpp"

namespace genrelab::preprocess {

struct RegressionImputerParams {
    std::vector<int> hidden = {32};    // hidden layer widths of the MLP
    int epochs = 40;
    double learning_rate = 1e-3;
    int batch_size = 128;
    double weight_decay = 1e-4;        // L2 (scikit-learn's alpha)
    double validation_fraction = 0.2;  // of the rows with a known target, held out to measure R²; [0, 0.9]
    uint64_t seed = 42;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(RegressionImputerParams, hidden, epochs, learning_rate, batch_size, weight_decay,
                                                validation_fraction, seed)

struct RegressionImputerModel {
    Index n_inputs = 0;          // d
    Index target = -1;           // the imputed column
    Vector predictor_fill;       // d−1: training median of each predictor (fills its missing cells)
    Vector predictor_mean;       // d−1
    Vector predictor_scale;      // d−1 (1 for a constant predictor, like StandardScaler)
    double target_mean = 0;
    double target_scale = 1;
    classify::MlpModel mlp;      // (d−1) → hidden → 1, on standardised values
    double validation_r2 = 0;    // NaN when there were no held-out rows (or they had constant targets)
    long long n_fit = 0;         // rows the network was trained on
    long long n_validation = 0;  // held-out rows the R² is measured on
};

// R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)², as sklearn.metrics.r2_score: 1 for a perfect fit; for constant y it is
// 1 when the predictions are exact and 0 otherwise (scikit-learn's convention). y and y_pred: same length ≥ 1.
double r2_score(const Vector& y, const Vector& y_pred);

// Fitting as a Stepper (one MLP step per step). Copies what it needs: X need not outlive it.
class RegressionImputerFitter : public Stepper {
public:
    RegressionImputerFitter(const RegressionImputerParams& params, const Matrix& X, Index target,
                            const std::string& column_name = "");
    ~RegressionImputerFitter() override;
    bool step() override;
    double fraction() const override;
    std::string stage() const override;
    RegressionImputerModel result() const;   // after step() returned true

private:
    RegressionImputerParams params_;
    RegressionImputerModel model_;
    Matrix P_val_;     // held-out predictors (standardised)
    Vector y_val_;     // held-out targets (original units)
    std::unique_ptr<classify::MlpFitter> fitter_;
    bool done_ = false;
};

RegressionImputerModel fit(const RegressionImputerParams& params, const Matrix& X, Index target,
                           const std::string& column_name = "", Progress& progress = Progress::none());
// n × d; `filled` (optional) receives the number of cells imputed.
Matrix transform(const RegressionImputerModel& model, const Matrix& X, long long* filled = nullptr);
// The network's prediction of the target for every row of X (n), whatever the target's own value.
Vector predict_target(const RegressionImputerModel& model, const Matrix& X);

void validate(const RegressionImputerModel& model);
void to_json(nlohmann::json& j, const RegressionImputerModel& m);
void from_json(const nlohmann::json& j, RegressionImputerModel& m);   // validates

}  // namespace genrelab::preprocess
