// The page's data-preparation walkthrough (issue 3): what the recipe's cleaning, label grouping and split
// would do to a loaded dataset, with before/after counts, before anything is trained. JSON text in and out,
// {"ok":true,…} or {"ok":false,"error":"<sentence>"}; no exception ever leaves (detail::guarded).
#pragma once
#include <string>

namespace genrelab::api {

// Applies the recipe's "clean" and "labels" parts to a copy of the dataset and splits it as training would.
// recipe_json: a recipe (only label, features, clean, labels, split and seed are read; features may be empty).
// → {"ok":true,
//    "rows_before":N, "columns_before":C,
//    "clean":{"rows_before","rows_after","columns_before","columns_after","rules":[RuleReport…]} | null,
//    "labels":{LabelMapReport: counts_before, counts_after, dropped_rare, dropped_beyond_top, unmapped_labels, summary…},
//    "rows_after":N',                        rows left after cleaning and grouping
//    "missing":[{"column","missing_before","missing_after_clean"}…] for each feature,
//    "split":{"method","train","validation","test","error":null|"…"},   rows per part, as training would cut them
//    "leakage":{LeakageReport} | null,         the same (artist, track) or identical row on both sides
//    "drop_suggestions":[{"column","reason","summary"}…]}   columns that are rarely features (profile)
// Errors in the split (e.g. a class with 1 row) do not fail the call: they are put in split.error.
std::string preview_preparation(int dataset, const std::string& recipe_json);

// The genre maps compiled into the engine (models/label_maps/*.json):
// → {"ok":true,"maps":[{"file","name","description","broad":[…],"map":{fine:broad},"coverage":x|null}…]}
// coverage (with dataset ≥ 1 and label given): the share of that column's distinct values the map knows.
std::string label_maps(int dataset, const std::string& label);

}  // namespace genrelab::api
