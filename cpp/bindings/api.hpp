// The plain-C++ surface the wasm module exposes (embind.cpp only converts types) and native tests cover.
// Every call returns a JSON text: {"ok":true, ...} or {"ok":false,"error":"<a sentence for the user>"}.
// No exception ever leaves these functions (3.1.6 loses C++ exception messages at the JS boundary).
// State (loaded tables, running jobs, fitted models) lives in maps keyed by integer ids, inside the
// single worker that owns the module; only results and plot data cross to the page.
#pragma once
#include <string>
#include <vector>

namespace genrelab::api {

// {"ok":true,"version":"…","model_format":"genrelab-model","model_format_version":N}
std::string version();

// Parses CSV bytes. options: {"delimiter":"auto"|","|";"|"\t", "max_bytes":N}.
// → {"ok":true,"dataset":id,"n_rows":N,"delimiter":",","columns":[<profile of each column>],"warnings":[…]}
//   profile: {"name","type":"numeric|boolean|categorical|text|empty","missing","distinct","invalid",
//             "min","max","mean","examples":[…]}
std::string load_csv(const std::string& bytes, const std::string& options_json);
std::string forget_dataset(int dataset);

// A recipe with sensible defaults for this table: label guessed (a categorical column named like
// genre/label/class, else the last categorical), id/name/date-like columns left out of the features.
std::string suggest_recipe(int dataset);

// Training runs as a job the worker advances step by step, so it can post progress and hear "cancel".
// start_training → {"ok":true,"job":id}
// step_job(job, budget_ms) runs steps until budget_ms has passed or the job is done
//   → {"ok":true,"done":bool,"fraction":0..1,"stage":"…"}
// finish_training(job) → {"ok":true,"model":id,"report":{…metrics, confusion, classes…}}
std::string start_training(int dataset, const std::string& recipe_json);
std::string step_job(int job, double budget_ms);
std::string finish_training(int job);
std::string finish_job(int job);          // the same for any job (returns that job's own result)
std::string cancel_job(int job);

// Model files: save → {"ok":true,"text":"<model file JSON>"}; load → {"ok":true,"model":id,"summary":{…}}.
std::string save_model(int model);
std::string load_model(const std::string& text);
std::string forget_model(int model);

// Predictions for every row of a dataset (its label column, if any, is ignored):
// → {"ok":true,"classes":[…],"predicted":[class index…],"probabilities":[[…]…]}
std::string predict(int model, int dataset);
// Same plus metrics when the dataset has the model's label column.
std::string evaluate(int model, int dataset);

}  // namespace genrelab::api
