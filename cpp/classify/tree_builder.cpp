#include "classify/tree_builder.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>
#include <numeric>
#include <string>

#include "classify/kernel.hpp"
#include "core/error.hpp"
#include "core/json_eigen.hpp"

namespace genrelab::classify {

namespace {

constexpr double kEpsilon = std::numeric_limits<double>::epsilon();
constexpr double kFeatureThreshold = 1e-7;  // scikit-learn's FEATURE_THRESHOLD
constexpr double kLn2 = 0.693147180559945309417232121458;

template <class T>
void read_array(const nlohmann::json& j, const char* key, std::vector<T>& out) {
    if (!j.contains(key)) throw Error(std::string("model file: a tree has no '") + key + "'");
    const auto& a = j.at(key);
    if (!a.is_array()) throw Error(std::string("model file: a tree's '") + key + "' must be an array");
    if (a.size() > kMaxJsonArray) throw Error(std::string("model file: a tree's '") + key + "' is too large");
    out.clear();
    out.reserve(a.size());
    for (const auto& v : a) {
        if (!v.is_number()) throw Error(std::string("model file: a tree's '") + key + "' holds something that is not a number");
        if constexpr (std::is_integral_v<T>) {
            // A fraction or a huge number converted to an int is undefined behaviour: refuse it instead.
            if (!v.is_number_integer()) throw Error(std::string("model file: a tree's '") + key + "' must hold whole numbers");
            const auto x = v.get<long long>();
            if (x < static_cast<long long>(std::numeric_limits<T>::min()) || x > static_cast<long long>(std::numeric_limits<T>::max()))
                throw Error(std::string("model file: a tree's '") + key + "' holds a number out of range");
            out.push_back(static_cast<T>(x));
        } else {
            out.push_back(v.get<T>());
        }
    }
}

}  // namespace

void to_json(nlohmann::json& j, const TreeNodes& t) {
    j = nlohmann::json{{"feature", t.feature},     {"threshold", t.threshold},   {"left", t.left},
                       {"right", t.right},         {"n_samples", t.n_samples},   {"weighted_n", t.weighted_n},
                       {"impurity", t.impurity}};
}

void from_json(const nlohmann::json& j, TreeNodes& t) {
    if (!j.is_object()) throw Error("model file: a tree must be a JSON object");
    TreeNodes out;
    read_array(j, "feature", out.feature);
    read_array(j, "threshold", out.threshold);
    read_array(j, "left", out.left);
    read_array(j, "right", out.right);
    read_array(j, "n_samples", out.n_samples);
    read_array(j, "weighted_n", out.weighted_n);
    read_array(j, "impurity", out.impurity);
    t = std::move(out);
}

void validate(const TreeNodes& t, int n_features) {
    const size_t n = t.feature.size();
    if (n == 0) throw Error("tree: has no nodes");
    if (t.threshold.size() != n || t.left.size() != n || t.right.size() != n || t.n_samples.size() != n ||
        t.weighted_n.size() != n || t.impurity.size() != n)
        throw Error("tree: the node arrays differ in length");
    for (size_t i = 0; i < n; ++i) {
        const int l = t.left[i], r = t.right[i], f = t.feature[i];
        const bool leaf = l < 0;
        if (leaf) {
            if (l != -1 || r != -1 || f != -1) throw Error("tree: node " + std::to_string(i) + " is half a leaf");
        } else {
            if (l <= static_cast<int>(i) || r <= static_cast<int>(i) || static_cast<size_t>(l) >= n || static_cast<size_t>(r) >= n || l == r)
                throw Error("tree: node " + std::to_string(i) + " has invalid children");
            if (f < 0 || f >= n_features)
                throw Error("tree: node " + std::to_string(i) + " splits on feature " + std::to_string(f) + " but there are " +
                            std::to_string(n_features));
            if (!std::isfinite(t.threshold[i])) throw Error("tree: node " + std::to_string(i) + " has a threshold that is not finite");
        }
        if (t.n_samples[i] < 0 || !(t.weighted_n[i] >= 0) || !std::isfinite(t.weighted_n[i]) || !std::isfinite(t.impurity[i]))
            throw Error("tree: node " + std::to_string(i) + " has invalid statistics");
    }
}

namespace tree_detail {

std::vector<int> apply(const TreeNodes& t, const Matrix& X) {
    std::vector<int> out(static_cast<size_t>(X.rows()));
    for (Index r = 0; r < X.rows(); ++r) out[static_cast<size_t>(r)] = find_leaf(t, X.data() + r, X.rows());
    return out;
}

Vector feature_importances(const TreeNodes& t, int n_features, bool normalize) {
    Vector imp = Vector::Zero(n_features);
    for (int i = 0; i < t.size(); ++i) {
        const int l = t.left[static_cast<size_t>(i)];
        if (l < 0) continue;
        const int r = t.right[static_cast<size_t>(i)];
        imp[t.feature[static_cast<size_t>(i)]] +=
            t.weighted_n[static_cast<size_t>(i)] * t.impurity[static_cast<size_t>(i)] -
            t.weighted_n[static_cast<size_t>(l)] * t.impurity[static_cast<size_t>(l)] -
            t.weighted_n[static_cast<size_t>(r)] * t.impurity[static_cast<size_t>(r)];
    }
    if (t.size() > 0 && t.weighted_n[0] > 0) imp /= t.weighted_n[0];
    if (normalize) {
        double s = 0;
        for (Index f = 0; f < imp.size(); ++f) s += imp[f];
        if (s > 0) imp /= s;
    }
    return imp;
}

SortedColumns sort_columns(const Matrix& X) {
    SortedColumns s;
    s.n = X.rows();
    s.d = X.cols();
    s.order.resize(static_cast<size_t>(s.n * s.d));
    s.value.resize(static_cast<size_t>(s.n * s.d));
    for (Index f = 0; f < s.d; ++f) {
        int* o = s.order.data() + f * s.n;
        std::iota(o, o + s.n, 0);
        const double* x = X.data() + f * s.n;
        std::sort(o, o + s.n, [x](int a, int b) { return x[a] < x[b] || (x[a] == x[b] && a < b); });
        double* v = s.value.data() + f * s.n;
        for (Index k = 0; k < s.n; ++k) v[k] = x[o[k]];
    }
    return s;
}

namespace {

// Classification criteria. Counts are weighted; the Gini proxy is updated in O(1) per row moved.
struct ClassCriterion {
    // Weight and class of each row side by side: the scans visit rows in value order, so every row
    // costs one random memory access instead of two.
    struct Row {
        double w;
        size_t k;
    };
    TreeCriterion kind;
    int K;
    std::vector<Row> row;
    std::vector<double> tot, lc, rc;
    double W = 0, Wl = 0, Wr = 0, sql = 0, sqr = 0;

    ClassCriterion(TreeCriterion k, int n_classes, const Labels& y, const std::vector<double>& w)
        : kind(k), K(n_classes), row(y.size()), tot(static_cast<size_t>(n_classes)), lc(static_cast<size_t>(n_classes)),
          rc(static_cast<size_t>(n_classes)) {
        for (size_t r = 0; r < y.size(); ++r) row[r] = {w[r], static_cast<size_t>(y[r])};
    }

    void node_init(const int* rows, int n) {
        std::fill(tot.begin(), tot.end(), 0.0);
        W = 0;
        for (int i = 0; i < n; ++i) {
            const Row& e = row[static_cast<size_t>(rows[i])];
            tot[e.k] += e.w;
            W += e.w;
        }
    }
    static double gini(const std::vector<double>& c, double W) {
        double sq = 0;
        for (double v : c) sq += v * v;
        return 1.0 - sq / (W * W);
    }
    static double entropy(const std::vector<double>& c, double W) {
        double e = 0;
        for (double v : c)
            if (v > 0) {
                const double p = v / W;
                e -= p * (kernel_detail::log_det(p) / kLn2);  // libm's log differs between native and wasm
            }
        return e;
    }
    double impurity() const { return kind == TreeCriterion::Gini ? gini(tot, W) : entropy(tot, W); }
    double weight() const { return W; }
    void append_value(std::vector<double>& out) const { out.insert(out.end(), tot.begin(), tot.end()); }
    void reset() {
        std::fill(lc.begin(), lc.end(), 0.0);
        rc = tot;
        Wl = 0;
        Wr = W;
        sql = 0;
        sqr = 0;
        for (double v : tot) sqr += v * v;
    }
    void move_left(int r) {
        const Row& e = row[static_cast<size_t>(r)];
        const size_t k = e.k;
        const double wr = e.w;
        sql += wr * (2 * lc[k] + wr);
        sqr += wr * (wr - 2 * rc[k]);
        lc[k] += wr;
        rc[k] -= wr;
        Wl += wr;
        Wr -= wr;
    }
    double proxy() const {
        if (kind == TreeCriterion::Gini) return -Wr * (1.0 - sqr / (Wr * Wr)) - Wl * (1.0 - sql / (Wl * Wl));
        return -Wr * entropy(rc, Wr) - Wl * entropy(lc, Wl);
    }
    void children_impurity(double& il, double& ir) const {
        il = kind == TreeCriterion::Gini ? gini(lc, Wl) : entropy(lc, Wl);
        ir = kind == TreeCriterion::Gini ? gini(rc, Wr) : entropy(rc, Wr);
    }
};

// Regression criteria on weighted sums Σw, Σw·t, Σw·t².
struct RegCriterion {
    struct Row {  // w, w·t, w·t² side by side (one random access per row visited)
        double w, wt, wtt;
    };
    RegressionCriterion kind;
    std::vector<Row> row;
    double W = 0, S = 0, Q = 0, Wl = 0, Sl = 0, Ql = 0;

    RegCriterion(RegressionCriterion k, const std::vector<double>& t, const std::vector<double>& w) : kind(k), row(t.size()) {
        for (size_t r = 0; r < t.size(); ++r) row[r] = {w[r], w[r] * t[r], w[r] * t[r] * t[r]};
    }

    void node_init(const int* rows, int n) {
        W = S = Q = 0;
        for (int i = 0; i < n; ++i) {
            const Row& e = row[static_cast<size_t>(rows[i])];
            W += e.w;
            S += e.wt;
            Q += e.wtt;
        }
    }
    double impurity() const {
        const double m = S / W;
        return Q / W - m * m;
    }
    double weight() const { return W; }
    void append_value(std::vector<double>& out) const { out.push_back(S / W); }
    void reset() { Wl = Sl = Ql = 0; }
    void move_left(int r) {
        const Row& e = row[static_cast<size_t>(r)];
        Wl += e.w;
        Sl += e.wt;
        Ql += e.wtt;
    }
    double proxy() const {
        const double Wr = W - Wl, Sr = S - Sl;
        if (kind == RegressionCriterion::SquaredError) return Sl * Sl / Wl + Sr * Sr / Wr;
        const double diff = Wr * Sl - Wl * Sr;
        return diff * diff / (Wl * Wr);
    }
    void children_impurity(double& il, double& ir) const {
        const double Wr = W - Wl, Sr = S - Sl, Qr = Q - Ql;
        il = Ql / Wl - (Sl / Wl) * (Sl / Wl);
        ir = Qr / Wr - (Sr / Wr) * (Sr / Wr);
    }
    double wl() const { return Wl; }
};

struct Split {
    bool found = false;
    int feature = -1;
    int pos = 0;  // rows [start, start+pos) go left
    double threshold = 0;
    double proxy = -std::numeric_limits<double>::infinity();
};

template <class Crit>
double left_weight(const Crit& c) {
    return c.Wl;
}
inline double right_weight(const ClassCriterion& c) { return c.Wr; }
inline double right_weight(const RegCriterion& c) { return c.W - c.Wl; }

}  // namespace

TreeGrower::TreeGrower(const Matrix& X, const SortedColumns& sorted) : X_(X), sorted_(sorted) {
    if (sorted.n != X.rows() || sorted.d != X.cols()) throw Error("TreeGrower: the sorted columns belong to another matrix");
}

template <class Crit>
GrownTree TreeGrower::grow(const GrowSettings& gs, Crit& crit, const std::vector<double>& w, Rng& rng) {
    const Index n = X_.rows();
    const int d = static_cast<int>(X_.cols());
    int m = 0;
    for (Index r = 0; r < n; ++r)
        if (w[static_cast<size_t>(r)] > 0) ++m;
    if (m == 0) throw Error("a tree needs at least one row with positive weight");
    const size_t M = static_cast<size_t>(m);
    idx_.resize(static_cast<size_t>(d) * M);
    val_.resize(static_cast<size_t>(d) * M);
    for (int f = 0; f < d; ++f) {
        const int* src = sorted_.order.data() + static_cast<Index>(f) * n;
        const double* srcv = sorted_.value.data() + static_cast<Index>(f) * n;
        int* dst = idx_.data() + static_cast<size_t>(f) * M;
        double* dstv = val_.data() + static_cast<size_t>(f) * M;
        int k = 0;
        for (Index i = 0; i < n; ++i) {
            const int r = src[i];
            if (w[static_cast<size_t>(r)] > 0) {
                dst[k] = r;
                dstv[k++] = srcv[i];
            }
        }
    }
    tmp_.resize(M);
    tmp_val_.resize(M);
    goes_left_.assign(static_cast<size_t>(n), 0);
    features_.resize(static_cast<size_t>(d));
    std::iota(features_.begin(), features_.end(), 0);
    const int max_feat = gs.max_features <= 0 || gs.max_features >= d ? d : gs.max_features;
    const int msl = std::max(1, gs.min_samples_leaf);

    GrownTree out;
    TreeNodes& t = out.nodes;
    struct Item {
        int start, end, depth, parent;
        bool is_left;
    };
    std::vector<Item> stack;
    stack.push_back({0, m, 0, -1, false});
    double root_weight = 0;

    while (!stack.empty()) {
        const Item it = stack.back();
        stack.pop_back();
        const int nn = it.end - it.start;
        crit.node_init(idx_.data() + it.start, nn);
        const double W = crit.weight();
        const double imp = crit.impurity();
        const int node = t.size();
        if (node == 0) root_weight = W;
        t.feature.push_back(-1);
        t.threshold.push_back(0.0);
        t.left.push_back(-1);
        t.right.push_back(-1);
        t.n_samples.push_back(nn);
        t.weighted_n.push_back(W);
        t.impurity.push_back(imp);
        crit.append_value(out.value);
        if (it.parent >= 0) (it.is_left ? t.left : t.right)[static_cast<size_t>(it.parent)] = node;

        if ((gs.max_depth > 0 && it.depth >= gs.max_depth) || nn < gs.min_samples_split || nn < 2 * msl ||
            W < 2 * gs.min_weight_leaf || imp <= kEpsilon)
            continue;

        // Best split over the candidate features.
        Split best;
        auto consider = [&](int f) -> bool {
            const int* ix = idx_.data() + static_cast<size_t>(f) * M + it.start;
            const double* xv = val_.data() + static_cast<size_t>(f) * M + it.start;
            if (xv[nn - 1] <= xv[0] + kFeatureThreshold) return false;  // constant in this node
            crit.reset();
            for (int p = 0; p < nn - 1; ++p) {
                crit.move_left(ix[p]);
                const double xc = xv[p], xn = xv[p + 1];
                if (xn <= xc + kFeatureThreshold) continue;
                const int nl = p + 1;
                if (nl < msl || nn - nl < msl) continue;
                if (left_weight(crit) < gs.min_weight_leaf || right_weight(crit) < gs.min_weight_leaf) continue;
                const double proxy = crit.proxy();
                if (proxy > best.proxy) {
                    best.found = true;
                    best.proxy = proxy;
                    best.feature = f;
                    best.pos = nl;
                    double thr = xc / 2.0 + xn / 2.0;  // sum of halves cannot overflow
                    if (thr == xn || std::isinf(thr)) thr = xc;
                    best.threshold = thr;
                }
            }
            return true;
        };
        if (max_feat == d) {
            for (int f = 0; f < d; ++f) consider(f);
        } else {
            int remaining = d, visited = 0;
            while (remaining > 0 && visited < max_feat) {
                const int j = static_cast<int>(rng.below(static_cast<uint64_t>(remaining)));
                const int f = features_[static_cast<size_t>(j)];
                std::swap(features_[static_cast<size_t>(j)], features_[static_cast<size_t>(remaining - 1)]);
                --remaining;
                if (consider(f)) ++visited;  // constant features do not count, as in scikit-learn
            }
        }
        if (!best.found) continue;
        if (gs.min_impurity_decrease > 0) {
            crit.reset();
            const int* ix = idx_.data() + static_cast<size_t>(best.feature) * M + it.start;
            for (int p = 0; p < best.pos; ++p) crit.move_left(ix[p]);
            double il, ir;
            crit.children_impurity(il, ir);
            const double improvement =
                (W / root_weight) * (imp - right_weight(crit) / W * ir - left_weight(crit) / W * il);
            if (improvement + kEpsilon < gs.min_impurity_decrease) continue;
        }

        // Partition every feature's range stably: left rows first, in their sorted order.
        const int* lrows = idx_.data() + static_cast<size_t>(best.feature) * M + it.start;
        for (int p = 0; p < best.pos; ++p) goes_left_[static_cast<size_t>(lrows[p])] = 1;
        for (int f = 0; f < d; ++f) {
            if (f == best.feature) continue;
            int* a = idx_.data() + static_cast<size_t>(f) * M + it.start;
            double* av = val_.data() + static_cast<size_t>(f) * M + it.start;
            int nl = 0, nr = 0;
            for (int k = 0; k < nn; ++k) {
                const int r = a[k];
                const double v = av[k];
                if (goes_left_[static_cast<size_t>(r)]) {
                    a[nl] = r;
                    av[nl++] = v;
                } else {
                    tmp_[static_cast<size_t>(nr)] = r;
                    tmp_val_[static_cast<size_t>(nr++)] = v;
                }
            }
            std::copy(tmp_.begin(), tmp_.begin() + nr, a + nl);
            std::copy(tmp_val_.begin(), tmp_val_.begin() + nr, av + nl);
        }
        for (int p = 0; p < best.pos; ++p) goes_left_[static_cast<size_t>(lrows[p])] = 0;
        t.feature[static_cast<size_t>(node)] = best.feature;
        t.threshold[static_cast<size_t>(node)] = best.threshold;
        stack.push_back({it.start + best.pos, it.end, it.depth + 1, node, false});
        stack.push_back({it.start, it.start + best.pos, it.depth + 1, node, true});
    }
    return out;
}

GrownTree TreeGrower::grow_classifier(const GrowSettings& settings, TreeCriterion criterion, const Labels& y, int n_classes,
                                      const std::vector<double>& weight, Rng& rng) {
    if (static_cast<Index>(y.size()) != X_.rows() || static_cast<Index>(weight.size()) != X_.rows())
        throw Error("TreeGrower: labels and weights must have one entry per row");
    ClassCriterion crit(criterion, n_classes, y, weight);
    return grow(settings, crit, weight, rng);
}

GrownTree TreeGrower::grow_regressor(const GrowSettings& settings, RegressionCriterion criterion,
                                     const std::vector<double>& target, const std::vector<double>& weight, Rng& rng) {
    if (static_cast<Index>(target.size()) != X_.rows() || static_cast<Index>(weight.size()) != X_.rows())
        throw Error("TreeGrower: targets and weights must have one entry per row");
    RegCriterion crit(criterion, target, weight);
    return grow(settings, crit, weight, rng);
}

void check_fit_input(const Matrix& X, Index n_targets, const char* model_name) {
    if (X.rows() < 1) throw Error(std::string("a ") + model_name + " needs at least one training row");
    if (X.cols() < 1) throw Error("X has no columns");
    if (n_targets != X.rows())
        throw Error("X has " + std::to_string(X.rows()) + " rows but y has " + std::to_string(n_targets) + " labels");
    for (Index c = 0; c < X.cols(); ++c)
        for (Index r = 0; r < X.rows(); ++r)
            if (!std::isfinite(X(r, c)))
                throw Error("X has a value that is not a finite number (row " + std::to_string(r + 1) + ", column " +
                            std::to_string(c + 1) + "); impute or drop missing values first");
}

void check_labels(const Labels& y, int n_classes) {
    if (n_classes < 2) throw Error("a classifier needs at least 2 classes (got " + std::to_string(n_classes) + ")");
    for (size_t r = 0; r < y.size(); ++r)
        if (y[r] < 0 || y[r] >= n_classes)
            throw Error("label " + std::to_string(y[r]) + " on row " + std::to_string(r + 1) + " is outside 0…" +
                        std::to_string(n_classes - 1));
}

std::vector<double> class_weights(const Labels& y, int n_classes, const std::vector<double>& given, bool balanced) {
    std::vector<double> cw(static_cast<size_t>(n_classes), 1.0);
    if (balanced) {
        std::vector<double> count(static_cast<size_t>(n_classes), 0.0);
        for (int c : y) count[static_cast<size_t>(c)] += 1;
        for (int c = 0; c < n_classes; ++c)
            if (count[static_cast<size_t>(c)] > 0)
                cw[static_cast<size_t>(c)] = static_cast<double>(y.size()) / (n_classes * count[static_cast<size_t>(c)]);
    } else if (!given.empty()) {
        if (static_cast<int>(given.size()) != n_classes)
            throw Error("class_weight has " + std::to_string(given.size()) + " entries but there are " + std::to_string(n_classes) +
                        " classes");
        for (int c = 0; c < n_classes; ++c) {
            const double v = given[static_cast<size_t>(c)];
            if (!(v > 0) || !std::isfinite(v)) throw Error("class_weight entries must be positive numbers");
            cw[static_cast<size_t>(c)] = v;
        }
    }
    return cw;
}

void check_tree_settings(int max_depth, int min_samples_split, int min_samples_leaf) {
    if (max_depth < 0) throw Error("max_depth must be 0 (no limit) or positive (max_depth = " + std::to_string(max_depth) + ")");
    if (min_samples_split < 2) throw Error("min_samples_split must be at least 2 (min_samples_split = " + std::to_string(min_samples_split) + ")");
    if (min_samples_leaf < 1) throw Error("min_samples_leaf must be at least 1 (min_samples_leaf = " + std::to_string(min_samples_leaf) + ")");
}

}  // namespace tree_detail
}  // namespace genrelab::classify
