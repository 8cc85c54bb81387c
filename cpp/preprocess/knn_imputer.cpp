#include "preprocess/knn_imputer.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "core/error.hpp"
#include "core/json_eigen.hpp"
#include "core/rng.hpp"

namespace genrelab::preprocess {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
// Scratch distance and count matrices hold chunk × n_donors doubles each: ~8 MB apiece at this size.
constexpr Index kChunkCells = Index{1} << 20;

void check_params(const KnnImputerParams& p) {
    if (p.n_neighbors < 1) throw Error("k-NN imputer: n_neighbors must be ≥ 1 (got " + std::to_string(p.n_neighbors) + ")");
    if (p.max_donors < 0) throw Error("k-NN imputer: max_donors must be ≥ 0 (0 keeps every training row)");
}

void check_no_inf(const Matrix& X, const char* when) {
    for (Index j = 0; j < X.cols(); ++j)
        for (Index i = 0; i < X.rows(); ++i)
            if (std::isinf(X(i, j)))
                throw Error(std::string("k-NN imputer (") + when + "): X has an infinite value in row " + std::to_string(i) +
                            ", column " + std::to_string(j + 1) + " (missing values must be NaN)");
}

void build_derived(KnnImputerModel& m) {
    const Index n = m.donors.rows(), d = m.donors.cols();
    m.valid.assign(static_cast<size_t>(d), false);
    m.n_known.assign(static_cast<size_t>(d), 0);
    m.column_mean = Vector::Zero(d);
    m.donor_terms = Matrix::Zero(n, 3 * d);
    m.known.assign(static_cast<size_t>(d * n), 0);
    for (Index j = 0; j < d; ++j) {
        double sum = 0;
        Index count = 0;
        for (Index t = 0; t < n; ++t) {
            const double v = m.donors(t, j);
            if (std::isnan(v)) continue;
            sum += v;
            ++count;
            m.donor_terms(t, j) = 1.0;
            m.donor_terms(t, d + j) = v * v;
            m.donor_terms(t, 2 * d + j) = v;
            m.known[static_cast<size_t>(j * n + t)] = 1;
        }
        m.valid[static_cast<size_t>(j)] = count > 0;
        m.n_known[static_cast<size_t>(j)] = count;
        m.column_mean[j] = count > 0 ? sum / static_cast<double>(count) : 0.0;
    }
}

// Orders donors by (distance, row) with undefined distances last, so ties go to the earlier training row.
struct Candidate {
    double key;   // distance, +Inf when undefined
    double dist;  // distance, NaN when undefined
    Index row;
    bool operator<(const Candidate& o) const { return key < o.key || (key == o.key && row < o.row); }
};

}  // namespace

KnnImputerModel fit(const KnnImputerParams& params, const Matrix& X, Progress& progress) {
    check_params(params);
    if (X.rows() == 0 || X.cols() == 0) throw Error("k-NN imputer: X is empty (" + std::to_string(X.rows()) + "×" + std::to_string(X.cols()) + ")");
    check_no_inf(X, "fit");
    KnnImputerModel m;
    m.params = params;
    if (params.max_donors > 0 && params.max_donors < X.rows()) {
        std::vector<Index> idx(static_cast<size_t>(X.rows()));
        std::iota(idx.begin(), idx.end(), Index{0});
        Rng rng(params.seed);
        const size_t k = static_cast<size_t>(params.max_donors);
        for (size_t i = 0; i < k; ++i) std::swap(idx[i], idx[i + static_cast<size_t>(rng.below(idx.size() - i))]);
        idx.resize(k);
        std::sort(idx.begin(), idx.end());
        m.donors.resize(static_cast<Index>(k), X.cols());
        for (size_t i = 0; i < k; ++i) m.donors.row(static_cast<Index>(i)) = X.row(idx[i]);
    } else {
        m.donors = X;
    }
    build_derived(m);
    progress.report(1.0, "k-NN imputer");
    return m;
}

Index n_outputs(const KnnImputerModel& model) {
    if (model.params.keep_empty_features) return model.donors.cols();
    return static_cast<Index>(std::count(model.valid.begin(), model.valid.end(), true));
}

KnnImputeTransform::KnnImputeTransform(const KnnImputerModel& model, const Matrix& X) : model_(model), X_(X) {
    const Index d = model.donors.cols();
    if (model.valid.size() != static_cast<size_t>(d) || model.donor_terms.rows() != model.donors.rows())
        throw Error("k-NN imputer: the model was not fitted or loaded");
    if (X.cols() != d)
        throw Error("k-NN imputer: X has " + std::to_string(X.cols()) + " columns but the model was fitted on " + std::to_string(d));
    check_no_inf(X, "transform");
    out_ = X;
    for (Index i = 0; i < X.rows(); ++i)
        for (Index j = 0; j < d; ++j)
            if (model.valid[static_cast<size_t>(j)] && std::isnan(X(i, j))) {
                receivers_.push_back(i);
                break;
            }
    chunk_ = std::clamp<Index>(kChunkCells / std::max<Index>(1, model.donors.rows()), 1, 256);
}

double KnnImputeTransform::fraction() const {
    return receivers_.empty() ? 1.0 : static_cast<double>(next_) / static_cast<double>(receivers_.size());
}

bool KnnImputeTransform::step() {
    if (next_ >= receivers_.size()) return true;
    const Index d = model_.donors.cols();
    const Index m = model_.donors.rows();
    const Index r = std::min<Index>(chunk_, static_cast<Index>(receivers_.size() - next_));

    // Σ over coordinates known on both sides of (x − y)² = [present, y², y]·[x², present, −2x]ᵀ, computed as
    // one GEMM giving donors × receivers, so each receiver's distances are one contiguous column.
    lhs_.setZero(r, 3 * d);
    for (Index a = 0; a < r; ++a) {
        const Index i = receivers_[next_ + static_cast<size_t>(a)];
        for (Index j = 0; j < d; ++j) {
            const double x = X_(i, j);
            if (std::isnan(x)) continue;
            lhs_(a, j) = x * x;
            lhs_(a, d + j) = 1.0;
            lhs_(a, 2 * d + j) = -2.0 * x;
        }
    }
    dist_.noalias() = model_.donor_terms * lhs_.transpose();
    count_.noalias() = model_.donor_terms.leftCols(d) * lhs_.middleCols(d, d).transpose();
    const double dd = static_cast<double>(d);
    for (Index a = 0; a < r; ++a)
        for (Index t = 0; t < m; ++t) {
            const double c = count_(t, a);
            // sklearn's nan_euclidean_distances: clip at 0, NaN where nothing is shared, / count · d, sqrt.
            dist_(t, a) = c == 0 ? kNaN : std::sqrt(std::max(dist_(t, a), 0.0) / c * dd);
        }

    const int k_max = model_.params.n_neighbors;
    std::vector<Candidate> best;
    best.reserve(static_cast<size_t>(k_max) + 1);
    for (Index a = 0; a < r; ++a) {
        const Index i = receivers_[next_ + static_cast<size_t>(a)];
        for (Index j = 0; j < d; ++j) {
            if (!model_.valid[static_cast<size_t>(j)] || !std::isnan(X_(i, j))) continue;
            const size_t k = static_cast<size_t>(std::min<Index>(k_max, model_.n_known[static_cast<size_t>(j)]));
            best.clear();
            bool any_defined = false;
            const unsigned char* knows = model_.known.data() + j * m;
            const double* dist_a = dist_.col(a).data();
            for (Index t = 0; t < m; ++t) {
                if (!knows[t]) continue;
                const double dist = dist_a[t];
                const Candidate cand{std::isnan(dist) ? kInf : dist, dist, t};
                any_defined = any_defined || !std::isnan(dist);
                if (best.size() == k && !(cand < best.back())) continue;
                best.insert(std::upper_bound(best.begin(), best.end(), cand), cand);
                if (best.size() > k) best.pop_back();
            }
            double value;
            if (!any_defined) {
                value = model_.column_mean[j];
            } else if (model_.params.weights == KnnWeights::Uniform) {
                double s = 0;
                for (const auto& c : best) s += model_.donors(c.row, j);
                value = s / static_cast<double>(best.size());
            } else {
                bool exact = false;
                for (const auto& c : best) exact = exact || c.dist == 0.0;
                double s = 0, w_sum = 0;
                for (const auto& c : best) {
                    double w;
                    if (std::isnan(c.dist)) w = 0.0;
                    else if (exact) w = c.dist == 0.0 ? 1.0 : 0.0;
                    else w = 1.0 / c.dist;
                    s += w * model_.donors(c.row, j);
                    w_sum += w;
                }
                value = s / w_sum;
            }
            out_(i, j) = value;
        }
    }
    next_ += static_cast<size_t>(r);
    return next_ >= receivers_.size();
}

Matrix KnnImputeTransform::result() {
    if (next_ < receivers_.size()) throw Error("k-NN imputer: result() called before the imputation finished");
    const Index d = model_.donors.cols();
    if (model_.params.keep_empty_features) {
        for (Index j = 0; j < d; ++j)
            if (!model_.valid[static_cast<size_t>(j)]) out_.col(j).setZero();
        return std::move(out_);
    }
    Matrix kept(out_.rows(), n_outputs(model_));
    Index c = 0;
    for (Index j = 0; j < d; ++j)
        if (model_.valid[static_cast<size_t>(j)]) kept.col(c++) = out_.col(j);
    return kept;
}

Matrix transform(const KnnImputerModel& model, const Matrix& X, Progress& progress) {
    KnnImputeTransform t(model, X);
    t.run(progress);
    return t.result();
}

void validate(const KnnImputerModel& m) {
    check_params(m.params);
    const Index n = m.donors.rows(), d = m.donors.cols();
    if (n == 0 || d == 0) throw Error("model file: the k-NN imputer has no donor rows");
    for (Index j = 0; j < d; ++j)
        for (Index t = 0; t < n; ++t)
            if (std::isinf(m.donors(t, j))) throw Error("model file: the k-NN imputer's donors contain an infinite value");
    if (m.valid.size() != static_cast<size_t>(d) || m.n_known.size() != static_cast<size_t>(d) || m.column_mean.size() != d ||
        m.donor_terms.rows() != n || m.donor_terms.cols() != 3 * d || m.known.size() != static_cast<size_t>(n * d))
        throw Error("k-NN imputer: the model's derived tables do not match its donors");
}

void to_json(nlohmann::json& j, const KnnImputerModel& m) {
    // NaN has no JSON spelling: missing donor values are null.
    auto data = nlohmann::json::array();
    for (Index t = 0; t < m.donors.rows(); ++t)
        for (Index c = 0; c < m.donors.cols(); ++c) {
            const double v = m.donors(t, c);
            if (std::isnan(v)) data.push_back(nullptr);
            else data.push_back(v);
        }
    j = {{"params", m.params}, {"donors", {{"rows", m.donors.rows()}, {"cols", m.donors.cols()}, {"data", std::move(data)}}}};
}

void from_json(const nlohmann::json& j, KnnImputerModel& m) {
    m = KnnImputerModel{};
    try {
        if (!j.is_object()) throw Error("model file: a k-NN imputer must be a JSON object");
        if (j.contains("params")) m.params = j.at("params").get<KnnImputerParams>();
        const auto& dj = j.at("donors");
        const long long rows = dj.at("rows").get<long long>(), cols = dj.at("cols").get<long long>();
        const auto& data = dj.at("data");
        if (rows < 0 || cols < 0 || (rows > 0 && cols > static_cast<long long>(kMaxJsonArray) / rows))
            throw Error("model file: the k-NN imputer's donor matrix has an impossible size");
        if (!data.is_array() || static_cast<long long>(data.size()) != rows * cols)
            throw Error("model file: the k-NN imputer's donor matrix says " + std::to_string(rows) + "×" + std::to_string(cols) +
                        " but holds " + std::to_string(data.size()) + " values");
        m.donors.resize(rows, cols);
        size_t k = 0;
        for (Index t = 0; t < rows; ++t)
            for (Index c = 0; c < cols; ++c, ++k) {
                const auto& v = data[k];
                if (v.is_null()) m.donors(t, c) = kNaN;
                else if (v.is_number()) m.donors(t, c) = v.get<double>();
                else throw Error("model file: donor value " + std::to_string(k) + " is neither a number nor null");
            }
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("model file: a k-NN imputer is malformed: ") + e.what());
    }
    check_params(m.params);
    if (m.donors.rows() == 0 || m.donors.cols() == 0) throw Error("model file: the k-NN imputer has no donor rows");
    build_derived(m);
    validate(m);
}

}  // namespace genrelab::preprocess
