// Scores of hard predictions against true labels, for K classes 0..K−1.
//
//   classification_report(y_true, y_pred, K): y_true, y_pred: n labels each in 0..K−1 (n ≥ 1).
//     confusion[t][p] = rows with true class t predicted as p (K×K, rows = true, like scikit-learn).
//     Per class: precision = tp / predicted, recall = tp / support, F1 = 2PR/(P+R); 0 where the
//     denominator is 0 (scikit-learn's zero_division=0, as the peers use). Every class 0..K−1 counts in
//     the macro averages, also one absent from both y_true and y_pred (scikit-learn with labels=range(K)).
//     Weighted averages weight by support.
//     mcc: multiclass Matthews correlation (Gorodkin's R_K, scikit-learn's matthews_corrcoef; 0 when
//     undefined). balanced_accuracy: mean recall over the classes present in y_true
//     (scikit-learn's balanced_accuracy_score, adjusted=False).
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/types.hpp"

namespace genrelab::metrics {

struct ClassificationReport {
    int n_classes = 0;
    int64_t n_samples = 0;
    double accuracy = 0;
    std::vector<std::vector<int64_t>> confusion;  // K×K, rows = true class, columns = predicted class
    std::vector<double> precision, recall, f1;     // length K
    std::vector<int64_t> support;                  // length K: rows whose true class is c
    double macro_precision = 0, macro_recall = 0, macro_f1 = 0;
    double weighted_precision = 0, weighted_recall = 0, weighted_f1 = 0;
    double mcc = 0;
    double balanced_accuracy = 0;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ClassificationReport, n_classes, n_samples, accuracy, confusion,
                                                precision, recall, f1, support, macro_precision, macro_recall,
                                                macro_f1, weighted_precision, weighted_recall, weighted_f1, mcc,
                                                balanced_accuracy)

ClassificationReport classification_report(const Labels& y_true, const Labels& y_pred, int n_classes);

}  // namespace genrelab::metrics
