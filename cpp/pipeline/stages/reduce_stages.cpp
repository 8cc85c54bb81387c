// Dimensionality reduction as pipeline stages (fitted on the training rows only):
//   {"type":"pca","n_components":2,"whiten":false,"solver":"svd"}   → reduce::pca, outputs PC1…PCk
//   {"type":"lda","n_components":0 (= K−1),"solver":"svd",…}         → reduce::lda (uses the labels), outputs LD1…LDm
// t-SNE is not a stage: it has no transform for new songs; the page runs it for plots only.
#include <algorithm>
#include <type_traits>

#include "pipeline/stages/stages.hpp"
#include "reduce/lda.hpp"
#include "reduce/pca.hpp"

namespace genrelab::pipeline {

namespace {

template <class Params, class Model>
class ReduceStage : public Stage {
public:
    ReduceStage(std::string type, std::string prefix, const json& spec)
        : type_(std::move(type)), prefix_(std::move(prefix)), params_(parse_params<Params>(spec)) {}
    std::string type() const override { return type_; }
    void fit(const Matrix& X, const Labels& y, int n_classes, const std::vector<std::string>&) override {
        if constexpr (std::is_same_v<Model, reduce::LdaModel>) model_ = reduce::fit(params_, X, y, n_classes);
        else model_ = reduce::fit(params_, X);
        width_ = reduce::transform(model_, X.topRows(std::min<Index>(1, X.rows()))).cols();
    }
    Matrix transform(const Matrix& X) const override { return reduce::transform(model_, X); }
    std::vector<std::string> output_names(const std::vector<std::string>&) const override {
        std::vector<std::string> names;
        for (Index i = 1; i <= width_; ++i) names.push_back(prefix_ + std::to_string(i));
        return names;
    }
    json params() const override { return params_entry(type_, params_); }
    json state() const override { return json{{"model", model_}, {"width", width_}}; }
    void load_state(const json& state, size_t n_inputs) override {
        model_ = state.at("model").get<Model>();   // validates its own shapes
        width_ = state.at("width").get<Index>();
        const Matrix probe = reduce::transform(model_, Matrix::Zero(1, static_cast<Index>(n_inputs)));   // throws on a width mismatch
        if (probe.cols() != width_) throw Error("model file: the '" + type_ + "' stage gives " + std::to_string(probe.cols()) + " columns, not " + std::to_string(width_));
    }

private:
    std::string type_, prefix_;
    Params params_;
    Model model_;
    Index width_ = 0;
};

}  // namespace

std::unique_ptr<Stage> make_pca_stage(const json& spec) {
    return std::make_unique<ReduceStage<reduce::PcaParams, reduce::PcaModel>>("pca", "PC", spec);
}
std::unique_ptr<Stage> make_lda_stage(const json& spec) {
    return std::make_unique<ReduceStage<reduce::LdaParams, reduce::LdaModel>>("lda", "LD", spec);
}

}  // namespace genrelab::pipeline
