#include "bindings/api_bench.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <set>

#include "bindings/registry.hpp"
#include "classify/knn.hpp"
#include "classify/mlp.hpp"
#include "classify/random_forest.hpp"
#include "classify/svm.hpp"
#include "cluster/gmm.hpp"
#include "cluster/kmeans.hpp"
#include "core/error.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/recipe.hpp"
#include "preprocess/split.hpp"

#ifdef __EMSCRIPTEN__
#include <emscripten/heap.h>
#else
#include <sys/resource.h>
#endif

namespace genrelab::bench {
using nlohmann::json;

std::string sha1_hex(const std::string& bytes) {
    uint32_t h[5] = {0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u, 0xC3D2E1F0u};
    std::string m = bytes;
    const uint64_t bits = static_cast<uint64_t>(bytes.size()) * 8;
    m.push_back(static_cast<char>(0x80));
    while (m.size() % 64 != 56) m.push_back('\0');
    for (int i = 7; i >= 0; --i) m.push_back(static_cast<char>((bits >> (8 * i)) & 0xFF));
    auto rol = [](uint32_t x, int s) { return (x << s) | (x >> (32 - s)); };
    for (size_t off = 0; off < m.size(); off += 64) {
        uint32_t w[80];
        for (int i = 0; i < 16; ++i)
            w[i] = (uint32_t(uint8_t(m[off + 4 * i])) << 24) | (uint32_t(uint8_t(m[off + 4 * i + 1])) << 16) |
                   (uint32_t(uint8_t(m[off + 4 * i + 2])) << 8) | uint32_t(uint8_t(m[off + 4 * i + 3]));
        for (int i = 16; i < 80; ++i) w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
        uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
        for (int i = 0; i < 80; ++i) {
            uint32_t f, k;
            if (i < 20) f = (b & c) | (~b & d), k = 0x5A827999u;
            else if (i < 40) f = b ^ c ^ d, k = 0x6ED9EBA1u;
            else if (i < 60) f = (b & c) | (b & d) | (c & d), k = 0x8F1BBCDCu;
            else f = b ^ c ^ d, k = 0xCA62C1D6u;
            const uint32_t t = rol(a, 5) + f + e + k + w[i];
            e = d, d = c, c = rol(b, 30), b = a, a = t;
        }
        h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e;
    }
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (uint32_t v : h)
        for (int s = 28; s >= 0; s -= 4) out.push_back(hex[(v >> s) & 0xF]);
    return out;
}

double memory_bytes() {
#ifdef __EMSCRIPTEN__
    return static_cast<double>(emscripten_get_heap_size());
#else
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) * 1024.0;
#endif
}

namespace {

template <class T>
std::vector<T> pick(const std::vector<T>& v, const std::vector<size_t>& idx) {
    std::vector<T> out;
    out.reserve(idx.size());
    for (size_t i : idx) out.push_back(v[i]);
    return out;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

double accuracy(const Labels& a, const Labels& b) {
    size_t right = 0;
    for (size_t i = 0; i < a.size(); ++i) right += a[i] == b[i];
    return a.empty() ? 0.0 : static_cast<double>(right) / static_cast<double>(a.size());
}

// Times `fit` and then `predict` `repeat` times each; the last fitted model is kept by the closures.
void timed(json& out, int repeat, const std::function<void()>& fit, const std::function<void()>& predict) {
    std::vector<double> fit_runs, predict_runs;
    for (int r = 0; r < repeat; ++r) {
        auto t0 = std::chrono::steady_clock::now();
        fit();
        fit_runs.push_back(seconds_since(t0));
        if (predict) {
            t0 = std::chrono::steady_clock::now();
            predict();
            predict_runs.push_back(seconds_since(t0));
        }
    }
    out["fit_s"] = median(fit_runs);
    out["fit_runs_s"] = fit_runs;
    if (!predict_runs.empty()) {
        out["predict_s"] = median(predict_runs);
        out["predict_runs_s"] = predict_runs;
    }
}

template <class P>
P params_with(const json& task, P p) {
    if (task.contains("params")) {
        json j = p;
        j.merge_patch(task.at("params"));
        p = j.get<P>();
    }
    return p;
}

}  // namespace

PreparedData prepare(const io::Table& table, const json& task) {
    static const std::set<std::string> known = {"mlp", "svm", "knn", "kmeans", "gmm", "forest"};
    const std::string name = task.value("task", std::string());
    if (!known.count(name)) throw Error("unknown bench task '" + name + "'; choose mlp, svm, knn, kmeans, gmm or forest");
    const std::string label = task.value("label", std::string("music_genre"));
    std::set<std::string> drop;
    if (task.contains("drop")) {
        for (const auto& d : task.at("drop")) drop.insert(d.get<std::string>());
    }
    if (!table.has_column(label)) table.column(label);   // throws naming the columns
    pipeline::Recipe r;
    r.label = label;
    r.seed = task.value("seed", 42ULL);
    for (const auto& name : table.column_names())
        if (name != label && !drop.count(name)) r.features.push_back(name);
    if (r.features.empty()) throw Error("no feature columns are left after dropping the label and --drop columns");
    // The peers' rule 4: a negative duration_ms is missing.
    if (std::find(r.features.begin(), r.features.end(), "duration_ms") != r.features.end())
        r.stages.push_back(json{{"type", "missing_if"}, {"column", "duration_ms"}, {"less_than", 0}});
    r.stages.push_back(json{{"type", "impute"}, {"strategy", "median"}});
    r.stages.push_back(json{{"type", "scale"}, {"method", "standard"}});
    r.classifier = json{{"type", "baseline"}};
    const pipeline::FittedPipeline m = pipeline::train(table, r);

    PreparedData d;
    d.n_classes = static_cast<int>(m.classes.size());
    const pipeline::LabelledRows lr = pipeline::label_rows(table, r, m.classes);
    const auto split = preprocess::stratified_peer_split(lr.y, d.n_classes, r.split.test_fraction, static_cast<uint32_t>(r.seed));
    d.X_train = m.features(table, pick(lr.rows, split.train));
    d.X_test = m.features(table, pick(lr.rows, split.test));
    d.y_train = pick(lr.y, split.train);
    d.y_test = pick(lr.y, split.test);
    d.features = m.feature_names();
    std::string joined;
    for (size_t i = 0; i < split.test.size(); ++i) joined += (i ? "," : "") + std::to_string(split.test[i]);
    d.split_sha1 = sha1_hex(joined);
    return d;
}

json run_task(const PreparedData& d, const json& task) {
    const std::string name = task.at("task").get<std::string>();
    const int repeat = std::max(1, task.value("repeat", 1));
    const uint64_t seed = task.value("seed", 42ULL);
    const int K = d.n_classes;
    const double dim = static_cast<double>(d.X_train.cols());
    json out{{"task", name}, {"n_train", d.X_train.rows()}, {"n_test", d.X_test.rows()}, {"n_features", d.X_train.cols()},
             {"n_classes", K}, {"split_sha1", d.split_sha1}};
    Labels predicted;
    json model_json;
    if (name == "mlp") {
        classify::MlpParams p;
        p.hidden = {64, 64};
        p.epochs = 30;
        p.batch_size = 256;
        p.learning_rate = 1e-3;
        p.weight_decay = 1e-4;
        p.seed = seed;
        p = params_with(task, p);
        classify::MlpModel model;
        timed(out, repeat, [&] { model = classify::fit(p, d.X_train, d.y_train, K); },
              [&] { predicted = classify::predict(model, d.X_test); });
        out["params"] = p;
        model_json = model;
    } else if (name == "svm") {
        classify::SvmParams p;
        p.C = 1;
        p.gamma_mode = classify::SvmGamma::Value;
        p.gamma = 1.0 / dim;
        p = params_with(task, p);
        classify::SvmModel model;
        timed(out, repeat, [&] { model = classify::fit(p, d.X_train, d.y_train, K); },
              [&] { predicted = classify::predict(model, d.X_test); });
        out["params"] = p;
        model_json = model;
        out["n_support_vectors"] = model.support_vectors.rows();
    } else if (name == "knn") {
        classify::KnnParams p;
        p.k = 12;
        p = params_with(task, p);
        classify::KnnModel model;
        timed(out, repeat, [&] { model = classify::fit(p, d.X_train, d.y_train, K); },
              [&] { predicted = classify::predict(model, d.X_test); });
        out["params"] = p;
    } else if (name == "forest") {
        classify::RandomForestParams p;
        p.n_trees = 100;
        p.seed = seed;
        p = params_with(task, p);
        classify::RandomForestModel model;
        timed(out, repeat, [&] { model = classify::fit(p, d.X_train, d.y_train, K); },
              [&] { predicted = classify::predict(model, d.X_test); });
        out["params"] = p;
        model_json = model;
    } else if (name == "kmeans") {
        cluster::KMeansParams p;
        p.n_clusters = 10;
        p.n_init = 10;
        p.seed = seed;
        p = params_with(task, p);
        cluster::KMeansModel model;
        timed(out, repeat, [&] { model = cluster::fit(p, d.X_train); }, nullptr);
        out["params"] = p;
        out["inertia"] = model.inertia;
        out["n_iter"] = model.n_iter;
    } else if (name == "gmm") {
        cluster::GmmParams p;
        p.n_components = 10;
        p.covariance_type = cluster::CovarianceType::Full;
        p.seed = seed;
        p = params_with(task, p);
        cluster::GmmModel model;
        timed(out, repeat, [&] { model = cluster::fit(p, d.X_train); }, nullptr);
        out["params"] = p;
        out["n_iter"] = model.n_iter;
        out["converged"] = model.converged;
        out["avg_loglik_train"] = cluster::score(model, d.X_train);
        out["avg_loglik_test"] = cluster::score(model, d.X_test);
    } else {
        throw Error("unknown bench task '" + name + "'; choose mlp, svm, knn, kmeans, gmm or forest");
    }
    if (!predicted.empty()) out["accuracy"] = accuracy(predicted, d.y_test);
    // Serialising a large forest takes hundreds of MB: only when asked (the CLI), so the wasm heap figures
    // measure the task itself.
    if (!model_json.is_null() && task.value("model_size", false)) out["model_json_bytes"] = model_json.dump().size();
    out["memory_bytes"] = memory_bytes();
    return out;
}

}  // namespace genrelab::bench

namespace genrelab::api {
using namespace detail;

std::string bench_task(int dataset_id, const std::string& task_json) {
    return guarded([&] {
        const auto table = dataset(dataset_id);
        const json task = json::parse(task_json);
        if (!task.is_object() || !task.contains("task")) throw Error("a bench task is a JSON object with a \"task\" name");
        const bench::PreparedData d = bench::prepare(*table, task);
        return ok(bench::run_task(d, task));
    });
}

}  // namespace genrelab::api
