// One adapter for every classifier that follows the house pattern (XParams, XModel, classify::fit /
// predict / predict_proba, optionally an XFitter stepper): it parses the params strictly, fits through the
// stepper when there is one (an epoch, a tree, a boosting stage per step), and checks a loaded model
// against the data flowing into it by scoring one row (a shape mismatch throws the algorithm's own error).
#pragma once
#include <type_traits>

#include "pipeline/stages/stages.hpp"

namespace genrelab::pipeline {

struct NoFitter {};

// Scores per class for a model: probabilities by default.
template <class Model>
Matrix class_scores(const Model& m, const Matrix& X) {
    return classify::predict_proba(m, X);
}
template <class Model>
bool probabilistic(const Model&) {
    return true;
}

// Per-fitter live details (e.g. the MLP's per-epoch curves); nothing by default.
template <class F>
json live_of(const F&) {
    return nullptr;
}
// (Specialize these three — not overload — for a model or fitter that differs: the template below
// looks them up where it is defined.)

template <class Params, class Model, class Fitter = NoFitter>
class FittedClassifier : public Classifier {
public:
    FittedClassifier(std::string type, const json& spec, double fit_share = 0.8)
        : type_(std::move(type)), params_(parse_params<Params>(spec)), fit_share_(fit_share) {}
    std::string type() const override { return type_; }
    double fit_share() const override { return fit_share_; }

    std::unique_ptr<Stepper> start_fit(const Matrix& X, const Labels& y, int n_classes) override {
        if constexpr (std::is_same_v<Fitter, NoFitter>) {
            return std::make_unique<OneShot>([this, &X, &y, n_classes] { model_ = classify::fit(params_, X, y, n_classes); },
                                             "fitting " + type_);
        } else {
            return std::make_unique<Driver>(*this, std::make_unique<Fitter>(params_, X, y, n_classes));
        }
    }
    Labels predict(const Matrix& X) const override { return classify::predict(model_, X); }
    Matrix scores(const Matrix& X) const override { return class_scores(model_, X); }
    bool scores_are_probabilities() const override { return probabilistic(model_); }
    json live_history() const override { return live_ ? live_() : json(nullptr); }
    json params() const override { return params_entry(type_, params_); }
    json state() const override { return model_; }
    void load_state(const json& state, size_t n_features, int n_classes) override {
        model_ = state.get<Model>();   // from_json validates the model's own shapes
        const Matrix probe = Matrix::Zero(1, static_cast<Index>(n_features));
        const Matrix s = class_scores(model_, probe);   // throws when the model expects another width
        if (s.cols() != n_classes)
            throw Error("model file: the " + type_ + " model scores " + std::to_string(s.cols()) + " classes but the file lists " +
                        std::to_string(n_classes));
    }

protected:
    // Advances the algorithm's own fitter; takes its model at the end.
    class Driver : public Stepper {
    public:
        Driver(FittedClassifier& owner, std::unique_ptr<Fitter> fitter) : owner_(owner), fitter_(std::move(fitter)) {
            owner_.live_ = [f = fitter_.get()] { return live_of(*f); };
        }
        ~Driver() override { owner_.live_ = nullptr; }
        bool step() override {
            const bool done = fitter_->step();
            if (done) {
                owner_.model_ = fitter_->result();
                owner_.final_live_ = live_of(*fitter_);
                owner_.live_ = [&owner = owner_] { return owner.final_live_; };
            }
            return done;
        }
        double fraction() const override { return fitter_->fraction(); }
        std::string stage() const override { return fitter_->stage(); }

    private:
        FittedClassifier& owner_;
        std::unique_ptr<Fitter> fitter_;
    };

    std::string type_;
    Params params_;
    Model model_;
    double fit_share_;
    std::function<json()> live_;
    json final_live_;
};

}  // namespace genrelab::pipeline
