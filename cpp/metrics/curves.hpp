// Threshold-free scores of a classifier's continuous outputs (probabilities or decision values):
// ROC and precision–recall curves per class (one-vs-rest), their areas, and the log loss.
//
//   y: n labels in 0..K−1; scores: n×K (column c = the score of class c, higher = more likely c);
//   for the single-class functions, scores: length n and `positive_class` picks which label is positive.
//
//   roc_curve — scikit-learn 1.2's roc_curve(drop_intermediate=True): one point per distinct score
//       (descending), collinear points dropped, (0, 0) prepended with threshold = the largest score + 1
//       (1.2's convention; 1.3 uses +inf). auc = trapezoidal area (scikit-learn's auc).
//   precision_recall_curve — scikit-learn 1.2's: precision and recall per distinct score in
//       ascending threshold order, ending with (precision 1, recall 0); thresholds has one entry fewer.
//       With no positive row, recall is 1 everywhere (as scikit-learn). average_precision = Σ (Rₙ − Rₙ₋₁) Pₙ
//       (scikit-learn's average_precision_score: a step integral, not interpolated).
//   roc_auc — binary AUC as the Mann–Whitney statistic with average ranks for tied scores (the peers'
//       lib/metrics.mjs; equal to the area under roc_curve).
//   roc_auc_ovr_macro — mean over classes of roc_auc(y == c vs scores[:, c]), as scikit-learn's
//       roc_auc_score(multi_class='ovr', average='macro'). roc_auc_ovr_micro — roc_auc of all n·K
//       (one-hot label, score) pairs at once (average='micro').
//   average_precision_macro — mean over classes of average_precision (scikit-learn's macro average).
//   log_loss — mean −log p(true class), probabilities clipped to [eps, 1 − eps] and rows renormalised
//       (scikit-learn 1.2's log_loss with eps='auto' = machine ε for float64, labels = 0..K−1).
//
// Deliberately differs from scikit-learn: a class without positive or without negative rows has no ROC
// curve; instead of raising, its RocCurve is empty with auc = NaN, and the macro averages (ROC AUC and
// average precision) skip it (as the peers do), so a test part missing a rare class still gets a score.
// They return NaN when no class is usable. Scores must be finite (NaN/Inf → genrelab::Error).
#pragma once
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/types.hpp"

namespace genrelab::metrics {

struct RocCurve {
    std::vector<double> fpr, tpr, thresholds;  // same length; thresholds descending
    double auc = std::numeric_limits<double>::quiet_NaN();
    int64_t positives = 0, negatives = 0;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(RocCurve, fpr, tpr, thresholds, auc, positives, negatives)

struct PrCurve {
    std::vector<double> precision, recall;  // same length; recall descending, ends with (1, 0)
    std::vector<double> thresholds;         // one fewer; ascending
    double average_precision = std::numeric_limits<double>::quiet_NaN();
    int64_t positives = 0;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(PrCurve, precision, recall, thresholds, average_precision, positives)

// y: n labels, scores: n, positive rows are y == positive_class.
RocCurve roc_curve(const Labels& y, const Vector& scores, int positive_class);
PrCurve precision_recall_curve(const Labels& y, const Vector& scores, int positive_class);
double roc_auc(const Labels& y, const Vector& scores, int positive_class);           // NaN if undefined
double average_precision(const Labels& y, const Vector& scores, int positive_class);

// y: n labels in 0..K−1, scores: n×K. One curve per class.
std::vector<RocCurve> roc_curves_ovr(const Labels& y, const Matrix& scores);
std::vector<PrCurve> precision_recall_curves_ovr(const Labels& y, const Matrix& scores);
double roc_auc_ovr_macro(const Labels& y, const Matrix& scores);
double roc_auc_ovr_micro(const Labels& y, const Matrix& scores);
double average_precision_macro(const Labels& y, const Matrix& scores);

// y: n labels in 0..K−1, proba: n×K non-negative.
double log_loss(const Labels& y, const Matrix& proba, double eps = std::numeric_limits<double>::epsilon());

}  // namespace genrelab::metrics
