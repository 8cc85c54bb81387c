// {"type":"scale","method":"standard","with_mean":true,"with_std":true} → preprocess::StandardScaler
// {"type":"scale","method":"minmax","feature_min":-1,"feature_max":1}  → preprocess::MinMaxScaler
// {"type":"scale","method":"quantile","output_distribution":"normal"}  → preprocess::QuantileTransformer
#include "pipeline/stages/stages.hpp"
#include "preprocess/minmax_scaler.hpp"
#include "preprocess/quantile_transformer.hpp"
#include "preprocess/standard_scaler.hpp"

namespace genrelab::pipeline {

namespace {

size_t width(const preprocess::StandardScalerModel& m) { return static_cast<size_t>(m.scale.size()); }
size_t width(const preprocess::MinMaxScalerModel& m) { return static_cast<size_t>(m.scale.size()); }
size_t width(const preprocess::QuantileModel& m) { return static_cast<size_t>(m.quantiles.cols()); }

template <class Params, class Model>
class ScaleStage : public Stage {
public:
    ScaleStage(const json& spec, std::string method) : method_(std::move(method)), params_(parse_params<Params>(spec, {"method"})) {}
    std::string type() const override { return "scale"; }
    void fit(const Matrix& X, const Labels&, int, const std::vector<std::string>&) override { model_ = preprocess::fit(params_, X); }
    Matrix transform(const Matrix& X) const override { return preprocess::transform(model_, X); }
    json params() const override { return params_entry(type(), params_, {{"method", method_}}); }
    json state() const override { return model_; }
    void load_state(const json& state, size_t n_inputs) override {
        model_ = state.get<Model>();
        require_width("scale", width(model_), n_inputs);
    }

private:
    std::string method_;
    Params params_;
    Model model_;
};

}  // namespace

std::unique_ptr<Stage> make_scale_stage(const json& spec) {
    const std::string method = spec.value("method", "standard");
    if (method == "standard")
        return std::make_unique<ScaleStage<preprocess::StandardScalerParams, preprocess::StandardScalerModel>>(spec, method);
    if (method == "minmax")
        return std::make_unique<ScaleStage<preprocess::MinMaxScalerParams, preprocess::MinMaxScalerModel>>(spec, method);
    if (method == "quantile")
        return std::make_unique<ScaleStage<preprocess::QuantileParams, preprocess::QuantileModel>>(spec, method);
    throw Error("recipe: scale method must be \"standard\", \"minmax\" or \"quantile\", got \"" + method + "\"");
}

}  // namespace genrelab::pipeline
