// Model search from the page (cpp/search/): grid or random search with k-fold cross-validation on the
// training part of the base recipe's split, as a job the worker advances step by step (progress, cancel).
// Every call returns JSON text {"ok":true,…} | {"ok":false,"error":"…"} and never throws.
#pragma once
#include <string>

namespace genrelab::api {

// spec_json: a search spec (search/search_spec.hpp), e.g.
//   {"recipe":{…},"method":"grid","params":{"classifier.k":[5,15,45]},"cv":{"folds":5},"select":{"metric":"accuracy"}}
// Every candidate is checked before the job starts (a bad path or value → {"ok":false}).
// → {"ok":true,"job":id,"n_candidates":N,"folds":k,"n_train":rows}
// step_job(job, ms) → {…,"live":{"done":candidates finished,"total":N,"best_so_far":{"candidate","params","score"}|null}}
// finish_job(job) → {"ok":true,"model":id | null (refit false),"search":{the results table, search/model_search.hpp
//                    table_json},"csv":"the same table as CSV text, for a download",
//                    "report":{the winner's test report, as finish_training's} | null}
std::string start_search(int dataset, const std::string& spec_json);

}  // namespace genrelab::api
