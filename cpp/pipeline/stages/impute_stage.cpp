// {"type":"impute","strategy":"median"|"mean"|"most_frequent"|"constant","fill_value":0} → preprocess::SimpleImputer
#include "pipeline/stages/stages.hpp"
#include "preprocess/simple_imputer.hpp"

namespace genrelab::pipeline {

namespace {

class ImputeStage : public Stage {
public:
    explicit ImputeStage(const json& spec) : params_(parse_params<preprocess::SimpleImputerParams>(spec)) {}
    std::string type() const override { return "impute"; }
    void fit(const Matrix& X, const Labels&, int, const std::vector<std::string>& names) override {
        model_ = preprocess::fit(params_, X, names);
    }
    Matrix transform(const Matrix& X) const override { return preprocess::transform(model_, X); }
    json params() const override { return params_entry(type(), params_); }
    json state() const override { return model_; }
    void load_state(const json& state, size_t n_inputs) override {
        model_ = state.get<preprocess::SimpleImputerModel>();
        require_width("impute", static_cast<size_t>(model_.statistics.size()), n_inputs);
    }

private:
    preprocess::SimpleImputerParams params_;
    preprocess::SimpleImputerModel model_;
};

}  // namespace

std::unique_ptr<Stage> make_impute_stage(const json& spec) { return std::make_unique<ImputeStage>(spec); }

}  // namespace genrelab::pipeline
