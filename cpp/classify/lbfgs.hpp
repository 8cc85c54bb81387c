// Limited-memory BFGS (Liu & Nocedal 1989; two-loop recursion, Nocedal & Wright "Numerical
// Optimization" Alg. 7.4) for smooth unconstrained minimisation, with a strong-Wolfe line search
// (N&W Alg. 3.5/3.6, c1 = 1e-4, c2 = 0.9, cubic interpolation in the zoom).
//
// What it represents: the state of one minimisation of f: ℝⁿ → ℝ, advanced one iteration at a time
// (so a Stepper can cut a fit into bounded steps). f returns the value and fills the gradient.
//
// Stopping rules follow scipy's L-BFGS-B as scikit-learn calls it (its "lbfgs" solver):
//   max_i |g_i| ≤ gtol                                   (scipy's pgtol; scikit-learn passes its `tol`)
//   (f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) ≤ ftol    (scipy's default factr = 1e7 → ftol = 2.2e-9)
//   max_iter iterations; the line search gives up after max_linesearch evaluations (scipy's maxls).
// Differences from scipy: no bound constraints, a different line search (Moré–Thuente there), and the
// first trial step is min(1, 1/‖g‖₂) along −g as in scipy, then 1. Same minimiser for convex problems,
// not the same iterates.
//
// Determinism: every dot product is a plain loop in index order (Eigen's vectorized reductions sum in
// a target-dependent order), so native and wasm runs take the same path given the same f.
#pragma once
#include <functional>
#include <vector>

#include "core/types.hpp"

namespace genrelab::classify {

struct LbfgsParams {
    int memory = 10;            // correction pairs kept (scipy's maxcor)
    int max_iter = 100;
    double gtol = 1e-4;
    double ftol = 2.220446049250313e-09;
    int max_linesearch = 20;
};

enum class LbfgsStatus { Running, ConvergedGradient, ConvergedValue, MaxIterations, LineSearchFailed };

// f(x, grad) → f(x); grad (same size as x) receives ∇f(x).
using LbfgsObjective = std::function<double(const Vector& x, Vector& grad)>;

class Lbfgs {
public:
    // Evaluates f at x0 (already converged if its gradient is small enough).
    Lbfgs(const LbfgsParams& params, LbfgsObjective f, Vector x0);
    // One iteration (direction, line search, memory update). Returns true once stopped.
    bool iterate();
    bool done() const { return status_ != LbfgsStatus::Running; }
    LbfgsStatus status() const { return status_; }
    const Vector& x() const { return x_; }
    double value() const { return f_; }
    const Vector& gradient() const { return g_; }
    int iterations() const { return iter_; }
    int evaluations() const { return evals_; }

private:
    double eval(const Vector& x, Vector& g);
    bool line_search(const Vector& d, double step0, double dg0);

    LbfgsParams p_;
    LbfgsObjective f_fn_;
    Vector x_, g_, x_new_, g_new_;
    double f_ = 0, f_new_ = 0;
    std::vector<Vector> s_, y_;  // circular memory
    std::vector<double> rho_;
    int head_ = 0, count_ = 0;
    int iter_ = 0, evals_ = 0;
    LbfgsStatus status_ = LbfgsStatus::Running;
};

}  // namespace genrelab::classify
