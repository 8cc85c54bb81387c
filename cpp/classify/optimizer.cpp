// No FMA contraction (bit-identical native and wasm updates; see activation.hpp).
#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

#include "classify/optimizer.hpp"

#include <algorithm>
#include <cmath>

namespace genrelab::classify {

template <class S>
OptimizerState<S>::OptimizerState(const OptimizerSettings& settings, Index n_params) : s_(settings) {
    m_.assign(static_cast<size_t>(n_params), S(0));
    if (s_.kind != Optimizer::Sgd) v_.assign(static_cast<size_t>(n_params), S(0));
}

template <class S>
void OptimizerState<S>::reset() {
    std::fill(m_.begin(), m_.end(), S(0));
    std::fill(v_.begin(), v_.end(), S(0));
    t_ = 0;
    beta1_pow_ = beta2_pow_ = 1;
}

template <class S>
void OptimizerState<S>::update(S* theta, const S* grad, double learning_rate) {
    const Index n = static_cast<Index>(m_.size());
    S* m = m_.data();
    ++t_;
    if (s_.kind == Optimizer::Sgd) {
        const S mu = static_cast<S>(s_.momentum), lr = static_cast<S>(learning_rate);
        for (Index i = 0; i < n; ++i) {
            m[i] = mu * m[i] - lr * grad[i];
            theta[i] = theta[i] + m[i];
        }
        return;
    }
    S* v = v_.data();
    beta1_pow_ *= s_.beta1;
    beta2_pow_ *= s_.beta2;
    const S b1 = static_cast<S>(s_.beta1), b2 = static_cast<S>(s_.beta2);
    const S one_b1 = static_cast<S>(1.0 - s_.beta1), one_b2 = static_cast<S>(1.0 - s_.beta2);
    const S eps = static_cast<S>(s_.epsilon);
    if (s_.kind == Optimizer::Adam) {
        const S step = static_cast<S>(learning_rate * std::sqrt(1.0 - beta2_pow_) / (1.0 - beta1_pow_));
        for (Index i = 0; i < n; ++i) {
            const S g = grad[i];
            m[i] = b1 * m[i] + one_b1 * g;
            v[i] = b2 * v[i] + one_b2 * (g * g);
            theta[i] = theta[i] - step * m[i] / (std::sqrt(v[i]) + eps);
        }
        return;
    }
    // Nadam: look-ahead momentum m̂ mixes the next step's correction for m and this step's for g.
    const S c_m = static_cast<S>(s_.beta1 / (1.0 - beta1_pow_ * s_.beta1));
    const S c_g = static_cast<S>((1.0 - s_.beta1) / (1.0 - beta1_pow_));
    const S c_v = static_cast<S>(1.0 / (1.0 - beta2_pow_));
    const S lr = static_cast<S>(learning_rate);
    for (Index i = 0; i < n; ++i) {
        const S g = grad[i];
        m[i] = b1 * m[i] + one_b1 * g;
        v[i] = b2 * v[i] + one_b2 * (g * g);
        const S m_hat = c_m * m[i] + c_g * g;
        const S v_hat = c_v * v[i];
        theta[i] = theta[i] - lr * m_hat / (std::sqrt(v_hat) + eps);
    }
}

template class OptimizerState<float>;
template class OptimizerState<double>;

}  // namespace genrelab::classify
