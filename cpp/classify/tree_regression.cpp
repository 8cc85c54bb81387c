#include "classify/tree_regression.hpp"

#include <cmath>
#include <string>

#include "classify/decision_tree.hpp"
#include "core/error.hpp"

namespace genrelab::classify {

RegressionTreeModel fit(const RegressionTreeParams& params, const Matrix& X, const Vector& y,
                        const std::vector<double>& weight, Progress& progress) {
    tree_detail::check_fit_input(X, y.size(), "regression tree");
    tree_detail::check_tree_settings(params.max_depth, params.min_samples_split, params.min_samples_leaf);
    if (params.max_features < 0) throw Error("max_features must be 0 (all features) or positive");
    for (Index r = 0; r < y.size(); ++r)
        if (!std::isfinite(y[r])) throw Error("target on row " + std::to_string(r + 1) + " is not a finite number");
    std::vector<double> w = weight;
    if (w.empty()) w.assign(static_cast<size_t>(X.rows()), 1.0);
    if (static_cast<Index>(w.size()) != X.rows()) throw Error("weight must hold one value per row");
    for (double v : w)
        if (!(v >= 0) || !std::isfinite(v)) throw Error("weights must be non-negative numbers");
    const std::vector<double> target(y.data(), y.data() + y.size());
    const tree_detail::SortedColumns sorted = tree_detail::sort_columns(X);
    tree_detail::TreeGrower grower(X, sorted);
    tree_detail::GrowSettings gs;
    gs.max_depth = params.max_depth;
    gs.min_samples_split = params.min_samples_split;
    gs.min_samples_leaf = params.min_samples_leaf;
    gs.max_features = params.max_features;
    Rng rng(params.seed);
    tree_detail::GrownTree g = grower.grow_regressor(gs, params.criterion, target, w, rng);
    RegressionTreeModel m;
    m.n_features = static_cast<int>(X.cols());
    m.nodes = std::move(g.nodes);
    m.value = std::move(g.value);
    progress.report(1.0, "regression tree");
    return m;
}

Vector predict(const RegressionTreeModel& model, const Matrix& X) {
    validate(model);
    tree_detail::check_predict_input(X, model.n_features, "regression tree");
    Vector out(X.rows());
    for (Index r = 0; r < X.rows(); ++r)
        out[r] = model.value[static_cast<size_t>(tree_detail::find_leaf(model.nodes, X.data() + r, X.rows()))];
    return out;
}

Vector feature_importances(const RegressionTreeModel& model) {
    return tree_detail::feature_importances(model.nodes, model.n_features, true);
}

void validate(const RegressionTreeModel& m) {
    if (m.n_features < 1) throw Error("regression tree model: needs at least one feature");
    validate(m.nodes, m.n_features);
    if (m.value.size() != static_cast<size_t>(m.nodes.size())) throw Error("regression tree model: needs one value per node");
    for (double v : m.value)
        if (!std::isfinite(v)) throw Error("regression tree model: a node value is not a finite number");
}

void to_json(nlohmann::json& j, const RegressionTreeModel& m) {
    j = nlohmann::json{{"n_features", m.n_features}, {"nodes", m.nodes}, {"value", m.value}};
}

void from_json(const nlohmann::json& j, RegressionTreeModel& m) {
    if (!j.is_object()) throw Error("model file: a regression tree must be a JSON object");
    for (const char* key : {"n_features", "nodes", "value"})
        if (!j.contains(key)) throw Error(std::string("model file: the regression tree has no '") + key + "'");
    RegressionTreeModel out;
    try {
        out.n_features = j.at("n_features").get<int>();
        out.nodes = j.at("nodes").get<TreeNodes>();
        out.value = j.at("value").get<std::vector<double>>();
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("model file: the regression tree is malformed (") + e.what() + ")");
    }
    validate(out);
    m = std::move(out);
}

}  // namespace genrelab::classify
