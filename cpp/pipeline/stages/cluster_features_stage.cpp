// Cluster labels as features: {"type":"cluster_features","method":"kmeans"|"gmm","k":8,"encoding":"onehot"|"ordinal",
//                               "params":{…KMeansParams | GmmParams, without n_clusters / n_components}}
// Fits k-means (cluster/kmeans.hpp) or a Gaussian mixture (cluster/gmm.hpp) on the rows flowing into it — the
// training rows only, as every stage (the Trainer fits stages before it sees the test rows) — and appends each
// row's cluster to its features: one-hot, k columns "cluster=0" … "cluster=k−1" (0/1), or ordinal, one column
// "cluster" holding the index 0 … k−1 (cluster numbers have no order: ordinal suits trees, one-hot the rest).
// A new row gets the cluster the fitted model predicts (nearest centre / most probable component), so the
// test rows never influence the clustering. The inputs pass through unchanged in front of the new columns.
// scikit-learn has no such transformer; it matches Pipeline(FeatureUnion([("id", "passthrough"),
// ("km", KMeans → OneHotEncoder)])) fitted on the training rows.
#include <cmath>

#include "cluster/gmm.hpp"
#include "cluster/kmeans.hpp"
#include "pipeline/stages/stages.hpp"

namespace genrelab::pipeline {

namespace {

class ClusterFeaturesStage : public Stage {
public:
    explicit ClusterFeaturesStage(const json& spec) {
        for (auto it = spec.begin(); it != spec.end(); ++it)
            if (it.key() != "type" && it.key() != "method" && it.key() != "k" && it.key() != "encoding" && it.key() != "params")
                throw Error("recipe: 'cluster_features' has no setting '" + it.key() + "' (settings: method, k, encoding, params)");
        method_ = spec.value("method", "kmeans");
        if (method_ != "kmeans" && method_ != "gmm")
            throw Error("recipe: cluster_features.method must be \"kmeans\" or \"gmm\", got \"" + method_ + "\"");
        encoding_ = spec.value("encoding", "onehot");
        if (encoding_ != "onehot" && encoding_ != "ordinal")
            throw Error("recipe: cluster_features.encoding must be \"onehot\" or \"ordinal\", got \"" + encoding_ + "\"");
        if (spec.contains("k") && !spec.at("k").is_number_integer())
            throw Error("recipe: cluster_features.k must be a whole number");
        k_ = spec.value("k", 8);
        if (k_ < 2 || k_ > 1000) throw Error("recipe: cluster_features.k must be between 2 and 1,000, got " + std::to_string(k_));
        json params = spec.contains("params") ? spec.at("params") : json::object();
        if (!params.is_object()) throw Error("recipe: cluster_features.params must be an object");
        const char* size_key = method_ == "kmeans" ? "n_clusters" : "n_components";
        if (params.contains(size_key)) throw Error(std::string("recipe: cluster_features sets the number of clusters with 'k', not params.") + size_key);
        params["type"] = "cluster_features " + method_;
        if (method_ == "kmeans") kmeans_params_ = parse_params<cluster::KMeansParams>(params);
        else gmm_params_ = parse_params<cluster::GmmParams>(params);
        kmeans_params_.n_clusters = k_;
        gmm_params_.n_components = k_;
    }
    std::string type() const override { return "cluster_features"; }

    void fit(const Matrix& X, const Labels&, int, const std::vector<std::string>& names) override {
        for (Index c = 0; c < X.cols(); ++c)
            if (!X.col(c).allFinite())
                throw Error("cluster_features: column '" + (static_cast<size_t>(c) < names.size() ? names[static_cast<size_t>(c)] : std::to_string(c)) +
                            "' has missing or infinite values; put an impute stage before it");
        if (X.rows() < k_)
            throw Error("cluster_features: k = " + std::to_string(k_) + " needs at least " + std::to_string(k_) + " training rows (got " +
                        with_thousands(X.rows()) + ")");
        n_inputs_ = X.cols();
        if (method_ == "kmeans") kmeans_ = cluster::fit(kmeans_params_, X);
        else gmm_ = cluster::fit(gmm_params_, X);
    }

    Matrix transform(const Matrix& X) const override {
        if (X.cols() != n_inputs_)
            throw Error("cluster_features: X has " + std::to_string(X.cols()) + " columns but the clustering was fitted on " +
                        std::to_string(n_inputs_));
        const Labels c = method_ == "kmeans" ? cluster::predict(kmeans_, X) : cluster::predict(gmm_, X);
        const Index extra = encoding_ == "onehot" ? k_ : 1;
        Matrix out(X.rows(), X.cols() + extra);
        out.leftCols(X.cols()) = X;
        out.rightCols(extra).setZero();
        for (Index i = 0; i < X.rows(); ++i) {
            const int ci = c[static_cast<size_t>(i)];
            if (encoding_ == "onehot") out(i, X.cols() + ci) = 1.0;
            else out(i, X.cols()) = ci;
        }
        return out;
    }

    std::vector<std::string> output_names(const std::vector<std::string>& input_names) const override {
        std::vector<std::string> names = input_names;
        if (encoding_ == "onehot")
            for (int c = 0; c < k_; ++c) names.push_back("cluster=" + std::to_string(c));
        else names.push_back("cluster");
        return names;
    }

    json params() const override {
        json p = method_ == "kmeans" ? json(kmeans_params_) : json(gmm_params_);
        p.erase(method_ == "kmeans" ? "n_clusters" : "n_components");
        return json{{"type", "cluster_features"}, {"method", method_}, {"k", k_}, {"encoding", encoding_}, {"params", p}};
    }
    json state() const override {
        return json{{"n_inputs", n_inputs_}, {"model", method_ == "kmeans" ? json(kmeans_) : json(gmm_)}};
    }
    void load_state(const json& state, size_t n_inputs) override {
        if (!state.is_object() || !state.contains("model") || !state.contains("n_inputs"))
            throw Error("model file: the 'cluster_features' stage needs 'model' and 'n_inputs'");
        if (method_ == "kmeans") kmeans_ = state.at("model").get<cluster::KMeansModel>();   // validates its shapes
        else gmm_ = state.at("model").get<cluster::GmmModel>();
        const Index k = method_ == "kmeans" ? kmeans_.centers.rows() : gmm_.means.rows();
        const Index d = method_ == "kmeans" ? kmeans_.centers.cols() : gmm_.means.cols();
        if (k != k_) throw Error("model file: the 'cluster_features' stage holds " + std::to_string(k) + " clusters, not k = " + std::to_string(k_));
        n_inputs_ = state.at("n_inputs").get<Index>();
        require_width("cluster_features", static_cast<size_t>(d), n_inputs);
        require_width("cluster_features", static_cast<size_t>(n_inputs_), n_inputs);
    }

private:
    std::string method_, encoding_;
    int k_ = 8;
    cluster::KMeansParams kmeans_params_;
    cluster::GmmParams gmm_params_;
    cluster::KMeansModel kmeans_;
    cluster::GmmModel gmm_;
    Index n_inputs_ = 0;
};

}  // namespace

std::unique_ptr<Stage> make_cluster_features_stage(const json& spec) { return std::make_unique<ClusterFeaturesStage>(spec); }

}  // namespace genrelab::pipeline
