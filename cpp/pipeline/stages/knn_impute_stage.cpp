// {"type":"knn_impute","n_neighbors":5,"weights":"uniform"|"distance","max_donors":0} → preprocess::KnnImputer
// (scikit-learn's KNNImputer: a missing cell gets the mean of that column over the nearest training rows
// that know it, distances measured on the columns both rows know).
#include "pipeline/stages/stages.hpp"
#include "preprocess/knn_imputer.hpp"

namespace genrelab::pipeline {

namespace {

class KnnImputeStage : public Stage {
public:
    explicit KnnImputeStage(const json& spec) : params_(parse_params<preprocess::KnnImputerParams>(spec)) {
        // Every column must survive: later stages and the model file count on the width staying the same.
        params_.keep_empty_features = true;
    }
    std::string type() const override { return "knn_impute"; }
    void fit(const Matrix& X, const Labels&, int, const std::vector<std::string>& names) override {
        for (Index c = 0; c < X.cols(); ++c)
            if ((X.col(c).array() == X.col(c).array()).count() == 0)
                throw Error("column '" + names[static_cast<size_t>(c)] + "' is missing in every training row; nothing to impute it from");
        model_ = preprocess::fit(params_, X);
    }
    Matrix transform(const Matrix& X) const override { return preprocess::transform(model_, X); }
    json params() const override { return params_entry(type(), params_); }
    json state() const override { return model_; }
    void load_state(const json& state, size_t n_inputs) override {
        model_ = state.get<preprocess::KnnImputerModel>();
        require_width("knn_impute", static_cast<size_t>(model_.donors.cols()), n_inputs);
    }

private:
    preprocess::KnnImputerParams params_;
    preprocess::KnnImputerModel model_;
};

}  // namespace

std::unique_ptr<Stage> make_knn_impute_stage(const json& spec) { return std::make_unique<KnnImputeStage>(spec); }

}  // namespace genrelab::pipeline
