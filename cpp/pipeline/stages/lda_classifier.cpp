// Linear discriminant analysis as a recipe classifier: {"type":"lda","solver":"svd"|"eigen","shrinkage":"none"|"auto"|"fixed",
// "shrinkage_value":0,"tol":1e-4,"priors":[]} → reduce::lda's classifier functions (Gaussian classes with one shared
// covariance; predict = argmax of the linear decision function, scores = its softmax, rows summing to 1), as
// scikit-learn's LinearDiscriminantAnalysis.predict / predict_proba. "n_components" is accepted (it only shapes
// transform, which a classifier does not use). The fit is one call (a d×d problem after one pass over X).
#include "pipeline/stages/stages.hpp"
#include "reduce/lda.hpp"

namespace genrelab::pipeline {

namespace {

class LdaClassifier : public Classifier {
public:
    explicit LdaClassifier(const json& spec) : params_(parse_params<reduce::LdaParams>(spec)) {}
    std::string type() const override { return "lda"; }
    std::unique_ptr<Stepper> start_fit(const Matrix& X, const Labels& y, int n_classes) override {
        return std::make_unique<OneShot>([this, &X, &y, n_classes] { model_ = reduce::fit(params_, X, y, n_classes); }, "fitting lda");
    }
    Labels predict(const Matrix& X) const override { return reduce::predict(model_, X); }
    Matrix scores(const Matrix& X) const override { return reduce::predict_proba(model_, X); }
    json params() const override { return params_entry("lda", params_); }
    json state() const override { return model_; }
    void load_state(const json& state, size_t n_features, int n_classes) override {
        model_ = state.get<reduce::LdaModel>();   // validates its own shapes
        if (static_cast<size_t>(model_.coef.cols()) != n_features)
            throw Error("model file: the lda model expects " + std::to_string(model_.coef.cols()) + " features but receives " +
                        std::to_string(n_features));
        if (reduce::n_classes(model_) != n_classes)
            throw Error("model file: the lda model scores " + std::to_string(reduce::n_classes(model_)) + " classes but the file lists " +
                        std::to_string(n_classes));
    }

private:
    reduce::LdaParams params_;
    reduce::LdaModel model_;
};

}  // namespace

std::unique_ptr<Classifier> make_lda_classifier(const json& spec) { return std::make_unique<LdaClassifier>(spec); }

}  // namespace genrelab::pipeline
