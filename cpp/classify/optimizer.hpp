// First-order optimizers for the MLP: one update of a flat parameter vector θ from its gradient g.
//
//   Sgd   — classical momentum (Polyak): u ← μ·u − η·g;  θ ← θ + u.  μ = 0 is plain SGD.
//           scikit-learn's MLP defaults to Nesterov momentum; this is the classical form (as in
//           tfjs/Keras SGD without nesterov).
//   Adam  — Kingma & Ba 2015, in scikit-learn's form (the bias corrections folded into the step):
//           m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;  η_t = η·√(1−β2^t)/(1−β1^t);
//           θ ← θ − η_t·m/(√v + ε).
//   Nadam — Dozat 2016 ("Incorporating Nesterov momentum into Adam"), without the momentum
//           schedule (as in Ruder's overview and PyTorch's NAdam with momentum_decay = 0):
//           m̂ = β1·m/(1−β1^{t+1}) + (1−β1)·g/(1−β1^t);  v̂ = v/(1−β2^t);  θ ← θ − η·m̂/(√v̂ + ε).
//
// β^t is kept as a running product, not std::pow (whose last bit differs between libcs).
// Weight decay is not applied here: the MLP adds it to the gradient (L2, like scikit-learn's alpha).
#pragma once
#include <nlohmann/json.hpp>
#include <vector>

#include "core/types.hpp"

namespace genrelab::classify {

enum class Optimizer { Sgd, Adam, Nadam };
NLOHMANN_JSON_SERIALIZE_ENUM(Optimizer, {{Optimizer::Sgd, "sgd"}, {Optimizer::Adam, "adam"}, {Optimizer::Nadam, "nadam"}})

struct OptimizerSettings {
    Optimizer kind = Optimizer::Adam;
    double momentum = 0.9;  // Sgd only
    double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;  // Adam, Nadam
};

// The optimizer's memory (velocity or first/second moments) for n parameters, in precision S.
template <class S>
class OptimizerState {
public:
    OptimizerState(const OptimizerSettings& settings, Index n_params);
    // θ (n) ← one step from gradient g (n) at learning rate η. Increments the step count t.
    void update(S* theta, const S* grad, double learning_rate);
    long long steps() const { return t_; }
    // Forgets the moments (used when training restarts from given weights).
    void reset();

private:
    OptimizerSettings s_;
    std::vector<S> m_, v_;
    long long t_ = 0;
    double beta1_pow_ = 1, beta2_pow_ = 1;  // β1^t, β2^t
};

}  // namespace genrelab::classify
