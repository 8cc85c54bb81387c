#include "classify/decision_tree.hpp"

#include <cmath>
#include <string>

#include "core/argmax.hpp"
#include "core/error.hpp"
#include "core/json_eigen.hpp"

namespace genrelab::classify {

namespace tree_detail {

DecisionTreeModel make_classifier(GrownTree&& grown, int n_features, int n_classes) {
    DecisionTreeModel m;
    m.n_features = n_features;
    m.n_classes = n_classes;
    m.nodes = std::move(grown.nodes);
    const int n_nodes = m.nodes.size();
    m.leaf_begin.assign(static_cast<size_t>(n_nodes) + 1, 0);
    for (int i = 0; i < n_nodes; ++i) {
        m.leaf_begin[static_cast<size_t>(i)] = static_cast<int>(m.leaf_class.size());
        if (m.nodes.left[static_cast<size_t>(i)] >= 0) continue;
        const double* counts = grown.value.data() + static_cast<size_t>(i) * static_cast<size_t>(n_classes);
        double total = 0;
        for (int k = 0; k < n_classes; ++k) total += counts[k];
        for (int k = 0; k < n_classes; ++k)
            if (counts[k] > 0) {
                m.leaf_class.push_back(k);
                m.leaf_proba.push_back(counts[k] / total);
            }
    }
    m.leaf_begin[static_cast<size_t>(n_nodes)] = static_cast<int>(m.leaf_class.size());
    m.feature_importances = feature_importances(m.nodes, n_features, true);
    return m;
}

void check_predict_input(const Matrix& X, int n_features, const char* model_name) {
    if (X.cols() != n_features)
        throw Error("X has " + std::to_string(X.cols()) + " columns but the " + model_name + " was fitted on " +
                    std::to_string(n_features));
    for (Index c = 0; c < X.cols(); ++c)
        for (Index r = 0; r < X.rows(); ++r)
            if (!std::isfinite(X(r, c)))
                throw Error("X has a value that is not a finite number (row " + std::to_string(r + 1) + ", column " +
                            std::to_string(c + 1) + ")");
}

}  // namespace tree_detail

DecisionTreeModel fit(const DecisionTreeParams& params, const Matrix& X, const Labels& y, int n_classes, Progress& progress) {
    tree_detail::check_fit_input(X, static_cast<Index>(y.size()), "decision tree");
    tree_detail::check_labels(y, n_classes);
    tree_detail::check_tree_settings(params.max_depth, params.min_samples_split, params.min_samples_leaf);
    if (params.max_features < 0) throw Error("max_features must be 0 (all features) or positive");
    if (!(params.min_impurity_decrease >= 0)) throw Error("min_impurity_decrease must be 0 or positive");
    const std::vector<double> cw = tree_detail::class_weights(y, n_classes, params.class_weight, params.class_weight_balanced);
    std::vector<double> w(y.size());
    for (size_t r = 0; r < y.size(); ++r) w[r] = cw[static_cast<size_t>(y[r])];
    const tree_detail::SortedColumns sorted = tree_detail::sort_columns(X);
    tree_detail::TreeGrower grower(X, sorted);
    tree_detail::GrowSettings gs;
    gs.max_depth = params.max_depth;
    gs.min_samples_split = params.min_samples_split;
    gs.min_samples_leaf = params.min_samples_leaf;
    gs.max_features = params.max_features;
    gs.min_impurity_decrease = params.min_impurity_decrease;
    Rng rng(params.seed);
    DecisionTreeModel m = tree_detail::make_classifier(grower.grow_classifier(gs, params.criterion, y, n_classes, w, rng),
                                                       static_cast<int>(X.cols()), n_classes);
    progress.report(1.0, "decision tree");
    return m;
}

std::vector<int> apply(const DecisionTreeModel& model, const Matrix& X) {
    validate(model);
    tree_detail::check_predict_input(X, model.n_features, "decision tree");
    return tree_detail::apply(model.nodes, X);
}

Matrix predict_proba(const DecisionTreeModel& model, const Matrix& X) {
    const std::vector<int> leaves = apply(model, X);
    Matrix out = Matrix::Zero(X.rows(), model.n_classes);
    std::vector<double> row(static_cast<size_t>(model.n_classes));
    for (Index r = 0; r < X.rows(); ++r) {
        std::fill(row.begin(), row.end(), 0.0);
        tree_detail::add_leaf_proba(model, leaves[static_cast<size_t>(r)], row.data());
        for (int k = 0; k < model.n_classes; ++k) out(r, k) = row[static_cast<size_t>(k)];
    }
    return out;
}

Labels predict(const DecisionTreeModel& model, const Matrix& X) {
    return argmax_rows(predict_proba(model, X));
}

Matrix node_distribution(const DecisionTreeModel& model) {
    validate(model);
    const int n = model.nodes.size();
    Matrix dist = Matrix::Zero(n, model.n_classes);
    // Children come after parents, so a backward sweep sees both children before their parent.
    for (int i = n - 1; i >= 0; --i) {
        const int l = model.nodes.left[static_cast<size_t>(i)];
        if (l < 0) {
            std::vector<double> row(static_cast<size_t>(model.n_classes), 0.0);
            tree_detail::add_leaf_proba(model, i, row.data());
            for (int k = 0; k < model.n_classes; ++k) dist(i, k) = row[static_cast<size_t>(k)];
        } else {
            const int r = model.nodes.right[static_cast<size_t>(i)];
            const double wl = model.nodes.weighted_n[static_cast<size_t>(l)], wr = model.nodes.weighted_n[static_cast<size_t>(r)];
            if (wl + wr > 0) dist.row(i) = (wl * dist.row(l) + wr * dist.row(r)) / (wl + wr);
        }
    }
    return dist;
}

void validate(const DecisionTreeModel& m) {
    if (m.n_classes < 2 || m.n_classes > 1000000) throw Error("decision tree model: needs at least 2 classes");
    if (m.n_features < 1) throw Error("decision tree model: needs at least one feature");
    validate(m.nodes, m.n_features);
    const size_t n = static_cast<size_t>(m.nodes.size());
    if (m.leaf_begin.size() != n + 1) throw Error("decision tree model: leaf_begin must hold n_nodes + 1 offsets");
    if (m.leaf_begin[0] != 0 || m.leaf_begin[n] != static_cast<int>(m.leaf_class.size()) || m.leaf_class.size() != m.leaf_proba.size())
        throw Error("decision tree model: the leaf distributions do not match their offsets");
    for (size_t i = 0; i < n; ++i) {
        const int b = m.leaf_begin[i], e = m.leaf_begin[i + 1];
        if (e < b) throw Error("decision tree model: leaf offsets must not decrease");
        const bool leaf = m.nodes.left[i] < 0;
        if (leaf && e == b) throw Error("decision tree model: leaf " + std::to_string(i) + " has no class distribution");
        if (!leaf && e != b) throw Error("decision tree model: internal node " + std::to_string(i) + " has a class distribution");
    }
    for (size_t e = 0; e < m.leaf_class.size(); ++e) {
        if (m.leaf_class[e] < 0 || m.leaf_class[e] >= m.n_classes) throw Error("decision tree model: a leaf names an unknown class");
        if (!(m.leaf_proba[e] >= 0 && m.leaf_proba[e] <= 1)) throw Error("decision tree model: a leaf probability is outside [0, 1]");
    }
    if (m.feature_importances.size() != m.n_features || !m.feature_importances.allFinite())
        throw Error("decision tree model: feature_importances must hold one finite value per feature");
}

void to_json(nlohmann::json& j, const DecisionTreeModel& m) {
    j = nlohmann::json{{"n_features", m.n_features}, {"n_classes", m.n_classes},   {"nodes", m.nodes},
                       {"leaf_begin", m.leaf_begin}, {"leaf_class", m.leaf_class}, {"leaf_proba", m.leaf_proba},
                       {"feature_importances", m.feature_importances}};
}

void from_json(const nlohmann::json& j, DecisionTreeModel& m) {
    if (!j.is_object()) throw Error("model file: a decision tree must be a JSON object");
    for (const char* key : {"n_features", "n_classes", "nodes", "leaf_begin", "leaf_class", "leaf_proba", "feature_importances"})
        if (!j.contains(key)) throw Error(std::string("model file: the decision tree has no '") + key + "'");
    DecisionTreeModel out;
    try {
        out.n_features = j.at("n_features").get<int>();
        out.n_classes = j.at("n_classes").get<int>();
        out.nodes = j.at("nodes").get<TreeNodes>();
        out.leaf_begin = j.at("leaf_begin").get<std::vector<int>>();
        out.leaf_class = j.at("leaf_class").get<std::vector<int>>();
        out.leaf_proba = j.at("leaf_proba").get<std::vector<double>>();
        out.feature_importances = j.at("feature_importances").get<Vector>();
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("model file: the decision tree is malformed (") + e.what() + ")");
    }
    validate(out);
    m = std::move(out);
}

}  // namespace genrelab::classify
