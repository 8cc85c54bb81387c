// {"type":"regression_impute","column":"tempo","hidden":[32],"epochs":40,"validation_fraction":0.2,"seed":42}
// → preprocess::RegressionImputer: the column's missing cells are predicted from the other features by a
// small MLP regressor fitted on the training rows where the column is known. The R² on the held-out part of
// those rows goes into the training report ("stages") and the model file.
#include <algorithm>
#include <cmath>

#include "pipeline/stages/stages.hpp"
#include "preprocess/regression_imputer.hpp"

namespace genrelab::pipeline {

namespace {

class RegressionImputeStage : public Stage {
public:
    explicit RegressionImputeStage(const json& spec) : params_(parse_params<preprocess::RegressionImputerParams>(spec, {"column"})) {
        if (!spec.contains("column") || !spec.at("column").is_string() || spec.at("column").get<std::string>().empty())
            throw Error("recipe: 'regression_impute' needs \"column\" (the feature to fill, e.g. \"tempo\")");
        column_ = spec.at("column").get<std::string>();
    }
    std::string type() const override { return "regression_impute"; }
    void fit(const Matrix& X, const Labels&, int, const std::vector<std::string>& names) override {
        auto it = std::find(names.begin(), names.end(), column_);
        if (it == names.end()) throw Error("recipe: 'regression_impute' names column '" + column_ + "', which is not among the features");
        model_ = preprocess::fit(params_, X, static_cast<Index>(it - names.begin()), column_);
    }
    Matrix transform(const Matrix& X) const override { return preprocess::transform(model_, X); }
    json params() const override { return params_entry(type(), params_, {{"column", column_}}); }
    json state() const override { return model_; }
    void load_state(const json& state, size_t n_inputs) override {
        model_ = state.get<preprocess::RegressionImputerModel>();
        require_width("regression_impute", static_cast<size_t>(model_.n_inputs), n_inputs);
    }
    json report() const override {
        const double r2 = model_.validation_r2;
        return json{{"column", column_},
                    {"validation_r2", std::isnan(r2) ? json(nullptr) : json(r2)},
                    {"n_fit", model_.n_fit},
                    {"n_validation", model_.n_validation},
                    {"summary", "'" + column_ + "' is predicted from the other features by an MLP trained on " + with_thousands(model_.n_fit) +
                                    " training rows" +
                                    (std::isnan(r2) ? std::string(" (no rows held out to measure it)")
                                                    : "; R² on " + with_thousands(model_.n_validation) + " held-out training rows: " +
                                                          std::to_string(std::round(r2 * 1000) / 1000).substr(0, 5))}};
    }

private:
    preprocess::RegressionImputerParams params_;
    std::string column_;
    preprocess::RegressionImputerModel model_;
};

}  // namespace

std::unique_ptr<Stage> make_regression_impute_stage(const json& spec) { return std::make_unique<RegressionImputeStage>(spec); }

}  // namespace genrelab::pipeline
