// Multinomial logistic regression (softmax regression) with an L2 penalty, fitted by L-BFGS —
// scikit-learn's LogisticRegression(multi_class="multinomial", solver="lbfgs", penalty="l2").
//
// What it represents: K linear scores z_c = x·w_c + b_c turned into probabilities p = softmax(z).
// Fitting minimises the convex objective of scikit-learn 1.2:
//     f(W, b) = Σ_i s_i·(−log p_{y_i}(x_i)) + ‖W‖² / (2C),    s_i = class_weight[y_i] (1 by default)
// (= (1/C)·(C·Σ CE + ½‖W‖²): the same minimiser as C·Σ CE + ½‖W‖², and the same scale as
// scikit-learn's, so `tol` means the same: L-BFGS stops when max |∂f| ≤ tol). The intercepts are not
// penalised; like scikit-learn we start from all zeros, which keeps Σ_c b_c = 0 (the softmax is
// unchanged by adding a constant to every b_c, so this fixes the otherwise free offset).
// W has one row per class even for K = 2 (scikit-learn then reports only coef_[1] = our coef.row(1),
// and our coef.row(0) = −coef.row(1) at the optimum).
//
// Shapes: X is n×d, one sample per row; y has n labels in 0..n_classes−1; coef is K×d (scikit-learn's
// coef_), intercept K; decision_function and predict_proba return n×K.
//
// Determinism: the products go through classify/mlp_kernels.hpp and exp/log through activation.hpp,
// so the same data give the same bits natively and in wasm.
#pragma once
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/json_eigen.hpp"
#include "core/progress.hpp"
#include "core/stepper.hpp"
#include "core/types.hpp"

namespace genrelab::classify {

struct LogisticParams {
    double C = 1.0;                    // inverse L2 strength (> 0), as in scikit-learn
    int max_iter = 100;                // L-BFGS iterations
    double tol = 1e-4;                 // stop when max |gradient| ≤ tol
    bool fit_intercept = true;
    std::vector<double> class_weight;  // empty = all 1; else one weight ≥ 0 per class, in class order
    // scikit-learn's class_weight="balanced": n / (K·n_c) (preprocess::balanced_class_weight); overrides class_weight
    bool class_weight_balanced = false;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(LogisticParams, C, max_iter, tol, fit_intercept, class_weight,
                                                class_weight_balanced)

struct LogisticModel {
    Matrix coef;       // K×d
    Vector intercept;  // K (zeros when fit_intercept = false)
    int n_iter = 0;    // L-BFGS iterations used
    bool converged = false;  // false when max_iter ran out (or the line search failed)
};
void to_json(nlohmann::json& j, const LogisticModel& m);
void from_json(const nlohmann::json& j, LogisticModel& m);  // validates

// Throws genrelab::Error when coef is not K×d with K ≥ 2, d ≥ 1, intercept is not K, or a value is not finite.
void validate(const LogisticModel& model);

// A step runs L-BFGS iterations until about 10⁸ multiply-adds of objective evaluations are done
// (at least one iteration). The fitter copies X (row-major) and y: they need not outlive it.
class LogisticFitter : public Stepper {
public:
    LogisticFitter(const LogisticParams& params, const Matrix& X, const Labels& y, int n_classes);
    ~LogisticFitter() override;
    LogisticFitter(const LogisticFitter&) = delete;
    LogisticFitter& operator=(const LogisticFitter&) = delete;

    bool step() override;
    double fraction() const override;  // iterations / max_iter (1 once converged)
    std::string stage() const override;
    double objective() const;          // f at the current coefficients
    LogisticModel result() const;      // current coefficients; final after the last step

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

LogisticModel fit(const LogisticParams& params, const Matrix& X, const Labels& y, int n_classes,
                  Progress& progress = Progress::none());

Matrix decision_function(const LogisticModel& model, const Matrix& X);  // n×K scores X·coefᵀ + intercept
Matrix predict_proba(const LogisticModel& model, const Matrix& X);      // n×K, rows sum to 1
Labels predict(const LogisticModel& model, const Matrix& X);            // argmax (lowest index on ties)

}  // namespace genrelab::classify
