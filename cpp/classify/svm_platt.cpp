#include "classify/svm_platt.hpp"

#include <algorithm>
#include <cmath>

#include "classify/kernel.hpp"
#include "core/error.hpp"

namespace genrelab::classify {

// exp/log from kernel.hpp: libm differs in the last bit between native and wasm builds.
using kernel_detail::exp_det;
using kernel_detail::log_det;

PlattSigmoid platt_sigmoid_fit(const Vector& dec, const std::vector<bool>& positive) {
    const Index l = dec.size();
    if (l < 1 || static_cast<size_t>(l) != positive.size())
        throw Error("Platt scaling needs one label per decision value (and at least one value)");
    for (Index i = 0; i < l; ++i)
        if (!std::isfinite(dec[i])) throw Error("Platt scaling got a decision value that is not a finite number");
    double prior1 = 0, prior0 = 0;
    for (Index i = 0; i < l; ++i) (positive[static_cast<size_t>(i)] ? prior1 : prior0) += 1;

    const int max_iter = 100;
    const double min_step = 1e-10;  // smallest step of the line search
    const double sigma = 1e-12;     // keeps the Hessian strictly positive definite
    const double eps = 1e-5;
    const double hi_target = (prior1 + 1.0) / (prior1 + 2.0);
    const double lo_target = 1 / (prior0 + 2.0);
    std::vector<double> t(static_cast<size_t>(l));
    double A = 0.0, B = log_det((prior0 + 1.0) / (prior1 + 1.0));
    double fval = 0.0;
    for (Index i = 0; i < l; ++i) {
        t[static_cast<size_t>(i)] = positive[static_cast<size_t>(i)] ? hi_target : lo_target;
        const double fApB = dec[i] * A + B;
        if (fApB >= 0) fval += t[static_cast<size_t>(i)] * fApB + log_det(1 + exp_det(-fApB));
        else fval += (t[static_cast<size_t>(i)] - 1) * fApB + log_det(1 + exp_det(fApB));
    }
    for (int iter = 0; iter < max_iter; ++iter) {
        double h11 = sigma, h22 = sigma, h21 = 0.0, g1 = 0.0, g2 = 0.0;
        for (Index i = 0; i < l; ++i) {
            const double fApB = dec[i] * A + B;
            double p, q;
            if (fApB >= 0) {
                p = exp_det(-fApB) / (1.0 + exp_det(-fApB));
                q = 1.0 / (1.0 + exp_det(-fApB));
            } else {
                p = 1.0 / (1.0 + exp_det(fApB));
                q = exp_det(fApB) / (1.0 + exp_det(fApB));
            }
            const double d2 = p * q;
            h11 += dec[i] * dec[i] * d2;
            h22 += d2;
            h21 += dec[i] * d2;
            const double d1 = t[static_cast<size_t>(i)] - p;
            g1 += dec[i] * d1;
            g2 += d1;
        }
        if (std::fabs(g1) < eps && std::fabs(g2) < eps) break;
        // Newton direction −H⁻¹g, then backtracking until sufficient decrease.
        const double det = h11 * h22 - h21 * h21;
        const double dA = -(h22 * g1 - h21 * g2) / det;
        const double dB = -(-h21 * g1 + h11 * g2) / det;
        const double gd = g1 * dA + g2 * dB;
        double stepsize = 1;
        while (stepsize >= min_step) {
            const double newA = A + stepsize * dA;
            const double newB = B + stepsize * dB;
            double newf = 0.0;
            for (Index i = 0; i < l; ++i) {
                const double fApB = dec[i] * newA + newB;
                if (fApB >= 0) newf += t[static_cast<size_t>(i)] * fApB + log_det(1 + exp_det(-fApB));
                else newf += (t[static_cast<size_t>(i)] - 1) * fApB + log_det(1 + exp_det(fApB));
            }
            if (newf < fval + 0.0001 * stepsize * gd) {
                A = newA;
                B = newB;
                fval = newf;
                break;
            }
            stepsize = stepsize / 2.0;
        }
        if (stepsize < min_step) break;  // line search failed: keep the best point found
    }
    return {A, B};
}

double platt_sigmoid_predict(double decision_value, const PlattSigmoid& s) {
    const double fApB = decision_value * s.a + s.b;
    if (fApB >= 0) return exp_det(-fApB) / (1.0 + exp_det(-fApB));
    return 1.0 / (1 + exp_det(fApB));
}

Vector couple_pairwise_probabilities(const Matrix& r) {
    const Index k = r.rows();
    if (k < 1 || r.cols() != k) throw Error("pairwise coupling needs a square K×K matrix of pairwise probabilities");
    const int max_iter = std::max(100, static_cast<int>(k));
    const double eps = 0.005 / static_cast<double>(k);
    Matrix Q(k, k);
    Vector p(k), Qp(k);
    for (Index t = 0; t < k; ++t) {
        p[t] = 1.0 / static_cast<double>(k);
        Q(t, t) = 0;
        for (Index j = 0; j < t; ++j) {
            Q(t, t) += r(j, t) * r(j, t);
            Q(t, j) = Q(j, t);
        }
        for (Index j = t + 1; j < k; ++j) {
            Q(t, t) += r(j, t) * r(j, t);
            Q(t, j) = -r(j, t) * r(t, j);
        }
    }
    for (int iter = 0; iter < max_iter; ++iter) {
        // Recompute Qp and pᵀQp from scratch each sweep for accuracy, as libsvm does.
        double pQp = 0;
        for (Index t = 0; t < k; ++t) {
            double s = 0;
            for (Index j = 0; j < k; ++j) s += Q(t, j) * p[j];
            Qp[t] = s;
            pQp += p[t] * Qp[t];
        }
        double max_error = 0;
        for (Index t = 0; t < k; ++t) max_error = std::max(max_error, std::fabs(Qp[t] - pQp));
        if (max_error < eps) break;
        for (Index t = 0; t < k; ++t) {
            const double diff = (-Qp[t] + pQp) / Q(t, t);
            p[t] += diff;
            pQp = (pQp + diff * (diff * Q(t, t) + 2 * Qp[t])) / (1 + diff) / (1 + diff);
            for (Index j = 0; j < k; ++j) {
                Qp[j] = (Qp[j] + diff * Q(t, j)) / (1 + diff);
                p[j] /= (1 + diff);
            }
        }
    }
    return p;
}

}  // namespace genrelab::classify
