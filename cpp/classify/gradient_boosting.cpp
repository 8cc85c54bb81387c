#include "classify/gradient_boosting.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "classify/decision_tree.hpp"
#include "classify/kernel.hpp"
#include "core/argmax.hpp"
#include "core/error.hpp"
#include "core/json_eigen.hpp"
#include "core/rng.hpp"

namespace genrelab::classify {

namespace {

// exp/log from kernel.hpp: libm differs in the last bit between native and wasm builds.
using kernel_detail::exp_det;
using kernel_detail::log_det;

double logsumexp(const double* a, int k) {
    double amax = a[0];
    for (int i = 1; i < k; ++i) amax = std::max(amax, a[i]);
    double s = 0;
    for (int i = 0; i < k; ++i) s += exp_det(a[i] - amax);
    return log_det(s) + amax;
}

double expit(double x) { return 1.0 / (1.0 + exp_det(-x)); }

double logaddexp0(double x) { return std::max(0.0, x) + log_det(1.0 + exp_det(-std::fabs(x))); }

}  // namespace

struct GradientBoostingFitter::Impl {
    GradientBoostingParams params;
    const Matrix& X;
    const Labels& y;
    int K = 0, T = 0;
    Index n = 0;
    tree_detail::GrowSettings gs;
    std::unique_ptr<tree_detail::SortedColumns> sorted;
    std::unique_ptr<tree_detail::TreeGrower> grower;
    Rng rng;
    std::vector<double> raw;        // n × T, row-major
    std::vector<double> raw_start;  // the scores at the start of the stage (gradients use these)
    std::vector<double> weight, residual, target;
    std::vector<double> num, den;
    std::vector<int> perm;
    GradientBoostingModel model;
    int stages_done = 0;
    bool finished = false;

    Impl(const GradientBoostingParams& p, const Matrix& X_, const Labels& y_, int n_classes)
        : params(p), X(X_), y(y_), K(n_classes), rng(p.seed) {
        tree_detail::check_fit_input(X, static_cast<Index>(y.size()), "gradient boosting model");
        tree_detail::check_labels(y, n_classes);
        tree_detail::check_tree_settings(params.max_depth, params.min_samples_split, params.min_samples_leaf);
        if (params.n_estimators < 1) throw Error("gradient boosting needs at least one stage (n_estimators = " + std::to_string(params.n_estimators) + ")");
        if (params.n_estimators > 1000000) throw Error("n_estimators is implausibly large");
        if (!(params.learning_rate > 0) || !std::isfinite(params.learning_rate))
            throw Error("learning_rate must be a positive number (learning_rate = " + std::to_string(params.learning_rate) + ")");
        if (!(params.subsample > 0 && params.subsample <= 1)) throw Error("subsample must be in (0, 1]");
        if (params.max_features < 0) throw Error("max_features must be 0 (all features) or positive");
        n = X.rows();
        T = K == 2 ? 1 : K;
        gs.max_depth = params.max_depth;
        gs.min_samples_split = params.min_samples_split;
        gs.min_samples_leaf = params.min_samples_leaf;
        gs.max_features = params.max_features;

        model.n_features = static_cast<int>(X.cols());
        model.n_classes = K;
        model.trees_per_stage = T;
        model.learning_rate = params.learning_rate;
        // Initial scores from the class priors, clipped like scikit-learn (float32 ε).
        std::vector<double> prior(static_cast<size_t>(K), 0.0);
        for (int c : y) prior[static_cast<size_t>(c)] += 1;
        for (double& v : prior) v /= static_cast<double>(n);
        const double eps = std::numeric_limits<float>::epsilon();
        model.init_raw.resize(T);
        if (K == 2) {
            const double p1 = std::min(std::max(prior[1], eps), 1 - eps);
            model.init_raw[0] = log_det(p1 / (1 - p1));
        } else {
            for (int k = 0; k < K; ++k) model.init_raw[k] = log_det(std::min(std::max(prior[static_cast<size_t>(k)], eps), 1 - eps));
        }
        raw.resize(static_cast<size_t>(n * T));
        for (Index r = 0; r < n; ++r)
            for (int k = 0; k < T; ++k) raw[static_cast<size_t>(r * T + k)] = model.init_raw[k];
        weight.assign(static_cast<size_t>(n), 1.0);
        residual.resize(static_cast<size_t>(n));
        target.resize(static_cast<size_t>(n));
        model.trees.reserve(static_cast<size_t>(params.n_estimators) * static_cast<size_t>(T));
    }

    void draw_subsample() {
        if (params.subsample >= 1) return;
        const Index n_inbag = std::max<Index>(1, static_cast<Index>(params.subsample * static_cast<double>(n)));
        perm.resize(static_cast<size_t>(n));
        std::iota(perm.begin(), perm.end(), 0);
        for (Index i = 0; i < n_inbag; ++i)  // partial Fisher–Yates: the first n_inbag entries are the sample
            std::swap(perm[static_cast<size_t>(i)], perm[static_cast<size_t>(i + static_cast<Index>(rng.below(static_cast<uint64_t>(n - i))))]);
        std::fill(weight.begin(), weight.end(), 0.0);
        for (Index i = 0; i < n_inbag; ++i) weight[static_cast<size_t>(perm[static_cast<size_t>(i)])] = 1.0;
    }

    bool step() {
        if (finished) return true;
        if (!sorted) {
            sorted = std::make_unique<tree_detail::SortedColumns>(tree_detail::sort_columns(X));
            grower = std::make_unique<tree_detail::TreeGrower>(X, *sorted);
            return false;
        }
        draw_subsample();
        raw_start = raw;
        std::vector<double> lse;
        if (T > 1) {
            lse.resize(static_cast<size_t>(n));
            for (Index r = 0; r < n; ++r) lse[static_cast<size_t>(r)] = logsumexp(raw_start.data() + r * T, T);
        }
        for (int k = 0; k < T; ++k) {
            const int cls = T == 1 ? 1 : k;
            for (Index r = 0; r < n; ++r) {
                const double yk = y[static_cast<size_t>(r)] == cls ? 1.0 : 0.0;
                const double p = T == 1 ? expit(raw_start[static_cast<size_t>(r)])
                                        : exp_det(raw_start[static_cast<size_t>(r * T + k)] - lse[static_cast<size_t>(r)]);
                target[static_cast<size_t>(r)] = yk;
                residual[static_cast<size_t>(r)] = yk - p;
            }
            tree_detail::GrownTree g = grower->grow_regressor(gs, params.criterion, residual, weight, rng);
            RegressionTreeModel tree;
            tree.n_features = model.n_features;
            tree.nodes = std::move(g.nodes);
            tree.value = std::move(g.value);
            // Newton step per leaf over the in-bag rows.
            const int nn = tree.nodes.size();
            num.assign(static_cast<size_t>(nn), 0.0);
            den.assign(static_cast<size_t>(nn), 0.0);
            std::vector<int> leaf(static_cast<size_t>(n));
            for (Index r = 0; r < n; ++r) {
                const int l = tree_detail::find_leaf(tree.nodes, X.data() + r, n);
                leaf[static_cast<size_t>(r)] = l;
                if (weight[static_cast<size_t>(r)] == 0) continue;
                const double w = weight[static_cast<size_t>(r)], res = residual[static_cast<size_t>(r)], yk = target[static_cast<size_t>(r)];
                num[static_cast<size_t>(l)] += w * res;
                den[static_cast<size_t>(l)] += w * (yk - res) * (1 - yk + res);
            }
            for (int l = 0; l < nn; ++l) {
                if (tree.nodes.left[static_cast<size_t>(l)] >= 0) continue;
                double numerator = num[static_cast<size_t>(l)];
                if (T > 1) numerator *= static_cast<double>(K - 1) / K;
                const double d = den[static_cast<size_t>(l)];
                tree.value[static_cast<size_t>(l)] = std::fabs(d) < 1e-150 ? 0.0 : numerator / d;
            }
            for (Index r = 0; r < n; ++r)
                raw[static_cast<size_t>(r * T + k)] += params.learning_rate * tree.value[static_cast<size_t>(leaf[static_cast<size_t>(r)])];
            model.trees.push_back(std::move(tree));
        }
        model.train_loss.push_back(loss());
        ++stages_done;
        if (stages_done < params.n_estimators) return false;
        finish();
        return true;
    }

    double loss() const {
        double s = 0, wsum = 0;
        for (Index r = 0; r < n; ++r) {
            const double w = weight[static_cast<size_t>(r)];
            if (w == 0) continue;
            const int c = y[static_cast<size_t>(r)];
            double l;
            if (T == 1) {
                const double f = raw[static_cast<size_t>(r)];
                l = -2.0 * ((c == 1 ? f : 0.0) - logaddexp0(f));
            } else {
                l = -raw[static_cast<size_t>(r * T + c)] + logsumexp(raw.data() + r * T, T);
            }
            s += w * l;
            wsum += w;
        }
        return s / wsum;
    }

    void finish() {
        const int d = model.n_features;
        model.feature_importances = Vector::Zero(d);
        int used = 0;
        for (const RegressionTreeModel& t : model.trees)
            if (t.nodes.size() > 1) {
                model.feature_importances += tree_detail::feature_importances(t.nodes, d, false);
                ++used;
            }
        if (used > 0) {
            model.feature_importances /= used;
            double s = 0;
            for (int f = 0; f < d; ++f) s += model.feature_importances[f];
            if (s > 0) model.feature_importances /= s;
        }
        grower.reset();
        sorted.reset();
        finished = true;
    }
};

GradientBoostingFitter::GradientBoostingFitter(const GradientBoostingParams& params, const Matrix& X, const Labels& y, int n_classes)
    : impl_(std::make_unique<Impl>(params, X, y, n_classes)) {}
GradientBoostingFitter::~GradientBoostingFitter() = default;
bool GradientBoostingFitter::step() { return impl_->step(); }
double GradientBoostingFitter::fraction() const {
    if (impl_->finished) return 1.0;
    return (impl_->stages_done + (impl_->sorted ? 0.5 : 0.0)) / (impl_->params.n_estimators + 0.5);
}
std::string GradientBoostingFitter::stage() const {
    if (impl_->finished) return "gradient boosting: done";
    if (!impl_->sorted) return "gradient boosting: sorting the columns";
    return "gradient boosting: stage " + std::to_string(impl_->stages_done + 1) + " of " + std::to_string(impl_->params.n_estimators);
}
GradientBoostingModel GradientBoostingFitter::result() const {
    if (!impl_->finished) throw Error("GradientBoostingFitter::result called before the fit finished");
    return impl_->model;
}

GradientBoostingModel fit(const GradientBoostingParams& params, const Matrix& X, const Labels& y, int n_classes, Progress& progress) {
    GradientBoostingFitter fitter(params, X, y, n_classes);
    fitter.run(progress);
    return fitter.result();
}

namespace {

// Raw scores n × trees_per_stage, row-major.
std::vector<double> raw_scores(const GradientBoostingModel& m, const Matrix& X) {
    validate(m);
    tree_detail::check_predict_input(X, m.n_features, "gradient boosting model");
    const Index n = X.rows();
    const int T = m.trees_per_stage;
    std::vector<double> raw(static_cast<size_t>(n * T));
    for (Index r = 0; r < n; ++r)
        for (int k = 0; k < T; ++k) raw[static_cast<size_t>(r * T + k)] = m.init_raw[k];
    for (size_t t = 0; t < m.trees.size(); ++t) {
        const int k = static_cast<int>(t % static_cast<size_t>(T));
        const RegressionTreeModel& tree = m.trees[t];
        for (Index r = 0; r < n; ++r)
            raw[static_cast<size_t>(r * T + k)] +=
                m.learning_rate * tree.value[static_cast<size_t>(tree_detail::find_leaf(tree.nodes, X.data() + r, n))];
    }
    return raw;
}

}  // namespace

Matrix decision_function(const GradientBoostingModel& m, const Matrix& X) {
    const std::vector<double> raw = raw_scores(m, X);
    Matrix out(X.rows(), m.n_classes);
    for (Index r = 0; r < X.rows(); ++r) {
        if (m.trees_per_stage == 1) {
            out(r, 1) = raw[static_cast<size_t>(r)];
            out(r, 0) = -raw[static_cast<size_t>(r)];
        } else {
            for (int k = 0; k < m.n_classes; ++k) out(r, k) = raw[static_cast<size_t>(r * m.n_classes + k)];
        }
    }
    return out;
}

Matrix predict_proba(const GradientBoostingModel& m, const Matrix& X) {
    const std::vector<double> raw = raw_scores(m, X);
    Matrix out(X.rows(), m.n_classes);
    for (Index r = 0; r < X.rows(); ++r) {
        if (m.trees_per_stage == 1) {
            const double p = expit(raw[static_cast<size_t>(r)]);
            out(r, 1) = p;
            out(r, 0) = 1 - p;
        } else {
            const double* a = raw.data() + r * m.n_classes;
            const double lse = logsumexp(a, m.n_classes);
            for (int k = 0; k < m.n_classes; ++k) out(r, k) = exp_det(a[k] - lse);
        }
    }
    return out;
}

Labels predict(const GradientBoostingModel& m, const Matrix& X) {
    return argmax_rows(predict_proba(m, X));
}

void validate(const GradientBoostingModel& m) {
    if (m.n_classes < 2) throw Error("gradient boosting model: needs at least 2 classes");
    if (m.n_features < 1) throw Error("gradient boosting model: needs at least one feature");
    const int expect = m.n_classes == 2 ? 1 : m.n_classes;
    if (m.trees_per_stage != expect)
        throw Error("gradient boosting model: trees_per_stage is " + std::to_string(m.trees_per_stage) + " but " +
                    std::to_string(m.n_classes) + " classes need " + std::to_string(expect));
    if (m.init_raw.size() != expect || !m.init_raw.allFinite()) throw Error("gradient boosting model: init_raw must hold one finite score per tree of a stage");
    if (m.trees.empty() || m.trees.size() % static_cast<size_t>(expect) != 0)
        throw Error("gradient boosting model: the number of trees must be a positive multiple of trees_per_stage");
    if (!(m.learning_rate > 0) || !std::isfinite(m.learning_rate)) throw Error("gradient boosting model: invalid learning_rate");
    for (const RegressionTreeModel& t : m.trees) {
        if (t.n_features != m.n_features) throw Error("gradient boosting model: a tree was fitted on a different number of features");
        validate(t);
    }
    if (m.feature_importances.size() != m.n_features || !m.feature_importances.allFinite())
        throw Error("gradient boosting model: feature_importances must hold one finite value per feature");
}

void to_json(nlohmann::json& j, const GradientBoostingModel& m) {
    j = nlohmann::json{{"n_features", m.n_features},       {"n_classes", m.n_classes}, {"trees_per_stage", m.trees_per_stage},
                       {"learning_rate", m.learning_rate}, {"init_raw", m.init_raw},   {"trees", m.trees},
                       {"train_loss", m.train_loss},       {"feature_importances", m.feature_importances}};
}

void from_json(const nlohmann::json& j, GradientBoostingModel& m) {
    if (!j.is_object()) throw Error("model file: a gradient boosting model must be a JSON object");
    for (const char* key : {"n_features", "n_classes", "trees_per_stage", "learning_rate", "init_raw", "trees", "feature_importances"})
        if (!j.contains(key)) throw Error(std::string("model file: the gradient boosting model has no '") + key + "'");
    GradientBoostingModel out;
    try {
        out.n_features = j.at("n_features").get<int>();
        out.n_classes = j.at("n_classes").get<int>();
        out.trees_per_stage = j.at("trees_per_stage").get<int>();
        out.learning_rate = j.at("learning_rate").get<double>();
        out.init_raw = j.at("init_raw").get<Vector>();
        const auto& trees = j.at("trees");
        if (!trees.is_array()) throw Error("model file: the gradient boosting model's 'trees' must be an array");
        for (const auto& t : trees) out.trees.push_back(t.get<RegressionTreeModel>());
        if (j.contains("train_loss")) out.train_loss = j.at("train_loss").get<std::vector<double>>();
        out.feature_importances = j.at("feature_importances").get<Vector>();
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("model file: the gradient boosting model is malformed (") + e.what() + ")");
    }
    validate(out);
    m = std::move(out);
}

}  // namespace genrelab::classify
