#include "bindings/api_analysis.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <numeric>
#include <set>

#include "bindings/registry.hpp"
#include "cluster/agglomerative.hpp"
#include "cluster/elbow.hpp"
#include "cluster/gmm.hpp"
#include "cluster/kmeans.hpp"
#include "cluster/minibatch_kmeans.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"
#include "metrics/clustering.hpp"
#include "pipeline/feature_encoding.hpp"
#include "pipeline/recipe.hpp"
#include "pipeline/stage.hpp"
#include "pipeline/stages/params.hpp"
#include "preprocess/clean.hpp"
#include "preprocess/label_map.hpp"
#include "reduce/lda.hpp"
#include "reduce/pca.hpp"
#include "reduce/trustworthiness.hpp"
#include "reduce/tsne.hpp"

namespace genrelab::api {

using nlohmann::json;
using namespace detail;

namespace {

constexpr size_t kSongsPerCluster = 50;
constexpr size_t kSilhouetteRows = 5000;
constexpr size_t kTrustworthinessRows = 2000;
constexpr long long kMaxRowsLimit = 1000000;

json num(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }

json matrix_rows(const Matrix& M) {
    json rows = json::array();
    for (Index r = 0; r < M.rows(); ++r) {
        json row = json::array();
        for (Index c = 0; c < M.cols(); ++c) row.push_back(num(M(r, c)));
        rows.push_back(std::move(row));
    }
    return rows;
}

json vector_json(const Vector& v) {
    json a = json::array();
    for (Index i = 0; i < v.size(); ++i) a.push_back(num(v[i]));
    return a;
}

std::string count_of(size_t n, const char* one, const char* many) {
    return with_thousands(static_cast<long long>(n)) + " " + (n == 1 ? one : many);
}

std::string lower(std::string s) {
    for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return s;
}

// A text-like column whose name says it holds song titles / artists, for the plots' hover texts.
const io::Column* find_named_column(const io::Table& t, std::initializer_list<const char*> exact,
                                    std::initializer_list<const char*> contains) {
    auto texty = [](const io::Column& c) { return c.type == io::ColumnType::Text || c.type == io::ColumnType::Categorical; };
    for (const char* e : exact)
        for (const auto& c : t.columns)
            if (texty(c) && lower(c.name) == e) return &c;
    for (const char* w : contains)
        for (const auto& c : t.columns)
            if (texty(c) && lower(c.name).find(w) != std::string::npos) return &c;
    return nullptr;
}

// ---- the spec parts every analysis shares ---------------------------------------------------------

struct CommonSpec {
    pipeline::Recipe recipe;
    bool has_label = false;
    size_t max_rows = 10000;
    uint64_t seed = 42;
};

CommonSpec parse_common(const json& spec, long long default_max_rows) {
    if (!spec.is_object()) throw Error("the analysis spec must be a JSON object");
    if (!spec.contains("recipe") || !spec.at("recipe").is_object())
        throw Error("the analysis spec needs a \"recipe\" object (label, features, stages)");
    CommonSpec c;
    json r = spec.at("recipe");
    c.has_label = r.contains("label") && r.at("label").is_string() && !r.at("label").get<std::string>().empty();
    // parse_recipe insists on a label; exploration does not (clustering works without one).
    if (!c.has_label) r["label"] = "\x01(no label)";
    c.recipe = pipeline::parse_recipe(r);
    if (spec.contains("seed")) {
        const json& s = spec.at("seed");
        if (!s.is_number_integer() || (!s.is_number_unsigned() && s.get<long long>() < 0))
            throw Error("'seed' must be a non-negative whole number");
        c.seed = s.get<uint64_t>();
    } else {
        c.seed = c.recipe.seed;
    }
    long long max_rows = default_max_rows;
    if (spec.contains("max_rows") && !spec.at("max_rows").is_null()) {
        if (!spec.at("max_rows").is_number_integer()) throw Error("'max_rows' must be a whole number");
        max_rows = spec.at("max_rows").get<long long>();
    }
    if (max_rows < 2 || max_rows > kMaxRowsLimit)
        throw Error("'max_rows' must be between 2 and " + with_thousands(kMaxRowsLimit) + " (got " + std::to_string(max_rows) + ")");
    c.max_rows = static_cast<size_t>(max_rows);
    return c;
}

std::string method_of(const json& spec, const std::string& fallback) {
    if (!spec.contains("method")) return fallback;
    if (!spec.at("method").is_string()) throw Error("'method' must be a name such as \"" + fallback + "\"");
    return spec.at("method").get<std::string>();
}

json params_of(const json& spec) {
    if (!spec.contains("params") || spec.at("params").is_null()) return json::object();
    if (!spec.at("params").is_object()) throw Error("'params' must be a JSON object");
    return spec.at("params");
}

int int_field(const json& spec, const char* key, int fallback) {
    if (!spec.contains(key) || spec.at(key).is_null()) return fallback;
    const json& v = spec.at(key);
    if (!v.is_number_integer() || v.get<long long>() < -1000000000LL || v.get<long long>() > 1000000000LL)
        throw Error(std::string("'") + key + "' must be a whole number (got " + v.dump().substr(0, 40) + ")");
    return v.get<int>();
}

// The page keeps one settings form for all methods, so `params` may hold keys of other methods: keep the
// keys `Params` knows, skip the ones only another method knows, refuse the ones nobody knows (typos).
template <class Params>
Params method_params(const json& params, const std::string& method, const std::set<std::string>& others_keys,
                     const std::set<std::string>& own_keys = {}) {
    const json defaults = Params{};
    json spec = json::object();
    for (auto it = params.begin(); it != params.end(); ++it) {
        if (defaults.contains(it.key()) || own_keys.count(it.key())) spec[it.key()] = it.value();
        else if (!others_keys.count(it.key())) {
            std::string known;
            for (auto d = defaults.begin(); d != defaults.end(); ++d) known += (known.empty() ? "" : ", ") + d.key();
            for (const auto& k : own_keys) known += (known.empty() ? "" : ", ") + k;
            throw Error("'" + method + "' has no setting '" + it.key() + "' (settings: " + known + ")");
        }
    }
    for (const auto& k : own_keys) spec.erase(k);
    spec["type"] = method;
    return pipeline::parse_params<Params>(spec);
}

template <class... Ps>
std::set<std::string> keys_of() {
    std::set<std::string> keys;
    for (const json& d : {json(Ps{})...})
        for (auto it = d.begin(); it != d.end(); ++it) keys.insert(it.key());
    return keys;
}

const std::set<std::string>& cluster_keys() {
    static const std::set<std::string> keys =
        keys_of<cluster::KMeansParams, cluster::MiniBatchKMeansParams, cluster::GmmParams, cluster::AgglomerativeParams>();
    return keys;
}
const std::set<std::string>& reduce_keys() {
    static std::set<std::string> keys = [] {
        auto k = keys_of<reduce::PcaParams, reduce::LdaParams, reduce::TsneParams>();
        k.insert("pca_first");
        return k;
    }();
    return keys;
}

// ---- rows, labels, sampling and preprocessing ----------------------------------------------------

struct Prepared {
    std::shared_ptr<const io::Table> table;   // the recipe's clean applied (a copy), else the dataset itself
    size_t n_rows = 0;                        // rows of that table
    std::vector<size_t> rows;                 // used rows, ascending
    bool sampled = false;
    bool has_label = false;
    std::vector<std::string> classes;         // distinct labels among the used rows, by code point
    Labels labels;                            // per used row, −1 when missing or dropped by the label map
    size_t n_unlabelled = 0;
    Matrix X;                                 // used rows after encoding and stages
    std::vector<std::string> names;           // X's column names
    std::vector<std::string> notes;
    const io::Column* title = nullptr;
    const io::Column* artist = nullptr;

    std::string note() const {
        std::string s;
        for (const auto& n : notes) s += (s.empty() ? "" : " ") + n;
        return s;
    }
    json base_json() const {
        json lines = json::array();
        for (size_t r : rows) lines.push_back(table->line_of_row[r]);
        return json{{"n_rows", n_rows}, {"n_used", rows.size()}, {"sampled", sampled}, {"classes", classes},
                    {"labels", labels}, {"rows", rows}, {"lines", lines}};
    }
    json hover() const {
        auto column = [&](const io::Column* c) -> json {
            if (!c) return nullptr;
            json a = json::array();
            for (size_t r : rows) a.push_back(c->cells[r]);
            return a;
        };
        return json{{"title", column(title)}, {"artist", column(artist)}};
    }
    json song(size_t used) const {
        const size_t r = rows[used];
        const int l = labels[used];
        return json{{"row", r},
                    {"line", table->line_of_row[r]},
                    {"title", title ? json(title->cells[r]) : json(nullptr)},
                    {"artist", artist ? json(artist->cells[r]) : json(nullptr)},
                    {"label", l >= 0 ? json(classes[static_cast<size_t>(l)]) : json(nullptr)}};
    }
};

// m of the n rows, each label's share kept (largest remainders; ties → lower label), seeded; ascending.
std::vector<size_t> stratified_sample(const std::vector<int>& label_of_row, size_t m, uint64_t seed) {
    const size_t n = label_of_row.size();
    std::map<int, std::vector<size_t>> groups;   // ordered: the same draw order everywhere
    for (size_t i = 0; i < n; ++i) groups[label_of_row[i]].push_back(i);
    struct Quota {
        size_t take;
        double remainder;
        size_t order;
    };
    std::vector<Quota> quotas;
    size_t taken = 0, order = 0;
    for (const auto& [label, members] : groups) {
        const double exact = static_cast<double>(m) * static_cast<double>(members.size()) / static_cast<double>(n);
        const size_t take = static_cast<size_t>(std::floor(exact));
        quotas.push_back({take, exact - static_cast<double>(take), order++});
        taken += take;
    }
    std::vector<size_t> by_remainder(quotas.size());
    std::iota(by_remainder.begin(), by_remainder.end(), size_t{0});
    std::stable_sort(by_remainder.begin(), by_remainder.end(),
                     [&](size_t a, size_t b) { return quotas[a].remainder > quotas[b].remainder; });
    for (size_t i = 0; taken < m && i < by_remainder.size(); ++i, ++taken) ++quotas[by_remainder[i]].take;
    Rng rng(seed);
    std::vector<size_t> out;
    out.reserve(m);
    size_t g = 0;
    for (auto& [label, members] : groups) {
        rng.shuffle(members);
        out.insert(out.end(), members.begin(), members.begin() + static_cast<std::ptrdiff_t>(std::min(quotas[g].take, members.size())));
        ++g;
    }
    std::sort(out.begin(), out.end());
    return out;
}

Prepared prepare(const std::shared_ptr<const io::Table>& dataset, const CommonSpec& spec) {
    Prepared p;
    const pipeline::Recipe& r = spec.recipe;
    if (r.clean) {
        auto copy = std::make_shared<io::Table>(*dataset);
        preprocess::clean(*r.clean, *copy);
        p.table = copy;
    } else {
        p.table = dataset;
    }
    const io::Table& t = *p.table;
    p.n_rows = t.n_rows();
    if (p.n_rows < 2) throw Error("the table has " + count_of(p.n_rows, "row", "rows") + "; the analysis needs at least 2");
    for (const auto& f : r.features) t.column(f);   // throws, naming the available columns

    // Labels after the recipe's grouping; rows without one keep −1.
    std::vector<std::string> label_text(p.n_rows);
    p.has_label = spec.has_label;
    if (p.has_label) {
        const io::Column& col = t.column(r.label);
        const auto res = preprocess::apply_label_map(r.labels, col.cells, col.missing);
        for (size_t i = 0; i < res.kept_rows.size(); ++i) label_text[res.kept_rows[i]] = res.labels[i];
    }
    // Group ids for the stratified sample (by label text; "" = unlabelled), in code point order.
    std::vector<int> stratum(p.n_rows, -1);
    {
        std::set<std::string> distinct(label_text.begin(), label_text.end());
        distinct.erase("");
        const std::vector<std::string> all(distinct.begin(), distinct.end());
        for (size_t i = 0; i < p.n_rows; ++i)
            if (!label_text[i].empty())
                stratum[i] = static_cast<int>(std::lower_bound(all.begin(), all.end(), label_text[i]) - all.begin());
    }
    if (p.n_rows > spec.max_rows) {
        p.rows = stratified_sample(stratum, spec.max_rows, spec.seed);
        p.sampled = true;
        p.notes.push_back("Used a seeded sample of " + with_thousands(static_cast<long long>(p.rows.size())) + " of the " +
                          with_thousands(static_cast<long long>(p.n_rows)) + " rows" +
                          (p.has_label ? ", stratified by '" + r.label + "'." : "."));
    } else {
        p.rows.resize(p.n_rows);
        std::iota(p.rows.begin(), p.rows.end(), size_t{0});
    }
    // Classes present among the used rows (a sampled-out tiny class would be an empty class for LDA).
    std::set<std::string> present;
    for (size_t r_ : p.rows)
        if (!label_text[r_].empty()) present.insert(label_text[r_]);
    p.classes.assign(present.begin(), present.end());
    p.labels.resize(p.rows.size());
    for (size_t i = 0; i < p.rows.size(); ++i) {
        const std::string& l = label_text[p.rows[i]];
        if (l.empty()) {
            p.labels[i] = -1;
            ++p.n_unlabelled;
        } else {
            p.labels[i] = static_cast<int>(std::lower_bound(p.classes.begin(), p.classes.end(), l) - p.classes.begin());
        }
    }
    if (p.has_label && p.n_unlabelled > 0)
        p.notes.push_back(count_of(p.n_unlabelled, "row has", "rows have") + " no label in '" + r.label + "' (or lost it to the label grouping).");

    // Features, fitted on the rows used. Stages learn from the labelled rows among them (as training does).
    const pipeline::FeatureEncoding enc = pipeline::fit_encoding(t, r.features, p.rows);
    p.X = pipeline::encode(enc, t, p.rows);
    p.names = enc.output_names();
    if (!r.stages.empty()) {
        std::vector<Index> fit_rows;
        Labels fit_y;
        for (size_t i = 0; i < p.rows.size(); ++i)
            if (!p.has_label || p.labels[i] >= 0) {
                fit_rows.push_back(static_cast<Index>(i));
                fit_y.push_back(p.has_label ? p.labels[i] : 0);
            }
        if (fit_rows.size() < 2) throw Error("fewer than 2 of the rows used have a label to fit the recipe's stages on");
        const int K = p.has_label ? static_cast<int>(p.classes.size()) : 1;
        for (const auto& stage_spec : r.stages) {
            auto stage = pipeline::make_stage(stage_spec);
            const Matrix X_fit = fit_rows.size() == p.rows.size() ? p.X : Matrix(p.X(fit_rows, Eigen::all));
            stage->fit(X_fit, fit_y, K, p.names);
            p.X = stage->transform(p.X);
            p.names = stage->output_names(p.names);
        }
    }
    if (p.X.cols() == 0) throw Error("the recipe's features give no numeric columns to analyse");
    for (Index c = 0; c < p.X.cols(); ++c) {
        const auto missing = (p.X.col(c).array() != p.X.col(c).array()).count();
        if (missing > 0)
            throw Error("column '" + p.names[static_cast<size_t>(c)] + "' has " + with_thousands(missing) +
                        " missing values among the rows used; add an imputation stage to the recipe (e.g. "
                        "{\"type\":\"impute\",\"strategy\":\"median\"})");
        if (!p.X.col(c).allFinite())
            throw Error("column '" + p.names[static_cast<size_t>(c)] + "' holds an infinite value among the rows used");
    }
    p.title = find_named_column(t, {"track_name", "title", "song", "song_name", "track", "name"}, {"track_name", "title", "song_name"});
    p.artist = find_named_column(t, {"artist_name", "artist", "artists"}, {"artist"});
    return p;
}

// Pads (or keeps) the columns of Y to `width`, with zeros.
Matrix pad_columns(const Matrix& Y, Index width) {
    if (Y.cols() >= width) return Y.leftCols(width);
    Matrix out = Matrix::Zero(Y.rows(), width);
    out.leftCols(Y.cols()) = Y;
    return out;
}

json loadings_json(const std::vector<std::string>& features, const Matrix& L /* d×m */) {
    json comps = json::array();
    for (Index c = 0; c < L.cols(); ++c) {
        json row = json::array();
        for (Index f = 0; f < L.rows(); ++f) row.push_back(num(L(f, c)));
        comps.push_back(std::move(row));
    }
    return json{{"features", features}, {"components", comps}};
}

// ---- the jobs --------------------------------------------------------------------------------------

// Shared shape: prepare (one step) → the method's own steps → diagnostics → done.
class JobBase : public AnalysisJob {
public:
    JobBase(std::shared_ptr<const io::Table> table, CommonSpec common)
        : dataset_(std::move(table)), common_(std::move(common)) {}

    bool step() override {
        switch (phase_) {
            case Phase::Prepare:
                p_ = prepare(dataset_, common_);
                start();
                phase_ = Phase::Fit;
                return false;
            case Phase::Fit:
                if (fit_step()) phase_ = Phase::Diagnose;
                return false;
            case Phase::Diagnose:
                if (diagnose_step()) {
                    phase_ = Phase::Done;
                    return true;
                }
                return false;
            case Phase::Done: return true;
        }
        return true;
    }
    double fraction() const override {
        switch (phase_) {
            case Phase::Prepare: return 0.0;
            case Phase::Fit: return 0.05 + 0.9 * fit_fraction();
            case Phase::Diagnose: return 0.95;
            case Phase::Done: return 1.0;
        }
        return 1.0;
    }
    std::string stage() const override {
        switch (phase_) {
            case Phase::Prepare: return "preparing the rows";
            case Phase::Fit: return fit_stage();
            case Phase::Diagnose: return "measuring the result";
            case Phase::Done: return "done";
        }
        return "";
    }
    json result() override {
        if (phase_ != Phase::Done) throw Error("the analysis has not finished");
        json j = p_.base_json();
        j.update(method_result());
        j["note"] = p_.note();
        return j;
    }

protected:
    virtual void start() = 0;            // after prepare: p_ is ready
    virtual bool fit_step() = 0;         // true when the fit is done
    virtual double fit_fraction() const = 0;
    virtual std::string fit_stage() const = 0;
    virtual bool diagnose_step() { return true; }
    virtual json method_result() = 0;

    std::shared_ptr<const io::Table> dataset_;
    CommonSpec common_;
    Prepared p_;

private:
    enum class Phase { Prepare, Fit, Diagnose, Done } phase_ = Phase::Prepare;
};

// ---- reduction

class ReductionJob : public JobBase {
public:
    ReductionJob(std::shared_ptr<const io::Table> table, const json& spec) : JobBase(std::move(table), parse_common(spec, 10000)) {
        method_ = method_of(spec, "pca");
        if (method_ != "pca" && method_ != "lda" && method_ != "tsne")
            throw Error("unknown projection method '" + method_ + "' (known: pca, lda, tsne)");
        n_components_ = int_field(spec, "n_components", 2);
        if (n_components_ != 2 && n_components_ != 3)
            throw Error("'n_components' must be 2 or 3 for a plot (got " + std::to_string(n_components_) + ")");
        const json params = params_of(spec);
        if (method_ == "pca") pca_ = method_params<reduce::PcaParams>(params, "pca", reduce_keys());
        else if (method_ == "lda") lda_ = method_params<reduce::LdaParams>(params, "lda", reduce_keys());
        else {
            tsne_ = method_params<reduce::TsneParams>(params, "tsne", reduce_keys(), {"pca_first"});
            pca_first_ = params.contains("pca_first") ? int_field(params, "pca_first", 50) : 50;
            if (pca_first_ < 0) throw Error("t-SNE's 'pca_first' must be ≥ 0 (0: no PCA first)");
            if (!params.contains("seed")) tsne_.seed = common_.seed;
        }
        if (method_ == "lda" && !common_.has_label)
            throw Error("LDA needs a label column: it finds the axes that separate the classes");
    }

protected:
    void start() override {
        const Index d = p_.X.cols();
        if (method_ == "tsne") {
            tsne_.n_components = n_components_;
            tsne_.pca_components = (pca_first_ > 0 && pca_first_ < d) ? pca_first_ : 0;
            if (p_.X.rows() <= tsne_.perplexity)
                throw Error("t-SNE's perplexity (" + std::to_string(static_cast<int>(tsne_.perplexity)) +
                            ") must be below the number of rows used (" + with_thousands(p_.X.rows()) + ")");
            tsne_fitter_ = std::make_unique<reduce::TsneFitter>(tsne_, p_.X);
            tsne_fitter_->set_step_budget_ms(40);
        }
    }
    bool fit_step() override {
        if (method_ == "tsne") {
            if (!tsne_fitter_->step()) return false;
            tsne_result_ = tsne_fitter_->result();
            points_ = tsne_result_.embedding;
            return true;
        }
        const Index d = p_.X.cols();
        if (method_ == "pca") {
            pca_.n_components = static_cast<int>(std::min<Index>({n_components_, d, p_.X.rows()}));
            const reduce::PcaModel m = reduce::fit(pca_, p_.X);
            points_ = pad_columns(reduce::transform(m, p_.X), n_components_);
            extra_["explained_variance_ratio"] = vector_json(m.explained_variance_ratio);
            extra_["loadings"] = loadings_json(p_.names, reduce::loadings(m));
            if (pca_.n_components < n_components_)
                p_.notes.push_back("PCA can give only " + std::to_string(pca_.n_components) + " axes here (" +
                                   std::to_string(d) + " feature columns); the others are 0.");
            return true;
        }
        // LDA on the labelled rows, projecting every used row.
        std::vector<Index> fit_rows;
        Labels y;
        std::vector<int> seen(p_.classes.size(), 0);
        for (size_t i = 0; i < p_.labels.size(); ++i)
            if (p_.labels[i] >= 0) {
                fit_rows.push_back(static_cast<Index>(i));
                y.push_back(p_.labels[i]);
                seen[static_cast<size_t>(p_.labels[i])] = 1;
            }
        const int K = static_cast<int>(p_.classes.size());
        if (K < 2)
            throw Error("LDA needs at least two classes in '" + common_.recipe.label + "' among the rows used" +
                        (K == 1 ? " (only '" + p_.classes[0] + "')" : " (no row has a label)"));
        const int max_axes = static_cast<int>(std::min<Index>(K - 1, d));
        lda_.n_components = std::min(n_components_, max_axes);
        const reduce::LdaModel m = reduce::fit(lda_, p_.X(fit_rows, Eigen::all), y, K);
        const Matrix Z = reduce::transform(m, p_.X);
        points_ = pad_columns(Z, n_components_);
        extra_["explained_variance_ratio"] = vector_json(m.explained_variance_ratio);
        extra_["loadings"] = loadings_json(p_.names, reduce::loadings(m));
        if (Z.cols() < n_components_)
            p_.notes.push_back("LDA gives at most " + std::to_string(Z.cols()) + (Z.cols() == 1 ? " axis" : " axes") +
                               " here (classes − 1 = " + std::to_string(K - 1) + ", features = " + std::to_string(d) +
                               "); the other coordinates are 0.");
        if (p_.n_unlabelled > 0)
            p_.notes.push_back("LDA was fitted on the labelled rows only; the others are projected on its axes.");
        return true;
    }
    double fit_fraction() const override { return tsne_fitter_ ? tsne_fitter_->fraction() : 0.0; }
    std::string fit_stage() const override {
        if (tsne_fitter_) return "t-SNE: " + tsne_fitter_->stage();
        return method_ == "pca" ? "PCA" : "LDA";
    }
    bool diagnose_step() override {
        if (method_ != "tsne") return true;
        // Trustworthiness costs n² distances: measured on a seeded sample of at most 2,000 points.
        const size_t n = static_cast<size_t>(p_.X.rows());
        std::vector<size_t> rows;
        if (n > kTrustworthinessRows) rows = peer_sample(n, kTrustworthinessRows, static_cast<uint32_t>(common_.seed));
        else {
            rows.resize(n);
            std::iota(rows.begin(), rows.end(), size_t{0});
        }
        const std::vector<Index> idx(rows.begin(), rows.end());
        const int k = 5;
        extra_["trustworthiness"] = (static_cast<size_t>(k) * 2 < rows.size())
                                        ? num(reduce::trustworthiness(p_.X(idx, Eigen::all), points_(idx, Eigen::all), k))
                                        : json(nullptr);
        extra_["trustworthiness_rows"] = rows.size();
        extra_["kl_divergence"] = num(tsne_result_.kl_divergence);
        extra_["n_iter"] = tsne_result_.n_iter;
        extra_["tsne_method"] = tsne_result_.method;
        extra_["learning_rate"] = tsne_result_.learning_rate;
        return true;
    }
    json live() const override {
        if (!tsne_fitter_) return nullptr;
        return json{{"iteration", tsne_fitter_->iteration()}, {"kl_divergence", num(tsne_fitter_->last_kl_divergence())}};
    }
    json method_result() override {
        json j{{"method", method_}, {"n_components", n_components_}, {"points", matrix_rows(points_)}, {"hover", p_.hover()},
               {"features", p_.names}};
        j.update(extra_);
        return j;
    }

private:
    std::string method_;
    int n_components_ = 2;
    reduce::PcaParams pca_;
    reduce::LdaParams lda_;
    reduce::TsneParams tsne_;
    int pca_first_ = 50;
    std::unique_ptr<reduce::TsneFitter> tsne_fitter_;
    reduce::TsneResult tsne_result_;
    Matrix points_;
    json extra_ = json::object();
};

// ---- clustering

// Parses the shared k-means / GMM / … settings of the clustering and elbow specs.
struct ClusterSettings {
    cluster::KMeansParams kmeans;
    cluster::MiniBatchKMeansParams minibatch;
    cluster::GmmParams gmm;
    cluster::AgglomerativeParams agglomerative;
};

std::string canonical_cluster_method(const std::string& m) {
    if (m == "minibatch" || m == "mini_batch_kmeans" || m == "minibatch_kmeans") return "minibatch_kmeans";
    return m;
}

ClusterSettings cluster_settings(const std::string& method, const json& params, uint64_t seed) {
    ClusterSettings s;
    const bool given_seed = params.contains("seed");
    if (method == "kmeans") {
        s.kmeans = method_params<cluster::KMeansParams>(params, method, cluster_keys());
        if (!given_seed) s.kmeans.seed = seed;
    } else if (method == "minibatch_kmeans") {
        s.minibatch = method_params<cluster::MiniBatchKMeansParams>(params, method, cluster_keys());
        if (!given_seed) s.minibatch.seed = seed;
    } else if (method == "gmm") {
        s.gmm = method_params<cluster::GmmParams>(params, method, cluster_keys());
        if (!given_seed) s.gmm.seed = seed;
    } else if (method == "agglomerative") {
        s.agglomerative = method_params<cluster::AgglomerativeParams>(params, method, cluster_keys());
        if (!given_seed) s.agglomerative.seed = seed;
    }
    return s;
}

void require_k_fits(int k, size_t rows, const char* what) {
    if (static_cast<size_t>(k) > rows)
        throw Error(std::string(what) + " = " + std::to_string(k) + " needs at least " + std::to_string(k) + " rows, but only " +
                    with_thousands(static_cast<long long>(rows)) + " are used");
}

class ClusteringJob : public JobBase {
public:
    ClusteringJob(std::shared_ptr<const io::Table> table, const json& spec) : JobBase(std::move(table), parse_common(spec, 20000)) {
        method_ = canonical_cluster_method(method_of(spec, "kmeans"));
        if (method_ != "kmeans" && method_ != "minibatch_kmeans" && method_ != "gmm" && method_ != "agglomerative")
            throw Error("unknown clustering method '" + method_ + "' (known: kmeans, minibatch_kmeans, gmm, agglomerative)");
        k_ = int_field(spec, "k", 8);
        if (k_ < 2) throw Error("k must be at least 2 clusters (got " + std::to_string(k_) + ")");
        settings_ = cluster_settings(method_, params_of(spec), common_.seed);
    }

protected:
    void start() override {
        const size_t n = static_cast<size_t>(p_.X.rows());
        require_k_fits(k_, n, "k");
        if (method_ == "kmeans") {
            settings_.kmeans.n_clusters = k_;
            fitter_ = std::make_unique<cluster::KMeansFitter>(settings_.kmeans, p_.X);
        } else if (method_ == "minibatch_kmeans") {
            settings_.minibatch.n_clusters = k_;
            fitter_ = std::make_unique<cluster::MiniBatchKMeansFitter>(settings_.minibatch, p_.X);
        } else if (method_ == "gmm") {
            settings_.gmm.n_components = k_;
            fitter_ = std::make_unique<cluster::GmmFitter>(settings_.gmm, p_.X);
        } else {
            settings_.agglomerative.n_clusters = k_;
            fitter_ = std::make_unique<cluster::AgglomerativeFitter>(settings_.agglomerative, p_.X);
        }
    }
    bool fit_step() override {
        if (!fitter_->step()) return false;
        json& e = extra_;
        if (method_ == "kmeans") {
            auto* f = static_cast<cluster::KMeansFitter*>(fitter_.get());
            const cluster::KMeansModel m = f->result();
            centers_ = m.centers;
            assignments_ = f->labels();
            e["inertia"] = num(m.inertia);
            e["n_iter"] = m.n_iter;
            e["converged"] = m.n_iter < settings_.kmeans.max_iter;
        } else if (method_ == "minibatch_kmeans") {
            auto* f = static_cast<cluster::MiniBatchKMeansFitter*>(fitter_.get());
            const cluster::KMeansModel m = f->result();
            centers_ = m.centers;
            assignments_ = f->labels();
            e["inertia"] = num(m.inertia);
            e["n_iter"] = m.n_iter;
            e["converged"] = nullptr;
        } else if (method_ == "gmm") {
            const cluster::GmmModel m = static_cast<cluster::GmmFitter*>(fitter_.get())->result();
            gmm_ = m;
            centers_ = m.means;
            assignments_ = cluster::predict(m, p_.X);
            e["n_iter"] = m.n_iter;
            e["converged"] = m.converged;
        } else {
            const cluster::AgglomerativeModel m = static_cast<cluster::AgglomerativeFitter*>(fitter_.get())->result();
            centers_ = m.centroids;
            assignments_ = m.labels;
            e["n_iter"] = nullptr;
            e["converged"] = nullptr;
            if (m.sampled)
                p_.notes.push_back("The merge tree was built on a seeded sample of " + with_thousands(m.n_fitted) +
                                   " rows; every other row joined the cluster with the nearest centroid.");
        }
        return true;
    }
    double fit_fraction() const override { return fitter_ ? fitter_->fraction() : 0.0; }
    std::string fit_stage() const override { return fitter_ ? method_ + ": " + fitter_->stage() : method_; }

    bool diagnose_step() override {
        // Two steps: everything cheap, then the silhouette (up to 5,000² distances).
        const Matrix& X = p_.X;
        const Index n = X.rows(), d = X.cols();
        json& e = extra_;
        if (!diagnosed_cheap_) {
            diagnosed_cheap_ = true;
            std::vector<int> sizes(static_cast<size_t>(k_), 0);
            for (int a : assignments_) ++sizes[static_cast<size_t>(a)];
            e["sizes"] = sizes;
            e["assignments"] = assignments_;
            // Squared distance of every row to its cluster's centre: inertia and the songs nearest the centre.
            std::vector<double> dist2(static_cast<size_t>(n));
            double inertia = 0;
            for (Index i = 0; i < n; ++i) {
                dist2[static_cast<size_t>(i)] = (X.row(i) - centers_.row(assignments_[static_cast<size_t>(i)])).squaredNorm();
                inertia += dist2[static_cast<size_t>(i)];
            }
            if (!e.contains("inertia")) e["inertia"] = num(inertia);
            if (method_ == "gmm") {
                e["log_likelihood"] = num(cluster::score(gmm_, X));
                e["bic"] = num(cluster::bic(gmm_, X));
                e["aic"] = num(cluster::aic(gmm_, X));
            } else {
                e["log_likelihood"] = num(metrics::kmeans_log_likelihood(X, centers_, assignments_));
                e["bic"] = nullptr;
                e["aic"] = nullptr;
            }
            // 2-D PCA of the used rows for the scatter plot; centres and GMM covariances on the same axes.
            reduce::PcaParams pp;
            pp.n_components = static_cast<int>(std::min<Index>(2, std::min(d, n)));
            const reduce::PcaModel pca = reduce::fit(pp, X);
            e["points"] = matrix_rows(pad_columns(reduce::transform(pca, X), 2));
            e["pca_explained_variance_ratio"] = vector_json(pca.explained_variance_ratio);
            e["centroids_2d"] = matrix_rows(pad_columns(reduce::transform(pca, centers_), 2));
            if (method_ == "gmm") {
                Matrix W = Matrix::Zero(2, d);   // 2×d projection (a missing second axis stays 0)
                W.topRows(pca.components.rows()) = pca.components;
                const Matrix C2 = pad_columns(reduce::transform(pca, centers_), 2);
                json ellipses = json::array();
                for (int c = 0; c < k_; ++c) {
                    Matrix S(d, d);
                    switch (gmm_.covariance_type) {
                        case cluster::CovarianceType::Full: S = gmm_.covariances.middleRows(static_cast<Index>(c) * d, d); break;
                        case cluster::CovarianceType::Tied: S = gmm_.covariances; break;
                        case cluster::CovarianceType::Diag: S = gmm_.covariances.row(c).transpose().asDiagonal(); break;
                        case cluster::CovarianceType::Spherical: S = Matrix::Identity(d, d) * gmm_.covariances(c, 0); break;
                    }
                    const Matrix WS = W * S * W.transpose();
                    const Matrix P = 0.5 * (WS + WS.transpose());   // exactly symmetric for the page's ellipse maths
                    ellipses.push_back(json{{"center", {num(C2(c, 0)), num(C2(c, 1))}},
                                            {"cov", {{num(P(0, 0)), num(P(0, 1))}, {num(P(1, 0)), num(P(1, 1))}}}});
                }
                e["ellipses_2d"] = ellipses;
            } else {
                e["ellipses_2d"] = nullptr;
            }
            // Agreement with the label on the labelled rows.
            Labels cl, lab;
            for (size_t i = 0; i < p_.labels.size(); ++i)
                if (p_.labels[i] >= 0) {
                    cl.push_back(assignments_[i]);
                    lab.push_back(p_.labels[i]);
                }
            if (!lab.empty()) {
                e["ari"] = num(metrics::adjusted_rand_index(cl, lab));
                e["nmi"] = num(metrics::normalized_mutual_info(cl, lab));
                const Eigen::MatrixXi T = metrics::contingency_table(cl, lab, k_, static_cast<int>(p_.classes.size()));
                json counts = json::array();
                for (Index c = 0; c < T.rows(); ++c) {
                    json row = json::array();
                    for (Index l = 0; l < T.cols(); ++l) row.push_back(T(c, l));
                    counts.push_back(std::move(row));
                }
                e["contingency"] = json{{"classes", p_.classes}, {"counts", counts}};
            } else {
                e["ari"] = nullptr;
                e["nmi"] = nullptr;
                e["contingency"] = nullptr;
            }
            // Up to 50 songs per cluster, nearest its centre first (ties → lower row).
            std::vector<std::vector<size_t>> members(static_cast<size_t>(k_));
            for (size_t i = 0; i < assignments_.size(); ++i) members[static_cast<size_t>(assignments_[i])].push_back(i);
            json songs = json::array();
            for (auto& m : members) {
                std::stable_sort(m.begin(), m.end(), [&](size_t a, size_t b) { return dist2[a] < dist2[b]; });
                json list = json::array();
                for (size_t j = 0; j < std::min(m.size(), kSongsPerCluster); ++j) list.push_back(p_.song(m[j]));
                songs.push_back(std::move(list));
            }
            e["songs"] = songs;
            return false;
        }
        // The silhouette needs 2 ≤ distinct clusters ≤ sampled rows − 1; null otherwise.
        json sil = nullptr;
        try {
            sil = num(metrics::silhouette_score_sampled(X, assignments_, kSilhouetteRows, static_cast<uint32_t>(common_.seed + 2)));
        } catch (const Cancelled&) {
            throw;
        } catch (const Error&) {
            sil = nullptr;
        }
        e["silhouette"] = sil;
        e["silhouette_rows"] = std::min<size_t>(kSilhouetteRows, static_cast<size_t>(n));
        return true;
    }
    json method_result() override {
        json j{{"method", method_}, {"k", k_}};
        j.update(extra_);
        return j;
    }

private:
    std::string method_;
    int k_ = 8;
    ClusterSettings settings_;
    std::unique_ptr<Stepper> fitter_;
    Matrix centers_;
    Labels assignments_;
    cluster::GmmModel gmm_;
    bool diagnosed_cheap_ = false;
    json extra_ = json::object();
};

// ---- elbow

class ElbowJob : public JobBase {
public:
    ElbowJob(std::shared_ptr<const io::Table> table, const json& spec) : JobBase(std::move(table), parse_common(spec, 20000)) {
        method_ = canonical_cluster_method(method_of(spec, "kmeans"));
        if (method_ == "kmeans") params_.method = cluster::ElbowMethod::KMeans;
        else if (method_ == "minibatch_kmeans") params_.method = cluster::ElbowMethod::MiniBatch;
        else if (method_ == "gmm") params_.method = cluster::ElbowMethod::Gmm;
        else throw Error("unknown method '" + method_ + "' for the sweep over k (known: kmeans, minibatch_kmeans, gmm)");
        params_.k_min = int_field(spec, "k_min", 2);
        params_.k_max = int_field(spec, "k_max", 15);
        if (params_.k_min < 1) throw Error("k_min must be at least 1 (got " + std::to_string(params_.k_min) + ")");
        if (params_.k_max < params_.k_min)
            throw Error("k_max (" + std::to_string(params_.k_max) + ") must not be below k_min (" + std::to_string(params_.k_min) + ")");
        if (params_.k_max > 200) throw Error("k_max must be at most 200 (got " + std::to_string(params_.k_max) + ")");
        const ClusterSettings s = cluster_settings(method_, params_of(spec), common_.seed);
        params_.kmeans = s.kmeans;
        params_.minibatch = s.minibatch;
        params_.gmm = s.gmm;
        params_.silhouette_rows = static_cast<int>(kSilhouetteRows);
        params_.silhouette_seed = static_cast<uint32_t>(common_.seed + 2);
    }

protected:
    void start() override {
        require_k_fits(params_.k_max, static_cast<size_t>(p_.X.rows()), "k_max");
        fitter_ = std::make_unique<cluster::ElbowFitter>(params_, p_.X);
    }
    bool fit_step() override { return fitter_->step(); }
    double fit_fraction() const override { return fitter_ ? fitter_->fraction() : 0.0; }
    std::string fit_stage() const override { return fitter_ ? fitter_->stage() : "sweep over k"; }
    json live() const override { return fitter_ ? sweep_json() : json(nullptr); }
    json method_result() override { return sweep_json(); }

private:
    json sweep_json() const {
        json k = json::array(), inertia = json::array(), ll = json::array(), bic = json::array(), aic = json::array(),
             sil = json::array(), n_iter = json::array(), converged = json::array();
        for (const auto& pt : fitter_->result().points) {
            k.push_back(pt.k);
            inertia.push_back(num(pt.inertia));
            ll.push_back(num(pt.log_likelihood));
            bic.push_back(num(pt.bic));
            aic.push_back(num(pt.aic));
            sil.push_back(num(pt.silhouette));
            n_iter.push_back(pt.n_iter);
            converged.push_back(pt.converged);
        }
        return json{{"method", method_}, {"k", k},     {"inertia", inertia}, {"log_likelihood", ll}, {"bic", bic},
                    {"aic", aic},       {"silhouette", sil}, {"n_iter", n_iter}, {"converged", converged}};
    }

    std::string method_;
    cluster::ElbowParams params_;
    std::unique_ptr<cluster::ElbowFitter> fitter_;
};

json parse_spec_text(const std::string& text) {
    try {
        return json::parse(text.empty() ? std::string("{}") : text);
    } catch (const json::exception& e) {
        throw Error(std::string("the analysis spec is not valid JSON (") + e.what() + ")");
    }
}

std::string start(AnalysisKind kind, int dataset_id, const std::string& spec_json) {
    return guarded([&] {
        Job j;
        j.table = dataset(dataset_id);
        std::unique_ptr<AnalysisJob> a = make_analysis(kind, j.table, parse_spec_text(spec_json));
        AnalysisJob* raw = a.get();
        j.finish = [raw] { return raw->result(); };
        j.live = [raw] { return raw->live(); };
        j.stepper = std::move(a);
        return ok({{"job", add_job(std::move(j))}});
    });
}

}  // namespace

std::unique_ptr<AnalysisJob> make_analysis(AnalysisKind kind, std::shared_ptr<const io::Table> table, const json& spec) {
    if (!table) throw Error("no dataset");
    switch (kind) {
        case AnalysisKind::Reduction: return std::make_unique<ReductionJob>(std::move(table), spec);
        case AnalysisKind::Clustering: return std::make_unique<ClusteringJob>(std::move(table), spec);
        case AnalysisKind::Elbow: return std::make_unique<ElbowJob>(std::move(table), spec);
    }
    throw Error("unknown analysis");
}

json run_analysis(AnalysisKind kind, std::shared_ptr<const io::Table> table, const json& spec, Progress& progress) {
    auto job = make_analysis(kind, std::move(table), spec);
    job->run(progress);
    return job->result();
}

std::string start_reduction(int dataset, const std::string& spec_json) { return start(AnalysisKind::Reduction, dataset, spec_json); }
std::string start_clustering(int dataset, const std::string& spec_json) { return start(AnalysisKind::Clustering, dataset, spec_json); }
std::string start_elbow(int dataset, const std::string& spec_json) { return start(AnalysisKind::Elbow, dataset, spec_json); }

}  // namespace genrelab::api
