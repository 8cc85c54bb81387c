// No FMA contraction: same iterates natively and in wasm (see activation.hpp).
#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

#include "classify/lbfgs.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace genrelab::classify {

namespace {

double dot(const Vector& a, const Vector& b) {
    double s = 0;
    for (Index i = 0; i < a.size(); ++i) s += a[i] * b[i];
    return s;
}

double max_abs(const Vector& a) {
    double m = 0;
    for (Index i = 0; i < a.size(); ++i) m = std::max(m, std::abs(a[i]));
    return m;
}

// Minimiser of the cubic through (a, fa, da) and (b, fb, db), safeguarded into the middle 80% of
// [a, b] (bisection when the cubic has no usable minimiser). N&W eq. 3.59.
double cubic_step(double a, double fa, double da, double b, double fb, double db) {
    const double lo = std::min(a, b), hi = std::max(a, b), width = hi - lo;
    const double d1 = da + db - 3.0 * (fa - fb) / (a - b);
    const double disc = d1 * d1 - da * db;
    double t = 0.5 * (a + b);
    if (disc >= 0) {
        const double d2 = (b > a ? 1.0 : -1.0) * std::sqrt(disc);
        const double denom = db - da + 2.0 * d2;
        if (denom != 0) t = b - (b - a) * (db + d2 - d1) / denom;
    }
    if (!std::isfinite(t) || t < lo + 0.1 * width || t > hi - 0.1 * width) t = 0.5 * (a + b);
    return t;
}

}  // namespace

Lbfgs::Lbfgs(const LbfgsParams& params, LbfgsObjective f, Vector x0)
    : p_(params), f_fn_(std::move(f)), x_(std::move(x0)) {
    p_.memory = std::max(1, p_.memory);
    p_.max_linesearch = std::max(1, p_.max_linesearch);
    g_.resize(x_.size());
    f_ = eval(x_, g_);
    s_.assign(static_cast<size_t>(p_.memory), Vector());
    y_.assign(static_cast<size_t>(p_.memory), Vector());
    rho_.assign(static_cast<size_t>(p_.memory), 0.0);
    if (!std::isfinite(f_)) status_ = LbfgsStatus::LineSearchFailed;
    else if (max_abs(g_) <= p_.gtol) status_ = LbfgsStatus::ConvergedGradient;
    else if (p_.max_iter <= 0) status_ = LbfgsStatus::MaxIterations;
}

double Lbfgs::eval(const Vector& x, Vector& g) {
    ++evals_;
    return f_fn_(x, g);
}

// Strong-Wolfe line search along d from x_ (value f_, slope dg0 < 0). On success x_new_, f_new_,
// g_new_ hold the accepted point.
bool Lbfgs::line_search(const Vector& d, double step0, double dg0) {
    const double c1 = 1e-4, c2 = 0.9;
    g_new_.resize(x_.size());
    Vector g_lo(x_.size());
    int budget = p_.max_linesearch;
    auto try_step = [&](double a, double& fa, double& da) {
        x_new_ = x_ + a * d;
        fa = eval(x_new_, g_new_);
        da = dot(g_new_, d);
        --budget;
    };
    // Zoom between a_lo (satisfies sufficient decrease, lowest so far) and a_hi.
    auto zoom = [&](double a_lo, double f_lo, double d_lo, double a_hi, double f_hi, double d_hi) {
        while (budget > 0) {
            const double a = cubic_step(a_lo, f_lo, d_lo, a_hi, f_hi, d_hi);
            double fa, da;
            try_step(a, fa, da);
            if (!std::isfinite(fa) || fa > f_ + c1 * a * dg0 || fa >= f_lo) {
                a_hi = a;
                f_hi = std::isfinite(fa) ? fa : std::numeric_limits<double>::max();
                d_hi = std::isfinite(da) ? da : 0;
            } else {
                if (std::abs(da) <= -c2 * dg0) {
                    f_new_ = fa;
                    return true;
                }
                if (da * (a_hi - a_lo) >= 0) {
                    a_hi = a_lo;
                    f_hi = f_lo;
                    d_hi = d_lo;
                }
                a_lo = a;
                f_lo = fa;
                d_lo = da;
            }
            if (std::abs(a_hi - a_lo) <= 1e-16 * std::max(1.0, std::abs(a_lo))) break;
        }
        // Out of budget: accept the best point with sufficient decrease, if we moved at all.
        if (a_lo > 0) {
            x_new_ = x_ + a_lo * d;
            f_new_ = eval(x_new_, g_new_);
            return std::isfinite(f_new_) && f_new_ < f_;
        }
        return false;
    };
    double a_prev = 0, f_prev = f_, d_prev = dg0;
    double a = step0;
    for (int i = 0; budget > 0; ++i) {
        double fa, da;
        try_step(a, fa, da);
        if (!std::isfinite(fa) || fa > f_ + c1 * a * dg0 || (i > 0 && fa >= f_prev))
            return zoom(a_prev, f_prev, d_prev, a, std::isfinite(fa) ? fa : std::numeric_limits<double>::max(),
                        std::isfinite(da) ? da : 0);
        if (std::abs(da) <= -c2 * dg0) {
            f_new_ = fa;
            return true;
        }
        if (da >= 0) return zoom(a, fa, da, a_prev, f_prev, d_prev);
        a_prev = a;
        f_prev = fa;
        d_prev = da;
        a *= 2.0;
    }
    // Budget spent while still descending: accept the last point (it satisfied sufficient decrease).
    if (a_prev > 0) {
        x_new_ = x_ + a_prev * d;
        f_new_ = eval(x_new_, g_new_);
        return std::isfinite(f_new_) && f_new_ < f_;
    }
    return false;
}

bool Lbfgs::iterate() {
    if (done()) return true;
    // Two-loop recursion: d = −H·g with H the L-BFGS inverse-Hessian approximation.
    Vector q = g_;
    std::vector<double> alpha(static_cast<size_t>(count_));
    for (int k = 0; k < count_; ++k) {
        const size_t i = static_cast<size_t>((head_ - 1 - k + p_.memory) % p_.memory);
        alpha[static_cast<size_t>(k)] = rho_[i] * dot(s_[i], q);
        q -= alpha[static_cast<size_t>(k)] * y_[i];
    }
    double step0 = 1.0;
    if (count_ > 0) {
        const size_t newest = static_cast<size_t>((head_ - 1 + p_.memory) % p_.memory);
        q *= dot(s_[newest], y_[newest]) / dot(y_[newest], y_[newest]);
    } else {
        step0 = std::min(1.0, 1.0 / std::sqrt(dot(g_, g_)));
    }
    for (int k = count_ - 1; k >= 0; --k) {
        const size_t i = static_cast<size_t>((head_ - 1 - k + p_.memory) % p_.memory);
        const double beta = rho_[i] * dot(y_[i], q);
        q += (alpha[static_cast<size_t>(k)] - beta) * s_[i];
    }
    Vector d = -q;
    double dg = dot(d, g_);
    if (!(dg < 0)) {  // not a descent direction (memory gone bad): restart from steepest descent
        count_ = 0;
        d = -g_;
        dg = -dot(g_, g_);
        step0 = std::min(1.0, 1.0 / std::sqrt(-dg));
    }
    bool ok = line_search(d, step0, dg);
    if (!ok && count_ > 0) {  // one retry along −g with a fresh memory
        count_ = 0;
        d = -g_;
        dg = -dot(g_, g_);
        ok = line_search(d, std::min(1.0, 1.0 / std::sqrt(-dg)), dg);
    }
    if (!ok) {
        status_ = LbfgsStatus::LineSearchFailed;
        return true;
    }
    Vector s = x_new_ - x_;
    Vector y = g_new_ - g_;
    const double sy = dot(s, y);
    if (sy > 1e-10 * dot(y, y)) {  // keep H positive definite
        const size_t slot = static_cast<size_t>(head_);
        s_[slot] = std::move(s);
        y_[slot] = std::move(y);
        rho_[slot] = 1.0 / sy;
        head_ = (head_ + 1) % p_.memory;
        count_ = std::min(count_ + 1, p_.memory);
    }
    const double f_old = f_;
    std::swap(x_, x_new_);
    std::swap(g_, g_new_);
    f_ = f_new_;
    ++iter_;
    if (max_abs(g_) <= p_.gtol)
        status_ = LbfgsStatus::ConvergedGradient;
    else if ((f_old - f_) / std::max({std::abs(f_old), std::abs(f_), 1.0}) <= p_.ftol)
        status_ = LbfgsStatus::ConvergedValue;
    else if (iter_ >= p_.max_iter)
        status_ = LbfgsStatus::MaxIterations;
    return done();
}

}  // namespace genrelab::classify
