// Probabilities for SVMs: Platt's sigmoid for one binary decision function, and pairwise coupling of
// the one-vs-one probabilities into one distribution over K classes.
//
// platt_sigmoid_fit: P(y = +1 | f) = 1 / (1 + exp(A f + B)), fitted by the Newton method with
//   backtracking of Lin, Lin & Weng, "A note on Platt's probabilistic outputs for support vector
//   machines", Machine Learning 68 (2007) — libsvm's sigmoid_train, with Platt's smoothed targets
//   (N₊+1)/(N₊+2) and 1/(N₋+2), 100 iterations at most, stopping when |∇| < 1e-5.
// couple_pairwise_probabilities: method 2 of Wu, Lin & Weng, "Probability estimates for multi-class
//   classification by pairwise coupling", JMLR 5 (2004) — libsvm's multiclass_probability: minimizes
//   Σ_i Σ_{j≠i} (r_ji p_i − r_ij p_j)² subject to Σ p = 1 by its fixed-point iteration.
// scikit-learn's SVC(probability=True) uses both (via libsvm), with the decision values of an
// internal 5-fold cross-validation (see svm.hpp).
#pragma once
#include <vector>

#include "core/types.hpp"

namespace genrelab::classify {

struct PlattSigmoid {
    double a = 0;
    double b = 0;
};

// decision_values: n values f_i; positive[i]: true when sample i belongs to the +1 class. n ≥ 1.
PlattSigmoid platt_sigmoid_fit(const Vector& decision_values, const std::vector<bool>& positive);

// P(+1 | f) = 1 / (1 + exp(a f + b)), computed without cancellation for either sign of a f + b.
double platt_sigmoid_predict(double decision_value, const PlattSigmoid& sigmoid);

// r: K×K with r(i, j) = P(class i | class i or j) for i ≠ j (r(j, i) = 1 − r(i, j); the diagonal is
// ignored). Returns the K class probabilities (non-negative, summing to 1 up to rounding).
Vector couple_pairwise_probabilities(const Matrix& r);

}  // namespace genrelab::classify
