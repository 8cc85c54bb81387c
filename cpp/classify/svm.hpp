// C-support vector classification (C-SVC) with a linear, polynomial or RBF kernel — scikit-learn's
// SVC, which is libsvm (Chang & Lin, "LIBSVM: a library for support vector machines", ACM TIST 2011).
//
// What it represents: for every pair of classes (i < j) a binary SVM trained on the rows of those two
// classes only ("one-vs-one"), f_ij(x) = Σ_s coef_s K(sv_s, x) + intercept_ij, positive → class i.
// A new row is predicted by voting over the K(K−1)/2 pairs (ties → the lower class index, like libsvm).
// Each binary problem is solved by libsvm's SMO (classify/svm_smo.hpp: Fan, Chen & Lin 2005, WSS3,
// shrinking, LRU kernel cache); on the same data it follows scikit-learn's path iteration for iteration
// (same n_iter_ per pair in the tests, and 142,262 iterations / 31,879 support vectors on the peers'
// 40k-row benchmark, as scikit-learn). Kernel rows are computed with fixed-order loops and our own exp
// (classify/kernel.hpp), so native and wasm fits are bit-identical.
//
// Shapes: X is n×d (one sample per row), y holds n class indices 0…K−1; every class must have rows.
//   SvmModel::support_vectors  n_SV×d, grouped by class (class 0's first), in training order within a class
//                     support  n_SV row indices into the training X          (sklearn's support_)
//                   n_support  K counts                                     (sklearn's n_support_)
//                   dual_coef  (K−1)×n_SV, libsvm's layout: the coefficients y·α of a support vector of
//                              class c in the pair (c, o) sit in row o−1 if o > c, in row o if o < c
//                              (sklearn's _dual_coef_; its public dual_coef_ is sign-flipped when K = 2)
//                   intercept  K(K−1)/2 in pair order (0,1), (0,2), …, (0,K−1), (1,2), …  = −ρ
//                              (sklearn's _intercept_; public intercept_ is sign-flipped when K = 2)
//              prob_a, prob_b  K(K−1)/2 Platt sigmoids (empty unless fitted with probability = true)
//   decision_values_ovo(X)     n×K(K−1)/2 raw pairwise values (sklearn's decision_function_shape="ovo")
//   decision_function(X)       n×K: votes + the monotone confidence term of sklearn's _ovr_decision_function,
//                              for ROC curves (sklearn's default "ovr" shape). For K = 2 it is n×2 with
//                              column 1 = sklearn's binary decision_function (positive → class 1) and
//                              column 0 = its negation.
//   predict_proba(X)           n×K: Platt sigmoid per pair + pairwise coupling (Wu, Lin & Weng 2004,
//                              method 2), as sklearn's SVC(probability=True). As in sklearn, its argmax
//                              can disagree with predict() (which votes).
//
// probability = true: for each pair, libsvm's internal 5-fold cross-validation gives out-of-fold decision
// values to which the sigmoid is fitted (classify/svm_platt.hpp); the folds come from Rng(seed), so the
// numbers differ a little from sklearn's (whose folds come from its own generator), never between runs.
// gamma_mode Scale = 1 / (d · Var(X)) over all entries of X (1 when Var = 0), Auto = 1/d, like sklearn.
//
// Fitting is steppable (SvmFitter): one step runs a bounded number of SMO iterations (or several small
// sub-problems). Cost: O(iterations × active rows) per pair plus kernel columns the cache misses.
#pragma once
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "classify/kernel.hpp"
#include "core/progress.hpp"
#include "core/stepper.hpp"
#include "core/types.hpp"

namespace genrelab::classify {

enum class SvmGamma { Scale, Auto, Value };
NLOHMANN_JSON_SERIALIZE_ENUM(SvmGamma, {{SvmGamma::Scale, "scale"}, {SvmGamma::Auto, "auto"}, {SvmGamma::Value, "value"}})

struct SvmParams {
    double C = 1.0;
    KernelType kernel = KernelType::Rbf;
    SvmGamma gamma_mode = SvmGamma::Scale;
    double gamma = 0.1;            // used when gamma_mode = Value
    int degree = 3;                // polynomial kernel
    double coef0 = 0.0;            // polynomial kernel
    double tol = 1e-3;             // SMO stopping tolerance
    bool shrinking = true;
    double cache_size_mb = 200;    // kernel column cache per binary problem
    long long max_iter = -1;       // per binary problem; −1 = no limit
    bool probability = false;      // fit Platt sigmoids (5× the training work) for predict_proba
    std::vector<double> class_weight;    // per-class multiplier of C (empty: all 1)
    bool class_weight_balanced = false;  // sklearn's class_weight="balanced": n/(K·n_k); overrides class_weight
    uint64_t seed = 42;            // only the Platt cross-validation folds
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(SvmParams, C, kernel, gamma_mode, gamma, degree, coef0, tol, shrinking,
                                                cache_size_mb, max_iter, probability, class_weight,
                                                class_weight_balanced, seed)

struct SvmModel {
    Kernel kernel;                  // γ resolved to a number
    int n_features = 0;
    int n_classes = 0;
    Matrix support_vectors;         // n_SV × d
    std::vector<int> support;       // training-row index of each support vector
    std::vector<int> n_support;     // per class
    Matrix dual_coef;               // (K−1) × n_SV
    Vector intercept;               // K(K−1)/2
    Vector prob_a, prob_b;          // K(K−1)/2 each, or empty
    std::vector<long long> n_iter;  // SMO iterations per pair (sklearn's n_iter_)
};

void to_json(nlohmann::json& j, const SvmModel& m);
void from_json(const nlohmann::json& j, SvmModel& m);   // validates; throws genrelab::Error
void validate(const SvmModel& m);

// γ as fit() resolves it for this X.
double resolve_gamma(const SvmParams& params, const Matrix& X);

// Steppable fit. Keeps references to X and y: the caller keeps them alive until result() returns.
class SvmFitter : public Stepper {
public:
    SvmFitter(const SvmParams& params, const Matrix& X, const Labels& y, int n_classes);
    ~SvmFitter() override;
    bool step() override;
    double fraction() const override;
    std::string stage() const override;
    SvmModel result() const;   // after step() returned true

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

SvmModel fit(const SvmParams& params, const Matrix& X, const Labels& y, int n_classes,
             Progress& progress = Progress::none());

Labels predict(const SvmModel& model, const Matrix& X);
Matrix decision_values_ovo(const SvmModel& model, const Matrix& X);
Matrix decision_function(const SvmModel& model, const Matrix& X);
Matrix predict_proba(const SvmModel& model, const Matrix& X);   // throws unless fitted with probability

// Prediction of many rows cut into steps (a large model on 10k rows takes seconds in wasm): each step
// computes the pairwise decision values of a block of rows (≈ 4M kernel values). Keeps references to
// the model and X. result() is n×K(K−1)/2, the same numbers as decision_values_ovo; turn them into
// labels, scores or probabilities with the *_from_ovo functions (which need no kernel evaluations).
class SvmDecisionStepper : public Stepper {
public:
    SvmDecisionStepper(const SvmModel& model, const Matrix& X);
    ~SvmDecisionStepper() override;
    bool step() override;
    double fraction() const override;
    std::string stage() const override;
    const Matrix& result() const;   // after step() returned true

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};
Labels predict_from_ovo(const SvmModel& model, const Matrix& ovo);
Matrix decision_function_from_ovo(const SvmModel& model, const Matrix& ovo);
Matrix predict_proba_from_ovo(const SvmModel& model, const Matrix& ovo);

}  // namespace genrelab::classify
