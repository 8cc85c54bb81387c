#include "classify/random_forest.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/argmax.hpp"
#include "core/error.hpp"
#include "core/json_eigen.hpp"
#include "core/rng.hpp"

namespace genrelab::classify {

int resolve_max_features(const RandomForestParams& params, int d) {
    switch (params.max_features) {
        case MaxFeatures::Sqrt: {  // ⌊√d⌋ in integers
            int r = 1;
            while ((r + 1) * (r + 1) <= d) ++r;
            return r;
        }
        case MaxFeatures::Log2: {  // ⌊log2 d⌋, at least 1
            int r = 0;
            while ((2 << r) <= d) ++r;
            return std::max(1, r);
        }
        case MaxFeatures::All: return d;
        case MaxFeatures::Count:
            if (params.max_features_count < 1 || params.max_features_count > d)
                throw Error("max_features_count must be between 1 and the number of features (" + std::to_string(d) +
                            "), got " + std::to_string(params.max_features_count));
            return params.max_features_count;
    }
    throw Error("unknown max_features setting");
}

struct RandomForestFitter::Impl {
    RandomForestParams params;
    const Matrix& X;
    const Labels& y;
    int K = 0, d = 0, mtry = 0;
    Index n_draws = 0;
    std::vector<double> cw;
    tree_detail::GrowSettings gs;
    std::unique_ptr<tree_detail::SortedColumns> sorted;
    std::unique_ptr<tree_detail::TreeGrower> grower;
    Rng master;
    std::vector<DecisionTreeModel> trees;
    std::vector<double> oob_sum;  // n × K, row-major
    std::vector<int> oob_count;
    std::vector<double> weight;
    std::vector<int> counts;
    bool finished = false;
    RandomForestModel model;

    Impl(const RandomForestParams& p, const Matrix& X_, const Labels& y_, int n_classes)
        : params(p), X(X_), y(y_), K(n_classes), master(p.seed) {
        tree_detail::check_fit_input(X, static_cast<Index>(y.size()), "random forest");
        tree_detail::check_labels(y, n_classes);
        tree_detail::check_tree_settings(params.max_depth, params.min_samples_split, params.min_samples_leaf);
        if (params.n_trees < 1) throw Error("a random forest needs at least one tree (n_trees = " + std::to_string(params.n_trees) + ")");
        if (params.n_trees > 100000) throw Error("n_trees is implausibly large (" + std::to_string(params.n_trees) + ")");
        if (!(params.max_samples >= 0 && params.max_samples <= 1))
            throw Error("max_samples must be a fraction in (0, 1] (or 0 for all rows)");
        if (params.oob_score && !params.bootstrap) throw Error("oob_score needs bootstrap = true (every row is in every tree otherwise)");
        d = static_cast<int>(X.cols());
        mtry = resolve_max_features(params, d);
        const Index n = X.rows();
        n_draws = params.max_samples > 0 ? std::max<Index>(1, static_cast<Index>(std::round(params.max_samples * static_cast<double>(n)))) : n;
        cw = tree_detail::class_weights(y, K, params.class_weight, params.class_weight_balanced);
        gs.max_depth = params.max_depth;
        gs.min_samples_split = params.min_samples_split;
        gs.min_samples_leaf = params.min_samples_leaf;
        gs.max_features = mtry;
        if (params.oob_score) {
            oob_sum.assign(static_cast<size_t>(n * K), 0.0);
            oob_count.assign(static_cast<size_t>(n), 0);
        }
        trees.reserve(static_cast<size_t>(params.n_trees));
    }

    bool step() {
        if (finished) return true;
        if (!sorted) {  // first step: sort the columns once for all trees
            sorted = std::make_unique<tree_detail::SortedColumns>(tree_detail::sort_columns(X));
            grower = std::make_unique<tree_detail::TreeGrower>(X, *sorted);
            return false;
        }
        const Index n = X.rows();
        Rng rng = master.split();  // the tree's own stream: bootstrap, then feature draws
        weight.assign(static_cast<size_t>(n), 0.0);
        if (params.bootstrap) {
            counts.assign(static_cast<size_t>(n), 0);
            for (Index k = 0; k < n_draws; ++k) ++counts[static_cast<size_t>(rng.below(static_cast<uint64_t>(n)))];
            for (Index r = 0; r < n; ++r)
                weight[static_cast<size_t>(r)] = counts[static_cast<size_t>(r)] * cw[static_cast<size_t>(y[static_cast<size_t>(r)])];
        } else {
            for (Index r = 0; r < n; ++r) weight[static_cast<size_t>(r)] = cw[static_cast<size_t>(y[static_cast<size_t>(r)])];
        }
        trees.push_back(tree_detail::make_classifier(grower->grow_classifier(gs, params.criterion, y, K, weight, rng), d, K));
        if (params.oob_score) {
            const DecisionTreeModel& t = trees.back();
            for (Index r = 0; r < n; ++r) {
                if (counts[static_cast<size_t>(r)] != 0) continue;
                tree_detail::add_leaf_proba(t, tree_detail::find_leaf(t.nodes, X.data() + r, n), oob_sum.data() + r * K);
                ++oob_count[static_cast<size_t>(r)];
            }
        }
        if (static_cast<int>(trees.size()) < params.n_trees) return false;
        finish();
        return true;
    }

    void finish() {
        RandomForestModel m;
        m.n_features = d;
        m.n_classes = K;
        m.feature_importances = Vector::Zero(d);
        int used = 0;
        for (const DecisionTreeModel& t : trees)
            if (t.nodes.size() > 1) {
                m.feature_importances += t.feature_importances;
                ++used;
            }
        if (used > 0) {
            m.feature_importances /= used;
            double s = 0;
            for (int f = 0; f < d; ++f) s += m.feature_importances[f];
            if (s > 0) m.feature_importances /= s;
        }
        if (params.oob_score) {
            long long right = 0, total = 0;
            for (Index r = 0; r < X.rows(); ++r) {
                if (oob_count[static_cast<size_t>(r)] == 0) continue;
                const double* p = oob_sum.data() + r * K;
                int best = 0;
                for (int k = 1; k < K; ++k)
                    if (p[k] > p[best]) best = k;
                right += best == y[static_cast<size_t>(r)];
                ++total;
            }
            m.oob_score = total > 0 ? static_cast<double>(right) / static_cast<double>(total) : -1;
        }
        m.trees = std::move(trees);
        model = std::move(m);
        grower.reset();
        sorted.reset();
        finished = true;
    }
};

RandomForestFitter::RandomForestFitter(const RandomForestParams& params, const Matrix& X, const Labels& y, int n_classes)
    : impl_(std::make_unique<Impl>(params, X, y, n_classes)) {}
RandomForestFitter::~RandomForestFitter() = default;
bool RandomForestFitter::step() { return impl_->step(); }
double RandomForestFitter::fraction() const {
    if (impl_->finished) return 1.0;
    return (static_cast<double>(impl_->trees.size()) + (impl_->sorted ? 0.5 : 0.0)) / (impl_->params.n_trees + 0.5);
}
std::string RandomForestFitter::stage() const {
    if (impl_->finished) return "random forest: done";
    if (!impl_->sorted) return "random forest: sorting the columns";
    return "random forest: tree " + std::to_string(impl_->trees.size() + 1) + " of " + std::to_string(impl_->params.n_trees);
}
RandomForestModel RandomForestFitter::result() const {
    if (!impl_->finished) throw Error("RandomForestFitter::result called before the fit finished");
    return impl_->model;
}

RandomForestModel fit(const RandomForestParams& params, const Matrix& X, const Labels& y, int n_classes, Progress& progress) {
    RandomForestFitter fitter(params, X, y, n_classes);
    fitter.run(progress);
    return fitter.result();
}

Matrix predict_proba(const RandomForestModel& model, const Matrix& X) {
    validate(model);
    tree_detail::check_predict_input(X, model.n_features, "random forest");
    const Index n = X.rows();
    Matrix out = Matrix::Zero(n, model.n_classes);
    // Row-major accumulation buffer: one tree at a time over all rows keeps the tree in cache.
    std::vector<double> acc(static_cast<size_t>(n * model.n_classes), 0.0);
    for (const DecisionTreeModel& t : model.trees)
        for (Index r = 0; r < n; ++r)
            tree_detail::add_leaf_proba(t, tree_detail::find_leaf(t.nodes, X.data() + r, n), acc.data() + r * model.n_classes);
    const double nt = static_cast<double>(model.trees.size());
    for (Index r = 0; r < n; ++r)
        for (int k = 0; k < model.n_classes; ++k) out(r, k) = acc[static_cast<size_t>(r * model.n_classes + k)] / nt;
    return out;
}

Labels predict(const RandomForestModel& model, const Matrix& X) {
    return argmax_rows(predict_proba(model, X));
}

void validate(const RandomForestModel& m) {
    if (m.n_classes < 2) throw Error("random forest model: needs at least 2 classes");
    if (m.n_features < 1) throw Error("random forest model: needs at least one feature");
    if (m.trees.empty()) throw Error("random forest model: has no trees");
    for (const DecisionTreeModel& t : m.trees) {
        if (t.n_features != m.n_features || t.n_classes != m.n_classes)
            throw Error("random forest model: a tree was fitted on a different number of features or classes");
        validate(t);
    }
    if (m.feature_importances.size() != m.n_features || !m.feature_importances.allFinite())
        throw Error("random forest model: feature_importances must hold one finite value per feature");
    if (!std::isfinite(m.oob_score)) throw Error("random forest model: oob_score is not a number");
}

namespace {

// A forest's trees as JSON without what prediction never reads and what the node order implies: left
// children (always the next node in pre-order), per-node impurity and row counts (only used to compute
// feature_importances, which are stored), leaf_begin (rebuilt from leaf_size), and leaf thresholds. About
// half the bytes of DecisionTreeModel's JSON (100 full-depth trees on 40k rows: 101 MB → 47 MB); thresholds
// and leaf probabilities keep every digit, so predictions after loading are bit-identical.
bool compactable(const DecisionTreeModel& t) {
    for (int i = 0; i < t.nodes.size(); ++i)
        if (t.nodes.left[static_cast<size_t>(i)] >= 0 && t.nodes.left[static_cast<size_t>(i)] != i + 1) return false;
    return true;
}

nlohmann::json compact_tree(const DecisionTreeModel& t) {
    const int n = t.nodes.size();
    std::vector<double> threshold(static_cast<size_t>(n), 0.0);
    std::vector<int> leaf_size;
    for (int i = 0; i < n; ++i) {
        const size_t u = static_cast<size_t>(i);
        if (t.nodes.left[u] >= 0) threshold[u] = t.nodes.threshold[u];
        else leaf_size.push_back(t.leaf_begin[u + 1] - t.leaf_begin[u]);
    }
    return nlohmann::json{{"feature", t.nodes.feature}, {"threshold", threshold}, {"right", t.nodes.right},
                          {"weighted_n", t.nodes.weighted_n}, {"leaf_size", leaf_size}, {"leaf_class", t.leaf_class},
                          {"leaf_proba", t.leaf_proba}, {"feature_importances", t.feature_importances}};
}

DecisionTreeModel expand_tree(const nlohmann::json& j, int n_features, int n_classes) {
    if (!j.is_object()) throw Error("model file: a tree of the random forest must be a JSON object");
    for (const char* key : {"feature", "threshold", "right", "weighted_n", "leaf_size", "leaf_class", "leaf_proba", "feature_importances"})
        if (!j.contains(key)) throw Error(std::string("model file: a tree of the random forest has no '") + key + "'");
    DecisionTreeModel t;
    t.n_features = n_features;
    t.n_classes = n_classes;
    t.nodes.feature = j.at("feature").get<std::vector<int>>();
    t.nodes.threshold = j.at("threshold").get<std::vector<double>>();
    t.nodes.right = j.at("right").get<std::vector<int>>();
    t.nodes.weighted_n = j.at("weighted_n").get<std::vector<double>>();
    const auto leaf_size = j.at("leaf_size").get<std::vector<int>>();
    t.leaf_class = j.at("leaf_class").get<std::vector<int>>();
    t.leaf_proba = j.at("leaf_proba").get<std::vector<double>>();
    t.feature_importances = j.at("feature_importances").get<Vector>();
    const size_t n = t.nodes.feature.size();
    if (t.nodes.threshold.size() != n || t.nodes.right.size() != n || t.nodes.weighted_n.size() != n)
        throw Error("model file: a tree of the random forest has node arrays of different lengths");
    t.nodes.left.resize(n);
    t.nodes.n_samples.assign(n, 0);
    t.nodes.impurity.assign(n, 0.0);
    t.leaf_begin.assign(n + 1, 0);
    size_t leaf = 0;
    long long offset = 0;
    for (size_t i = 0; i < n; ++i) {
        t.leaf_begin[i] = static_cast<int>(offset);
        const bool is_leaf = t.nodes.feature[i] < 0;
        t.nodes.left[i] = is_leaf ? -1 : static_cast<int>(i + 1);
        if (is_leaf) {
            if (leaf >= leaf_size.size()) throw Error("model file: a tree of the random forest has fewer leaf sizes than leaves");
            if (leaf_size[leaf] < 0 || leaf_size[leaf] > n_classes) throw Error("model file: a tree of the random forest has an invalid leaf size");
            offset += leaf_size[leaf++];
            if (offset > static_cast<long long>(t.leaf_class.size())) throw Error("model file: a tree of the random forest has too few leaf entries");
        }
    }
    if (leaf != leaf_size.size()) throw Error("model file: a tree of the random forest has more leaf sizes than leaves");
    t.leaf_begin[n] = static_cast<int>(offset);
    validate(t);   // children, features, thresholds, leaf entries and probabilities
    return t;
}

}  // namespace

void to_json(nlohmann::json& j, const RandomForestModel& m) {
    nlohmann::json trees = nlohmann::json::array();
    bool compact = true;
    for (const auto& t : m.trees) compact = compact && compactable(t);
    for (const auto& t : m.trees) trees.push_back(compact ? compact_tree(t) : nlohmann::json(t));
    j = nlohmann::json{{"n_features", m.n_features}, {"n_classes", m.n_classes}, {"tree_format", compact ? "compact" : "full"},
                       {"trees", std::move(trees)}, {"feature_importances", m.feature_importances}, {"oob_score", m.oob_score}};
}

void from_json(const nlohmann::json& j, RandomForestModel& m) {
    if (!j.is_object()) throw Error("model file: a random forest must be a JSON object");
    for (const char* key : {"n_features", "n_classes", "trees", "feature_importances"})
        if (!j.contains(key)) throw Error(std::string("model file: the random forest has no '") + key + "'");
    RandomForestModel out;
    try {
        out.n_features = j.at("n_features").get<int>();
        out.n_classes = j.at("n_classes").get<int>();
        const auto& trees = j.at("trees");
        if (!trees.is_array()) throw Error("model file: the random forest's 'trees' must be an array");
        // "compact" (written since the benchmark work) or "full" (DecisionTreeModel's JSON; older files).
        const std::string format = j.value("tree_format", std::string("full"));
        if (format != "compact" && format != "full") throw Error("model file: unknown tree_format '" + format + "' in the random forest");
        for (const auto& t : trees)
            out.trees.push_back(format == "compact" ? expand_tree(t, out.n_features, out.n_classes) : t.get<DecisionTreeModel>());
        out.feature_importances = j.at("feature_importances").get<Vector>();
        if (j.contains("oob_score")) out.oob_score = j.at("oob_score").get<double>();
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("model file: the random forest is malformed (") + e.what() + ")");
    }
    validate(out);
    m = std::move(out);
}

}  // namespace genrelab::classify
