// Benchmark tasks on the peers' exact data protocol (../shared/peers/README.md): the same rows, split,
// median imputation and standardisation as scikit-learn's, TensorFlow.js's and ml.js's benchmark scripts,
// then one model fitted and used on the held-out rows with the peers' settings. The same code runs in
// the native CLI (`genrelab bench`), in the wasm module under Node and in the page's worker, so the
// three columns of scripts/bench's table time the same work.
//
// Task JSON (every key optional except "task"):
//   {"task":"mlp|svm|knn|kmeans|gmm|forest",
//    "label":"music_genre", "drop":["instance_id",…],   columns left out (all others are features)
//    "seed":42, "repeat":1,                              fit/predict runs (median reported, all listed)
//    "model_size":false,                                 also measure the model's JSON size (memory-hungry)
//    "params":{…}}                                       overrides of the task's model parameters (the
//                                                        algorithm's own JSON names, e.g. {"epochs":5})
// Result: {"task","n_train","n_test","n_features","split_sha1" (SHA-1 of the comma-joined test-row numbers,
//   the peers' split_sha1), "fit_s","predict_s","fit_runs_s":[…],"predict_runs_s":[…],"accuracy" (classifiers),
//   "params":{…}, task extras (inertia, n_iter, avg_loglik_train/test, n_support, model_json_bytes …),
//   "memory_bytes" (wasm: linear memory size after the task; native: peak resident set)}.
//
// Settings (the peers'): MLP 13→64→64→K relu, Adam 1e-3, batch 256, 30 epochs, L2 1e-4 (scikit-learn's
// alpha); RBF SVM C = 1, γ = 1/d; kNN k = 12 Euclidean uniform; k-means k = 10, n_init = 10; GMM k = 10
// full covariance, k-means initialisation; random forest 100 trees, √d features per split, bootstrap.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "core/types.hpp"
#include "io/table.hpp"

namespace genrelab::bench {

struct PreparedData {
    Matrix X_train, X_test;        // imputed and standardised with training-split statistics
    Labels y_train, y_test;
    int n_classes = 0;
    std::string split_sha1;
    std::vector<std::string> features;
};

// The peers' preprocessing of `table` (label column, dropped columns, seed from `task`).
PreparedData prepare(const io::Table& table, const nlohmann::json& task);
// Fits and evaluates one task on prepared data (see above for the result).
nlohmann::json run_task(const PreparedData& data, const nlohmann::json& task);

std::string sha1_hex(const std::string& bytes);
// Bytes of memory in use: wasm linear memory size, or the native process's peak resident set.
double memory_bytes();

}  // namespace genrelab::bench

namespace genrelab::api {
// run_task on a loaded dataset: {"ok":true, …result…} or {"ok":false,"error":…}. Synchronous (the worker
// blocks for the whole fit: this is for measuring, not for the page's normal training).
std::string bench_task(int dataset, const std::string& task_json);
}  // namespace genrelab::api
