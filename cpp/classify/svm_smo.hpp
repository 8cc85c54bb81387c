// The SMO solver of libsvm for one binary C-SVC problem, resumable so that a fit can be cut into steps.
//
// Solves the dual   min_α ½ αᵀQα − eᵀα   s.t.  yᵀα = 0,  0 ≤ α_i ≤ C_i,   Q_ij = y_i y_j K(x_i, x_j)
// with the decomposition method of Fan, Chen & Lin, "Working set selection using second order
// information for training support vector machines", JMLR 6 (2005) 1889–1918 (WSS3), exactly as
// libsvm 3.x / scikit-learn 1.2's bundled libsvm implement it: the same working-set rule and tie
// breaking (last index wins), the same clipping of the two-variable update, τ = 1e-12, shrinking every
// min(l, 1000) iterations with the ε·10 "unshrink" gradient reconstruction, the stopping rule
// m(α) − M(α) < tol, and b from the free variables (or the middle of the feasible interval). Q columns
// are stored as float, as libsvm does, in an LRU cache of at most `cache_mb` megabytes that keeps partial
// columns (only the active part) while shrinking. The kernel columns are computed with a fixed-order
// loop (classify/kernel.hpp), so on the same data the solver takes the same path as scikit-learn's SVC
// (same iteration count) up to rare last-bit differences of exp().
//
// Deliberate differences from libsvm: when max_iter is reached the gradient is reconstructed before b
// is computed (upstream libsvm does this; scikit-learn's copy does not).
#pragma once
#include <memory>
#include <vector>

#include "classify/kernel.hpp"
#include "core/types.hpp"

namespace genrelab::classify {

struct SmoSettings {
    double tol = 1e-3;          // stopping tolerance on the maximal violation m(α) − M(α)
    bool shrinking = true;
    double cache_mb = 200;      // kernel column cache limit (at least two columns are always kept)
    long long max_iter = -1;    // −1: no limit
};

struct SmoResult {
    std::vector<double> coef;   // y_i α_i for each problem row, in the order the rows were given
    double rho = 0;             // decision value f(x) = Σ coef_i K(x_i, x) − rho
    double objective = 0;       // dual objective at the solution
    long long iterations = 0;
    bool reached_max_iter = false;
};

class SmoSolver {
public:
    // X: n×d training matrix, read only here (the rows used are copied, so X need not outlive the
    // solver). rows: which rows of X form this problem (l ≥ 2 of them); y: +1 or −1 for each of those
    // rows; c_pos/c_neg: the box bound C for rows with y = +1 / −1.
    SmoSolver(const Matrix& X, const std::vector<int>& rows, const std::vector<signed char>& y, double c_pos,
              double c_neg, const Kernel& kernel, const SmoSettings& settings);
    ~SmoSolver();
    SmoSolver(const SmoSolver&) = delete;
    SmoSolver& operator=(const SmoSolver&) = delete;

    // Runs SMO iterations until about `work` element operations (iterations × active rows) are done
    // or the problem is solved; returns true when solved. Deterministic: the cut does not depend on time.
    bool advance(double work);
    bool done() const;
    long long iterations() const;
    double work_done() const;   // total of the `work` units spent so far
    int size() const;
    SmoResult result() const;   // only when done()

private:
    struct State;
    std::unique_ptr<State> s_;
};

// Convenience: solve to the end.
SmoResult smo_solve(const Matrix& X, const std::vector<int>& rows, const std::vector<signed char>& y, double c_pos,
                    double c_neg, const Kernel& kernel, const SmoSettings& settings);

}  // namespace genrelab::classify
