// What the wasm module holds between calls: loaded tables, running jobs and fitted models, keyed by
// integer ids (one worker owns one module, so plain globals suffice), plus the helpers every api_*.cpp
// file uses to answer in JSON without letting an exception cross the wasm boundary.
#pragma once
#include <map>
#include <memory>
#include <new>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/stepper.hpp"
#include "io/table.hpp"
#include "pipeline/pipeline.hpp"

namespace genrelab::api::detail {

using nlohmann::json;

// A long job the worker advances with step_job: training, or any other Stepper (sweeps, t-SNE …).
struct Job {
    std::shared_ptr<const io::Table> table;   // kept alive while the job runs, even if the dataset is forgotten
    std::unique_ptr<Stepper> stepper;
    std::function<json()> live;               // progress details to show while running (may be empty)
    std::function<json()> finish;             // the result, called once after the last step
    bool done = false;
};

struct Registry {
    int next_id = 1;
    std::map<int, std::shared_ptr<const io::Table>> datasets;
    std::map<int, Job> jobs;
    std::map<int, std::shared_ptr<pipeline::FittedPipeline>> models;
};
Registry& registry();

std::shared_ptr<const io::Table> dataset(int id);               // throws Error when unknown
Job& job(int id);
std::shared_ptr<pipeline::FittedPipeline> model(int id);
int add_model(pipeline::FittedPipeline m);
int add_job(Job j);

std::string ok(json j = json::object());
std::string fail(const std::string& message);

// Runs `body`, turning every exception into {"ok":false,"error":…}: nothing may cross the wasm boundary.
template <class F>
std::string guarded(F&& body) {
    try {
        return body();
    } catch (const Error& e) {
        return fail(e.what());
    } catch (const json::exception& e) {
        return fail(std::string("bad JSON: ") + e.what());
    } catch (const std::bad_alloc&) {
        return fail("out of memory: the data or the model is too large for this browser tab");
    } catch (const std::exception& e) {
        return fail(std::string("internal error: ") + e.what());
    } catch (...) {
        return fail("internal error");
    }
}

// The elements of v at the given indices, in that order (a row subset of a per-row vector).
template <class T>
std::vector<T> pick(const std::vector<T>& v, const std::vector<size_t>& idx) {
    std::vector<T> out;
    out.reserve(idx.size());
    for (size_t i : idx) out.push_back(v[i]);
    return out;
}

}  // namespace genrelab::api::detail
