// {"type":"knn","k":12,"metric":"euclidean"|"manhattan"|"cosine","weights":"uniform"|"distance"} → classify::knn
#include "classify/knn.hpp"
#include "core/argmax.hpp"
#include "pipeline/stages/stages.hpp"

namespace genrelab::pipeline {

namespace {

class KnnClassifier : public Classifier {
public:
    explicit KnnClassifier(const json& spec) : params_(parse_params<classify::KnnParams>(spec)) {
        if (params_.k < 1) throw Error("recipe: kNN needs k ≥ 1, got " + std::to_string(params_.k));
    }
    std::string type() const override { return "knn"; }
    std::unique_ptr<Stepper> start_fit(const Matrix& X, const Labels& y, int n_classes) override {
        return std::make_unique<OneShot>([this, &X, &y, n_classes] { model_ = classify::fit(params_, X, y, n_classes); },
                                         "storing the training rows");
    }
    double fit_share() const override { return 0.02; }   // fitting stores rows; the neighbour search is the work
    Labels predict(const Matrix& X) const override { return classify::predict(model_, X); }
    Matrix scores(const Matrix& X) const override { return classify::predict_proba(model_, X); }
    void predict_with_scores(const Matrix& X, Labels& predicted, Matrix& scores_out) const override {
        scores_out = classify::predict_proba(model_, X);
        predicted = argmax_rows(scores_out);   // what classify::predict does, without a second search
    }
    json params() const override { return params_entry(type(), params_); }
    json state() const override { return model_; }
    void load_state(const json& state, size_t n_features, int n_classes) override {
        model_ = state.get<classify::KnnModel>();
        require_width("knn", static_cast<size_t>(model_.X.cols()), n_features);
        if (model_.n_classes != n_classes)
            throw Error("model file: the kNN model has " + std::to_string(model_.n_classes) + " classes but the file lists " +
                        std::to_string(n_classes));
    }

private:
    classify::KnnParams params_;
    classify::KnnModel model_;
};

}  // namespace

std::unique_ptr<Classifier> make_knn_classifier(const json& spec) { return std::make_unique<KnnClassifier>(spec); }

}  // namespace genrelab::pipeline
