#include "cluster/agglomerative.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "cluster/kernels.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"

namespace genrelab::cluster {

namespace {

const char* const kWho = "agglomerative clustering";
using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

inline size_t condensed(Index n, Index i, Index j) {   // i < j
    return static_cast<size_t>(n * i - i * (i + 1) / 2 + (j - i - 1));
}

inline double euclid(const double* a, const double* b, Index d) {
    double s = 0;
    for (Index f = 0; f < d; ++f) {
        const double t = a[f] - b[f];
        s += t * t;
    }
    return std::sqrt(s);
}

// SciPy's Lance–Williams updates (scipy/cluster/_hierarchy_distance_update.pxi), same operation order.
double lance_williams(Linkage l, double d_xi, double d_yi, double d_xy, int nx, int ny, int ni) {
    switch (l) {
        case Linkage::Complete: return std::max(d_xi, d_yi);
        case Linkage::Average: return (nx * d_xi + ny * d_yi) / (nx + ny);
        case Linkage::Ward: {
            const double t = 1.0 / (nx + ny + ni);
            return std::sqrt((ni + nx) * t * d_xi * d_xi + (ni + ny) * t * d_yi * d_yi - ni * t * d_xy * d_xy);
        }
        case Linkage::Single: return std::min(d_xi, d_yi);
    }
    return 0;
}

// CPython's heapq on a list of ints (sklearn's _hc_cut keeps its nodes in one, and numbers the clusters
// in the list's order, so the exact layout matters for matching its labels).
void sift_down(std::vector<int>& h, size_t start, size_t pos) {
    const int item = h[pos];
    while (pos > start) {
        const size_t parent = (pos - 1) >> 1;
        if (item < h[parent]) {
            h[pos] = h[parent];
            pos = parent;
            continue;
        }
        break;
    }
    h[pos] = item;
}
void sift_up(std::vector<int>& h, size_t pos) {
    const size_t end = h.size(), start = pos;
    const int item = h[pos];
    size_t child = 2 * pos + 1;
    while (child < end) {
        const size_t right = child + 1;
        if (right < end && !(h[child] < h[right])) child = right;
        h[pos] = h[child];
        pos = child;
        child = 2 * pos + 1;
    }
    h[pos] = item;
    sift_down(h, start, pos);
}
void heappush(std::vector<int>& h, int item) {
    h.push_back(item);
    sift_down(h, 0, h.size() - 1);
}
void heappushpop(std::vector<int>& h, int item) {
    if (!h.empty() && h[0] < item) {
        std::swap(item, h[0]);
        sift_up(h, 0);
    }
}

}  // namespace

Labels cut_tree(const std::vector<std::array<int, 2>>& children, int n_leaves, int n_clusters) {
    if (n_leaves < 1 || static_cast<int>(children.size()) != n_leaves - 1)
        throw Error(std::string(kWho) + ": a tree over " + std::to_string(n_leaves) + " rows needs " +
                    std::to_string(n_leaves - 1) + " merges (got " + std::to_string(children.size()) + ")");
    if (n_clusters < 1 || n_clusters > n_leaves)
        throw Error(std::string(kWho) + ": cannot cut " + std::to_string(n_clusters) + " clusters from a tree over " +
                    std::to_string(n_leaves) + " rows");
    Labels label(static_cast<size_t>(n_leaves), 0);
    if (n_leaves == 1) return label;
    // sklearn's _hc_cut: nodes kept negated in a min-heap; repeatedly split the newest (largest) node.
    std::vector<int> nodes{-(std::max(children.back()[0], children.back()[1]) + 1)};
    for (int c = 0; c < n_clusters - 1; ++c) {
        const auto& these = children[static_cast<size_t>(-nodes[0] - n_leaves)];
        heappush(nodes, -these[0]);
        heappushpop(nodes, -these[1]);
    }
    std::vector<int> stack;
    for (size_t i = 0; i < nodes.size(); ++i) {
        stack.assign(1, -nodes[i]);
        while (!stack.empty()) {
            const int node = stack.back();
            stack.pop_back();
            if (node < n_leaves) {
                label[static_cast<size_t>(node)] = static_cast<int>(i);
            } else {
                const auto& ch = children[static_cast<size_t>(node - n_leaves)];
                stack.push_back(ch[0]);
                stack.push_back(ch[1]);
            }
        }
    }
    return label;
}

// ---------------------------------------------------------------------------------------------- fitter

struct AgglomerativeFitter::State {
    enum class Phase { Distances, Chain, Mst, Finish, Done } phase = Phase::Distances;
    Index n = 0;              // fitted rows
    RowMatrix Xf;             // fitted rows, row-major
    std::vector<int> rows;    // their indices in X
    bool sampled = false;

    // nn-chain
    std::vector<double> D;    // condensed distances
    Index next_row = 0;       // distance rows done
    std::vector<int> size, chain;
    int chain_length = 0;
    Index merges = 0;
    std::vector<std::array<double, 4>> Z;

    // Prim
    std::vector<char> in_tree;
    std::vector<double> current;
    int current_node = 0;
    std::vector<std::array<double, 3>> mst;

    AgglomerativeModel model;
};

AgglomerativeFitter::AgglomerativeFitter(const AgglomerativeParams& params, const Matrix& X)
    : params_(params), X_(X), s_(std::make_unique<State>()) {
    detail::check_not_empty(X_, kWho);
    const Index n = X_.rows();
    if (n < 2) throw Error("agglomerative clustering needs at least 2 rows (X has " + with_thousands(n) + ")");
    if (params_.max_samples < 2) throw Error("agglomerative clustering needs max_samples ≥ 2 (max_samples = " + std::to_string(params_.max_samples) + ")");
    if (params_.n_clusters < 1)
        throw Error("agglomerative clustering needs n_clusters ≥ 1 (n_clusters = " + std::to_string(params_.n_clusters) + ")");
    const Index nf = std::min<Index>(n, params_.max_samples);
    if (params_.n_clusters > nf)
        throw Error("agglomerative clustering needs n_clusters ≤ the number of rows it clusters (n_clusters = " +
                    std::to_string(params_.n_clusters) + ", rows = " + with_thousands(nf) + ")");
    detail::check_finite(X_, kWho);

    State& s = *s_;
    s.n = nf;
    s.sampled = nf < n;
    s.rows.resize(static_cast<size_t>(n));
    std::iota(s.rows.begin(), s.rows.end(), 0);
    if (s.sampled) {
        Rng rng(params_.seed);
        for (Index i = 0; i < nf; ++i) {
            const Index j = i + static_cast<Index>(rng.below(static_cast<uint64_t>(n - i)));
            std::swap(s.rows[static_cast<size_t>(i)], s.rows[static_cast<size_t>(j)]);
        }
        s.rows.resize(static_cast<size_t>(nf));
        std::sort(s.rows.begin(), s.rows.end());
    }
    s.Xf.resize(nf, X_.cols());
    for (Index i = 0; i < nf; ++i) s.Xf.row(i) = X_.row(s.rows[static_cast<size_t>(i)]);

    if (params_.linkage == Linkage::Single) {
        s.phase = State::Phase::Mst;
        s.in_tree.assign(static_cast<size_t>(nf), 0);
        s.current.assign(static_cast<size_t>(nf), std::numeric_limits<double>::infinity());
        s.mst.reserve(static_cast<size_t>(nf - 1));
    } else {
        s.D.resize(static_cast<size_t>(nf * (nf - 1) / 2));
        s.size.assign(static_cast<size_t>(nf), 1);
        s.chain.assign(static_cast<size_t>(nf), 0);
        s.Z.reserve(static_cast<size_t>(nf - 1));
    }
}

AgglomerativeFitter::~AgglomerativeFitter() = default;

bool AgglomerativeFitter::step() {
    State& s = *s_;
    const Index n = s.n, d = s.Xf.cols();
    constexpr double kBudget = 2e6;   // distance evaluations or chain scans per step
    switch (s.phase) {
        case State::Phase::Distances: {
            double done = 0;
            while (s.next_row < n - 1 && done < kBudget) {
                const Index i = s.next_row++;
                const double* xi = s.Xf.data() + i * d;
                double* out = s.D.data() + condensed(n, i, i + 1);
                for (Index j = i + 1; j < n; ++j) out[j - i - 1] = euclid(xi, s.Xf.data() + j * d, d);
                done += static_cast<double>(n - i - 1);
            }
            if (s.next_row >= n - 1) s.phase = State::Phase::Chain;
            return false;
        }
        case State::Phase::Chain: {
            // SciPy's nn_chain (scipy/cluster/_hierarchy.pyx), one merge at a time.
            double done = 0;
            while (s.merges < n - 1 && done < kBudget) {
                if (s.chain_length == 0) {
                    s.chain_length = 1;
                    for (Index i = 0; i < n; ++i)
                        if (s.size[static_cast<size_t>(i)] > 0) {
                            s.chain[0] = static_cast<int>(i);
                            break;
                        }
                }
                Index x = 0, y = 0;
                double current_min;
                while (true) {
                    x = s.chain[static_cast<size_t>(s.chain_length - 1)];
                    if (s.chain_length > 1) {
                        y = s.chain[static_cast<size_t>(s.chain_length - 2)];
                        current_min = s.D[x < y ? condensed(n, x, y) : condensed(n, y, x)];
                    } else {
                        current_min = std::numeric_limits<double>::infinity();
                    }
                    for (Index i = 0; i < x; ++i) {
                        if (s.size[static_cast<size_t>(i)] == 0) continue;
                        const double dist = s.D[condensed(n, i, x)];
                        if (dist < current_min) {
                            current_min = dist;
                            y = i;
                        }
                    }
                    if (x + 1 < n) {
                        const double* row = s.D.data() + condensed(n, x, x + 1);
                        for (Index i = x + 1; i < n; ++i) {
                            if (s.size[static_cast<size_t>(i)] == 0) continue;
                            const double dist = row[i - x - 1];
                            if (dist < current_min) {
                                current_min = dist;
                                y = i;
                            }
                        }
                    }
                    done += static_cast<double>(n);
                    if (s.chain_length > 1 && y == s.chain[static_cast<size_t>(s.chain_length - 2)]) break;
                    s.chain[static_cast<size_t>(s.chain_length)] = static_cast<int>(y);
                    ++s.chain_length;
                }
                s.chain_length -= 2;
                if (x > y) std::swap(x, y);
                const int nx = s.size[static_cast<size_t>(x)], ny = s.size[static_cast<size_t>(y)];
                s.Z.push_back({static_cast<double>(x), static_cast<double>(y), current_min, static_cast<double>(nx + ny)});
                s.size[static_cast<size_t>(x)] = 0;
                s.size[static_cast<size_t>(y)] = nx + ny;
                for (Index i = 0; i < n; ++i) {
                    const int ni = s.size[static_cast<size_t>(i)];
                    if (ni == 0 || i == y) continue;
                    const size_t ix = i < x ? condensed(n, i, x) : condensed(n, x, i);
                    const size_t iy = i < y ? condensed(n, i, y) : condensed(n, y, i);
                    s.D[iy] = lance_williams(params_.linkage, s.D[ix], s.D[iy], current_min, nx, ny, ni);
                }
                done += static_cast<double>(n);
                ++s.merges;
            }
            if (s.merges >= n - 1) s.phase = State::Phase::Finish;
            return false;
        }
        case State::Phase::Mst: {
            // sklearn's mst_linkage_core (Prim), one new tree node per iteration.
            double done = 0;
            while (static_cast<Index>(s.mst.size()) < n - 1 && done < kBudget) {
                s.in_tree[static_cast<size_t>(s.current_node)] = 1;
                double new_distance = std::numeric_limits<double>::infinity();
                int new_node = 0;
                const double* xc = s.Xf.data() + static_cast<Index>(s.current_node) * d;
                for (Index j = 0; j < n; ++j) {
                    if (s.in_tree[static_cast<size_t>(j)]) continue;
                    const double left = euclid(xc, s.Xf.data() + j * d, d);
                    double& cur = s.current[static_cast<size_t>(j)];
                    if (left < cur) cur = left;
                    if (cur < new_distance) {
                        new_distance = cur;
                        new_node = static_cast<int>(j);
                    }
                }
                s.mst.push_back({static_cast<double>(s.current_node), static_cast<double>(new_node), new_distance});
                s.current_node = new_node;
                done += static_cast<double>(n);
            }
            if (static_cast<Index>(s.mst.size()) >= n - 1) s.phase = State::Phase::Finish;
            return false;
        }
        case State::Phase::Finish: {
            AgglomerativeModel& m = s.model;
            m.linkage = params_.linkage;
            m.n_clusters = params_.n_clusters;
            m.sampled = s.sampled;
            m.n_fitted = static_cast<int>(n);
            m.fitted_rows = s.rows;
            m.children.resize(static_cast<size_t>(n - 1));
            m.distances.resize(static_cast<size_t>(n - 1));
            m.counts.resize(static_cast<size_t>(n - 1));
            const int leaves = static_cast<int>(n);
            if (params_.linkage == Linkage::Single) {
                // sort edges by weight (stable), then sklearn's single_linkage_label (union-find).
                std::vector<size_t> order(s.mst.size());
                std::iota(order.begin(), order.end(), size_t{0});
                std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return s.mst[a][2] < s.mst[b][2]; });
                std::vector<int> parent(static_cast<size_t>(2 * n - 1), -1), sz(static_cast<size_t>(2 * n - 1), 0);
                std::fill(sz.begin(), sz.begin() + n, 1);
                int next_label = leaves;
                auto find = [&](int v) {
                    int p = v;
                    while (parent[static_cast<size_t>(v)] != -1) v = parent[static_cast<size_t>(v)];
                    while (parent[static_cast<size_t>(p)] != -1 && parent[static_cast<size_t>(p)] != v) {
                        const int nxt = parent[static_cast<size_t>(p)];
                        parent[static_cast<size_t>(p)] = v;
                        p = nxt;
                    }
                    return v;
                };
                for (size_t r = 0; r < order.size(); ++r) {
                    const auto& e = s.mst[order[r]];
                    const int a = find(static_cast<int>(e[0])), b = find(static_cast<int>(e[1]));
                    m.children[r] = {a, b};
                    m.distances[r] = e[2];
                    m.counts[r] = sz[static_cast<size_t>(a)] + sz[static_cast<size_t>(b)];
                    sz[static_cast<size_t>(next_label)] = m.counts[r];
                    parent[static_cast<size_t>(a)] = next_label;
                    parent[static_cast<size_t>(b)] = next_label;
                    ++next_label;
                }
            } else {
                // SciPy: stable sort of the merges by distance, then relabel with a union-find.
                std::vector<size_t> order(s.Z.size());
                std::iota(order.begin(), order.end(), size_t{0});
                std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return s.Z[a][2] < s.Z[b][2]; });
                std::vector<int> parent(static_cast<size_t>(2 * n - 1)), sz(static_cast<size_t>(2 * n - 1), 1);
                std::iota(parent.begin(), parent.end(), 0);
                int next_label = leaves;
                auto find = [&](int v) {
                    int p = v;
                    while (parent[static_cast<size_t>(v)] != v) v = parent[static_cast<size_t>(v)];
                    while (parent[static_cast<size_t>(p)] != v) {
                        const int nxt = parent[static_cast<size_t>(p)];
                        parent[static_cast<size_t>(p)] = v;
                        p = nxt;
                    }
                    return v;
                };
                for (size_t r = 0; r < order.size(); ++r) {
                    const auto& z = s.Z[order[r]];
                    const int xr = find(static_cast<int>(z[0])), yr = find(static_cast<int>(z[1]));
                    m.children[r] = xr < yr ? std::array<int, 2>{xr, yr} : std::array<int, 2>{yr, xr};
                    m.distances[r] = z[2];
                    parent[static_cast<size_t>(xr)] = next_label;
                    parent[static_cast<size_t>(yr)] = next_label;
                    sz[static_cast<size_t>(next_label)] = sz[static_cast<size_t>(xr)] + sz[static_cast<size_t>(yr)];
                    m.counts[r] = sz[static_cast<size_t>(next_label)];
                    ++next_label;
                }
            }
            std::vector<double>().swap(s.D);

            // Cut, centroids of the fitted rows, then every row of X gets a label.
            const Labels fitted_labels = cut_tree(m.children, leaves, params_.n_clusters);
            const Index k = params_.n_clusters;
            m.centroids = Matrix::Zero(k, d);
            std::vector<double> cnt(static_cast<size_t>(k), 0.0);
            for (Index i = 0; i < n; ++i) {
                const int c = fitted_labels[static_cast<size_t>(i)];
                cnt[static_cast<size_t>(c)] += 1;
                for (Index j = 0; j < d; ++j) m.centroids(c, j) += s.Xf(i, j);
            }
            for (Index c = 0; c < k; ++c)
                for (Index j = 0; j < d; ++j) m.centroids(c, j) /= cnt[static_cast<size_t>(c)];
            if (s.sampled) {
                detail::nearest_centers(X_, m.centroids, m.labels, nullptr);
                for (Index i = 0; i < n; ++i) m.labels[static_cast<size_t>(s.rows[static_cast<size_t>(i)])] = fitted_labels[static_cast<size_t>(i)];
            } else {
                m.labels = fitted_labels;
            }
            s.phase = State::Phase::Done;
            return true;
        }
        case State::Phase::Done:
            return true;
    }
    return true;
}

double AgglomerativeFitter::fraction() const {
    const State& s = *s_;
    const double n = static_cast<double>(s.n);
    switch (s.phase) {
        case State::Phase::Distances: {
            const double r = static_cast<double>(s.next_row);
            return 0.4 * (r * (2 * n - r - 1) / 2) / (n * (n - 1) / 2);
        }
        case State::Phase::Chain: return 0.4 + 0.55 * static_cast<double>(s.merges) / (n - 1);
        case State::Phase::Mst: return 0.95 * static_cast<double>(s.mst.size()) / (n - 1);
        case State::Phase::Finish: return 0.95;
        case State::Phase::Done: return 1.0;
    }
    return 0;
}

std::string AgglomerativeFitter::stage() const {
    switch (s_->phase) {
        case State::Phase::Distances: return "agglomerative clustering: distances";
        case State::Phase::Chain: return "agglomerative clustering: merging";
        case State::Phase::Mst: return "agglomerative clustering: spanning tree";
        case State::Phase::Finish: return "agglomerative clustering: labelling";
        case State::Phase::Done: return "agglomerative clustering done";
    }
    return "";
}

AgglomerativeModel AgglomerativeFitter::result() const {
    if (s_->phase != State::Phase::Done) throw Error("agglomerative clustering: the fit has not finished yet");
    return s_->model;
}

AgglomerativeModel fit(const AgglomerativeParams& params, const Matrix& X, Progress& progress) {
    AgglomerativeFitter f(params, X);
    f.run(progress);
    return f.result();
}

Labels predict(const AgglomerativeModel& model, const Matrix& X) {
    validate(model);
    detail::check_columns(X, model.centroids.cols(), kWho);
    detail::check_finite(X, kWho);
    Labels labels;
    detail::nearest_centers(X, model.centroids, labels, nullptr);
    return labels;
}

// ---------------------------------------------------------------------------------------------- JSON

void to_json(nlohmann::json& j, const AgglomerativeModel& m) {
    j = nlohmann::json{{"linkage", m.linkage},     {"n_clusters", m.n_clusters}, {"labels", m.labels},
                       {"children", m.children},   {"distances", m.distances},   {"counts", m.counts},
                       {"centroids", m.centroids}, {"sampled", m.sampled},       {"n_fitted", m.n_fitted},
                       {"fitted_rows", m.fitted_rows}};
}

void from_json(const nlohmann::json& j, AgglomerativeModel& m) {
    if (!j.is_object()) throw Error("model file: an agglomerative clustering must be an object");
    for (const char* key : {"linkage", "n_clusters", "labels", "children", "distances", "counts", "centroids", "n_fitted", "fitted_rows"})
        if (!j.contains(key)) throw Error(std::string("model file: an agglomerative clustering needs '") + key + "'");
    const auto& l = j.at("linkage");
    if (!l.is_string() || (l != "ward" && l != "complete" && l != "average" && l != "single"))
        throw Error("model file: linkage must be one of ward, complete, average, single");
    try {
        m.linkage = l.get<Linkage>();
        m.n_clusters = j.at("n_clusters").get<int>();
        m.labels = j.at("labels").get<Labels>();
        m.children = j.at("children").get<std::vector<std::array<int, 2>>>();
        m.distances = j.at("distances").get<std::vector<double>>();
        m.counts = j.at("counts").get<std::vector<int>>();
        m.n_fitted = j.at("n_fitted").get<int>();
        m.fitted_rows = j.at("fitted_rows").get<std::vector<int>>();
        m.sampled = j.contains("sampled") && j.at("sampled").is_boolean() && j.at("sampled").get<bool>();
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("model file: agglomerative clustering: ") + e.what());
    }
    m.centroids = j.at("centroids").get<Matrix>();
    validate(m);
}

void validate(const AgglomerativeModel& m) {
    const std::string who = "agglomerative clustering model";
    const long long nf = m.n_fitted;
    if (nf < 2) throw Error(who + ": n_fitted must be ≥ 2");
    if (m.n_clusters < 1 || m.n_clusters > nf) throw Error(who + ": n_clusters must be between 1 and n_fitted");
    if (static_cast<long long>(m.children.size()) != nf - 1 || m.distances.size() != m.children.size() ||
        m.counts.size() != m.children.size())
        throw Error(who + ": a tree over " + std::to_string(nf) + " rows needs " + std::to_string(nf - 1) +
                    " merges, distances and counts");
    for (size_t i = 0; i < m.children.size(); ++i)
        for (int c : m.children[i])
            if (c < 0 || c >= nf + static_cast<long long>(i))
                throw Error(who + ": merge " + std::to_string(i + 1) + " refers to node " + std::to_string(c) +
                            ", which does not exist yet");
    for (double v : m.distances)
        if (!std::isfinite(v) || v < 0) throw Error(who + ": merge distances must be finite and ≥ 0");
    if (m.centroids.rows() != m.n_clusters || m.centroids.cols() < 1 || !m.centroids.allFinite())
        throw Error(who + ": centroids must be n_clusters rows of finite numbers");
    if (static_cast<long long>(m.fitted_rows.size()) != nf) throw Error(who + ": fitted_rows must list n_fitted rows");
    for (int r : m.fitted_rows)
        if (r < 0 || static_cast<size_t>(r) >= m.labels.size()) throw Error(who + ": fitted_rows refers to a row without a label");
    for (int l : m.labels)
        if (l < 0 || l >= m.n_clusters) throw Error(who + ": a label is out of range for " + std::to_string(m.n_clusters) + " clusters");
}

}  // namespace genrelab::cluster
