// Permutation feature importance of a trained model on the page (metrics/permutation_importance.hpp),
// beside api.hpp and in its style: JSON text in and out, {"ok":true,…} | {"ok":false,"error":"…"}, no
// exception ever leaves (detail::guarded).
#pragma once
#include <string>

namespace genrelab::api {

// Shuffles one ORIGINAL input column of the model's recipe (a CSV column such as "key", before any
// encoding) at a time among the evaluation rows and measures the drop in accuracy, as a job
// (step_job: one (column, repeat) per step; finish_job returns the result).
// options: {"n_repeats":5 (1–100), "seed":42,
//           "rows":"test"      the held-out test rows of the model's own recipe split of this dataset (the
//                              dataset it was trained on: the same seed gives the same rows), or
//                  "all"       every labelled row (e.g. a new labelled file for a loaded model),
//           "max_rows":2000    a seeded sample of at most this many of those rows (100–100,000), for speed}
// → start: {"ok":true,"job":id}
//   finish_job → {"scoring":"accuracy","rows":"test"|"all","n_rows":N,"n_repeats":R,"seed":S,"baseline":acc,
//                 "features":[{"name":"tempo","mean":drop,"std":sd,"drops":[R drops]}…] in the recipe's order}
std::string start_importance(int model, int dataset, const std::string& options_json);

}  // namespace genrelab::api
