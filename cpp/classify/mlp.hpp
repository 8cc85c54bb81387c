// Multilayer perceptron (fully connected feed-forward network) trained by mini-batch
// backpropagation (Rumelhart, Hinton & Williams 1986) — the classifier of the seed report (58% on
// music_genre.csv) and the regressor behind the regression imputer.
//
// What it represents: inputs x (d) → hidden layers h_l = f(h_{l−1}·W_l + b_l) of the given widths →
// output layer z = h_L·W_out + b_out, then
//   classification: p = softmax(z) (K classes), loss = mean over the batch of class_weight[y]·(−log p_y)
//   regression:     ŷ = z (identity, n_outputs values), loss = mean over the batch of ½·‖ŷ − y‖²
// plus the L2 penalty (weight_decay / (2·batch)) · Σ‖W_l‖² on the weights, never on the biases.
// This is exactly scikit-learn's MLPClassifier/MLPRegressor objective with alpha = weight_decay
// (so weight_decay = 1e-4 matches its default), and its weight layout: W_l is fan_in × fan_out.
//
// Shapes: X is n×d, one sample per row; y has n labels in 0..n_classes−1; Y (regression) is
// n×n_outputs; predict_proba returns n×K (rows sum to 1), predict_values n×n_outputs.
//
// Initialisation: Glorot/Xavier uniform (Glorot & Bengio 2010) as scikit-learn does it: weights and
// biases ~ U(±√(6/(fan_in+fan_out))), with 2 instead of 6 for sigmoid; drawn from genrelab::Rng, so
// the numbers differ from scikit-learn's but not their distribution. fit(..., initial) starts from
// given weights instead (warm start; the optimizer's moments start at zero).
//
// Training: each epoch shuffles the training rows (seeded; `shuffle = false` keeps their order, as
// scikit-learn's shuffle=False), cuts them into mini-batches of batch_size (the last one may be
// smaller) and takes one optimizer step per batch (optimizer.hpp: SGD with momentum, Adam, Nadam).
// Dropout (Srivastava et al. 2014, "inverted": kept units are scaled by 1/(1−p) during training,
// nothing changes at prediction) applies to the outputs of the hidden layers, not to the inputs.
// Learning-rate schedules: StepDecay multiplies the rate by step_factor every step_every epochs;
// ReduceOnPlateau multiplies it by step_factor when the monitored loss has not improved for
// plateau_patience epochs (Keras' ReduceLROnPlateau with min_delta = 0, cooldown = 0).
// The monitored loss is the validation loss when validation_fraction > 0, else the training loss.
// Early stopping (early_stopping_patience > 0) ends training once the monitored loss has not improved
// (strictly decreased) for that many epochs and restores the weights of the best epoch (Keras'
// restore_best_weights = true). scikit-learn's early_stopping monitors validation *accuracy* with a
// tolerance, and keeps its best weights too; here it is the loss, with no tolerance.
// The validation rows are taken from the training rows before training: a stratified (per class),
// seeded random validation_fraction of each class, at least one row of each class staying in
// training; for regression a plain seeded random subset.
//
// History (per epoch, live through MlpFitter::history()): train_loss and train_accuracy are running
// means over the epoch's mini-batches as they were trained (dropout on, weights moving — as Keras
// reports them); unlike scikit-learn's loss_curve_ the loss excludes the L2 penalty; val_loss/val_accuracy are
// computed after the epoch on the validation rows exactly as predict would (same bits). Classification
// losses are means over rows of class_weight[y]·(−log p_y), like the objective. For regression the
// losses are mean squared errors (mean over rows and outputs of (ŷ−y)²) and the
// accuracy lists stay empty. learning_rate is the rate used during that epoch.
//
// Precision: float32 = true (the default) trains and predicts in IEEE single precision: the Eigen-free
// kernels (mlp_kernels.hpp) run about 2× faster in float than in double, natively and in wasm, and the
// test accuracy is the same (tested on a make_classification problem; on music_genre.csv 58.3% in
// float, 58.25% in double). float32 = false uses double throughout
// (the numeric-gradient test runs in double). Weights are stored in the model file as doubles
// (exact copies of the floats when float32). Results are bit-identical natively and in wasm for the
// same params and seed: all sums run in a fixed order and exp/log are our own (activation.hpp).
//
// Differences from scikit-learn worth knowing: no tol/n_iter_no_change on the training loss
// (training runs `epochs` epochs unless early stopping is on), classical not Nesterov momentum for
// SGD, class weights (a list, or "balanced" = class_weight_balanced), dropout, LeakyReLU and Nadam
// (scikit-learn's MLP has none of these), schedules for every optimizer (its "invscaling"/"adaptive" apply to SGD only). Its validation split is
// stratified too, but drawn from its own RNG.
#pragma once
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "classify/activation.hpp"
#include "classify/optimizer.hpp"
#include "core/json_eigen.hpp"
#include "core/progress.hpp"
#include "core/stepper.hpp"
#include "core/types.hpp"

namespace genrelab::classify {

enum class MlpSchedule { None, StepDecay, ReduceOnPlateau };
NLOHMANN_JSON_SERIALIZE_ENUM(MlpSchedule, {{MlpSchedule::None, "none"},
                                           {MlpSchedule::StepDecay, "step_decay"},
                                           {MlpSchedule::ReduceOnPlateau, "reduce_on_plateau"}})

enum class MlpTask { Classification, Regression };
NLOHMANN_JSON_SERIALIZE_ENUM(MlpTask, {{MlpTask::Classification, "classification"}, {MlpTask::Regression, "regression"}})

struct MlpParams {
    std::vector<int> hidden = {64, 64};  // widths of the hidden layers, input side first; may be empty
    Activation activation = Activation::Relu;
    double leaky_slope = 0.01;           // LeakyReLU slope for z < 0, in [0, 1)
    Optimizer optimizer = Optimizer::Adam;
    double learning_rate = 1e-3;
    double momentum = 0.9;                       // Sgd
    double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;  // Adam, Nadam
    double weight_decay = 1e-4;          // L2 strength, scikit-learn's alpha
    double dropout = 0;                  // probability of dropping a hidden unit, in [0, 1)
    int batch_size = 256;                // clipped to the number of training rows
    int epochs = 30;
    bool shuffle = true;                 // reshuffle the training rows every epoch
    MlpSchedule schedule = MlpSchedule::None;
    int step_every = 10;                 // StepDecay: epochs between rate cuts
    double step_factor = 0.5;            // StepDecay and ReduceOnPlateau: rate multiplier, in (0, 1]
    int plateau_patience = 5;            // ReduceOnPlateau: epochs without improvement before a cut
    double validation_fraction = 0;      // held out of the training rows (stratified, seeded), in [0, 1)
    int early_stopping_patience = 0;     // 0 = off
    std::vector<double> class_weight;    // empty = all 1; else one weight ≥ 0 per class, in class order
    // scikit-learn's class_weight="balanced": w_c = n / (K·n_c) over the rows given to fit (validation rows
    // included), preprocess::balanced_class_weight; overrides class_weight. A class with no row is an error.
    bool class_weight_balanced = false;
    bool float32 = true;                 // train and predict in float (false: double)
    uint64_t seed = 42;                  // initial weights, split, shuffling, dropout
    MlpTask task = MlpTask::Classification;  // set by fit (classification) or fit_regressor
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(MlpParams, hidden, activation, leaky_slope, optimizer, learning_rate,
                                                momentum, beta1, beta2, epsilon, weight_decay, dropout, batch_size,
                                                epochs, shuffle, schedule, step_every, step_factor, plateau_patience,
                                                validation_fraction, early_stopping_patience, class_weight,
                                                class_weight_balanced, float32, seed, task)

// One dense layer: out = in·weights + biases.
struct MlpLayer {
    Matrix weights;  // fan_in × fan_out (scikit-learn's coefs_[l])
    Vector biases;   // fan_out (scikit-learn's intercepts_[l])
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(MlpLayer, weights, biases)

struct MlpHistory {
    std::vector<double> train_loss, train_accuracy, val_loss, val_accuracy, learning_rate;  // one per epoch
    int best_epoch = -1;        // 0-based epoch with the lowest monitored loss (validation if any)
    double best_loss = 0;       // that loss
    bool stopped_early = false;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(MlpHistory, train_loss, train_accuracy, val_loss, val_accuracy,
                                                learning_rate, best_epoch, best_loss, stopped_early)

struct MlpModel {
    MlpParams params;
    int n_inputs = 0;               // d
    int n_outputs = 0;              // K for classification, the number of targets for regression
    int n_classes = 0;              // K (= n_outputs) for classification, 0 for regression
    std::vector<MlpLayer> layers;   // hidden layers then the output layer
    MlpHistory history;
};
void to_json(nlohmann::json& j, const MlpModel& m);
void from_json(const nlohmann::json& j, MlpModel& m);  // validates (model files come from strangers)

// Throws genrelab::Error when the layers' shapes do not chain from n_inputs through params.hidden to
// n_outputs, a weight is not finite, or the task/class counts disagree.
void validate(const MlpModel& model);

// Training cut into steps for the wasm worker. A step trains whole mini-batches until about 10⁹
// multiply-adds are done or the epoch ends; the epoch's validation pass and bookkeeping close its last
// step. Measured: 13→64→64→10 on 40k rows is one step per epoch, ~28 ms natively, ~60 ms in wasm;
// 13→256→512→512→10 takes 3 batches of 256 per step, ~30 ms natively, ~75 ms in wasm.
// The fitter copies the rows it needs at construction: X, y and Y need not outlive it.
class MlpFitter : public Stepper {
public:
    // Classification: X n×d, y n labels in 0..n_classes−1. `initial` (optional) gives the starting
    // weights; it must have the same shape (d, params.hidden, n_classes).
    MlpFitter(const MlpParams& params, const Matrix& X, const Labels& y, int n_classes,
              const MlpModel* initial = nullptr);
    // Regression: X n×d, Y n×n_outputs.
    MlpFitter(const MlpParams& params, const Matrix& X, const Matrix& Y, const MlpModel* initial = nullptr);
    ~MlpFitter() override;
    MlpFitter(const MlpFitter&) = delete;
    MlpFitter& operator=(const MlpFitter&) = delete;

    bool step() override;
    double fraction() const override;
    std::string stage() const override;

    const MlpHistory& history() const;  // grows by one entry per finished epoch
    int epochs_done() const;
    // Rows of X held out for validation (ascending; empty when validation_fraction = 0).
    const std::vector<Index>& validation_rows() const;
    // The model with the current weights — after the last step, the final model (best weights when
    // early stopping is on). Callable at any time, e.g. to preview predictions.
    MlpModel result() const;

    struct Impl;  // the trainer in float or double (mlp.cpp)

private:
    std::unique_ptr<Impl> impl_;
};

// Classification. Runs an MlpFitter to the end, reporting after each step.
MlpModel fit(const MlpParams& params, const Matrix& X, const Labels& y, int n_classes,
             Progress& progress = Progress::none());
MlpModel fit(const MlpParams& params, const Matrix& X, const Labels& y, int n_classes, const MlpModel& initial,
             Progress& progress = Progress::none());
// Regression (identity output, squared error): Y is n×n_outputs; targets are used as given (scale them).
MlpModel fit_regressor(const MlpParams& params, const Matrix& X, const Matrix& Y, Progress& progress = Progress::none());
MlpModel fit_regressor(const MlpParams& params, const Matrix& X, const Matrix& Y, const MlpModel& initial,
                       Progress& progress = Progress::none());

// n×K class probabilities (classification models).
Matrix predict_proba(const MlpModel& model, const Matrix& X);
// n labels: the most probable class (the lowest index on ties).
Labels predict(const MlpModel& model, const Matrix& X);
// n×n_outputs predicted values (regression models).
Matrix predict_values(const MlpModel& model, const Matrix& X);

// The training objective on (X, y) at the model's weights — data loss plus the L2 penalty, as one
// batch of all n rows, dropout off — and its gradient by backpropagation, in the model's precision.
// For gradient checks and diagnostics.
struct MlpGradient {
    double loss = 0;
    std::vector<Matrix> weights;  // same shapes as model.layers[l].weights
    std::vector<Vector> biases;
};
MlpGradient mlp_loss_and_gradient(const MlpModel& model, const Matrix& X, const Labels& y);
MlpGradient mlp_regression_loss_and_gradient(const MlpModel& model, const Matrix& X, const Matrix& Y);

}  // namespace genrelab::classify
