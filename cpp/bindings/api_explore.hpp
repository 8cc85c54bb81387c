// The page's data-exploration and "use a model" calls, beside api.hpp and in its style: JSON text in and
// out, {"ok":true,…} or {"ok":false,"error":"<sentence>"}, no exception ever leaves (detail::guarded).
#pragma once
#include <string>

namespace genrelab::api {

// Descriptive statistics of a loaded dataset for the Explore views (metrics/descriptive.hpp).
// options: {"label":"genre"            column to group by ("" or absent: no grouping),
//           "columns":["tempo",…]      columns to describe (absent: every numeric, boolean, note-name and
//                                      Major/Minor column that is not the label nor flagged by the profile
//                                      as an id or a constant),
//           "bins":0|"auto"|N          histogram bins (0/"auto": numpy's 'auto' rule, capped at max_bins),
//           "max_bins":100, "max_classes":60, "max_columns":60}
// → {"ok":true,"n_rows":N,"label":"genre"|null,
//    "classes":["Blues",…]             label values sorted by code point (rows with a missing label are
//    "class_counts":[600,…],"label_missing":0,    counted in label_missing and left out of by-class numbers)
//    "columns":[{"name":"tempo","kind":"numeric|boolean|pitch_class|major_minor","missing":3}],
//    "histograms":[{"column":"tempo","edges":[…bins+1],"counts":[…bins],"missing":3,"capped":false}],
//    "boxes_by_class":[{"column":"tempo","all":<box>,"by_class":[<box> per class]}],
//        <box> = {"n","min","q1","median","q3","max","mean","whisker_low","whisker_high","outliers"}
//    "correlation":{"columns":[…],"pearson":[[…]],"spearman":[[…]]},      null where undefined
//    "means_by_class":{"columns":[…],"means":[[per column] per class],"overall_mean":[…],"overall_std":[…]},
//    "warnings":[…]}
// Note names (C, C#, …) count as pitch classes 0–11 and Major/Minor as 1/0, as the model's encoding does.
std::string explore(int dataset, const std::string& options_json);

// What a model needs as input, for the page's "classify one song" form:
// → {"ok":true,"label":"genre","classes":[…],
//    "inputs":[{"name":"key","encoding":"number|pitch_class|major_minor|one_hot","categories":[…one_hot only]}],
//    "has_imputer":bool,"card":{…model card…},"recipe":{…}}
std::string model_info(int model);

// Predicts a few rows given as JSON: [{"tempo":120,"key":"C#","mode":"Major",…},…] (or {"rows":[…]}).
// Keys are column names; values numbers, strings, booleans or null (missing). Keys the model does not use
// are ignored (one warning each). At most 10,000 rows.
// → {"ok":true,"classes":[…],"predicted":[class index…],"predicted_labels":["Rock",…],
//    "scores":[[…K]…],"scores_are_probabilities":bool,"warnings":[…]}
std::string predict_rows(int model, const std::string& rows_json);

// Predicts every row of a dataset as a job (step_job advances it chunk by chunk; finish_job returns):
// options: {"limit":100} rows to return in the preview.
// → start: {"ok":true,"job":id};  finish_job → {"model":id,"dataset":id,"n_rows":N,"classes":[…],"label":"genre",
//    "counts":[predicted rows per class],"columns":[the dataset's column names],
//    "rows":[[cells…] first `limit` rows],"predicted":[class index…],"confidence":[score of that class…],
//    "scores_are_probabilities":bool,"label_present":bool,"accuracy":x|null (when the file has the label column)}
// The predictions are kept (for the last model/dataset pair) for predictions_csv.
std::string start_prediction(int model, int dataset, const std::string& options_json);

// The dataset's columns plus "predicted_<label>" and one "p_<class>" (or "score_<class>") column per class,
// as CSV text (io/csv_writer). Reuses start_prediction's result for the same model and dataset.
// → {"ok":true,"csv":"…","n_rows":N,"columns":[…]}
std::string predictions_csv(int model, int dataset);

}  // namespace genrelab::api
