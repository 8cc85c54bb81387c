#include "metrics/classification.hpp"

#include <cmath>
#include <string>

#include "core/error.hpp"

namespace genrelab::metrics {

ClassificationReport classification_report(const Labels& y_true, const Labels& y_pred, int n_classes) {
    if (n_classes < 1) throw Error("metrics need at least one class (n_classes = " + std::to_string(n_classes) + ")");
    if (y_true.size() != y_pred.size())
        throw Error("metrics got " + std::to_string(y_true.size()) + " true labels but " + std::to_string(y_pred.size()) +
                    " predictions");
    if (y_true.empty()) throw Error("metrics need at least one labelled row");
    const size_t K = static_cast<size_t>(n_classes);
    ClassificationReport r;
    r.n_classes = n_classes;
    r.n_samples = static_cast<int64_t>(y_true.size());
    r.confusion.assign(K, std::vector<int64_t>(K, 0));
    for (size_t i = 0; i < y_true.size(); ++i) {
        for (const auto* which : {&y_true, &y_pred})
            if ((*which)[i] < 0 || (*which)[i] >= n_classes)
                throw Error(std::string(which == &y_true ? "true label " : "predicted label ") + std::to_string((*which)[i]) +
                            " of row " + std::to_string(i) + " is outside 0.." + std::to_string(n_classes - 1));
        ++r.confusion[static_cast<size_t>(y_true[i])][static_cast<size_t>(y_pred[i])];
    }
    std::vector<double> t_sum(K, 0), p_sum(K, 0);
    double correct = 0;
    for (size_t a = 0; a < K; ++a)
        for (size_t b = 0; b < K; ++b) {
            t_sum[a] += static_cast<double>(r.confusion[a][b]);
            p_sum[b] += static_cast<double>(r.confusion[a][b]);
        }
    const double n = static_cast<double>(y_true.size());
    r.precision.assign(K, 0);
    r.recall.assign(K, 0);
    r.f1.assign(K, 0);
    r.support.assign(K, 0);
    double recall_sum_present = 0;
    int present = 0;
    for (size_t c = 0; c < K; ++c) {
        const double tp = static_cast<double>(r.confusion[c][c]);
        correct += tp;
        r.support[c] = static_cast<int64_t>(t_sum[c]);
        r.precision[c] = p_sum[c] > 0 ? tp / p_sum[c] : 0.0;
        r.recall[c] = t_sum[c] > 0 ? tp / t_sum[c] : 0.0;
        const double pr = r.precision[c] + r.recall[c];
        r.f1[c] = pr > 0 ? 2 * r.precision[c] * r.recall[c] / pr : 0.0;
        r.macro_precision += r.precision[c];
        r.macro_recall += r.recall[c];
        r.macro_f1 += r.f1[c];
        r.weighted_precision += r.precision[c] * t_sum[c];
        r.weighted_recall += r.recall[c] * t_sum[c];
        r.weighted_f1 += r.f1[c] * t_sum[c];
        if (t_sum[c] > 0) {
            recall_sum_present += r.recall[c];
            ++present;
        }
    }
    const double Kd = static_cast<double>(K);
    r.macro_precision /= Kd;
    r.macro_recall /= Kd;
    r.macro_f1 /= Kd;
    r.weighted_precision /= n;
    r.weighted_recall /= n;
    r.weighted_f1 /= n;
    r.accuracy = correct / n;
    r.balanced_accuracy = recall_sum_present / present;  // present ≥ 1 since n ≥ 1

    double tp_dot = 0, pp = 0, tt = 0;
    for (size_t c = 0; c < K; ++c) {
        tp_dot += t_sum[c] * p_sum[c];
        pp += p_sum[c] * p_sum[c];
        tt += t_sum[c] * t_sum[c];
    }
    const double cov_ytyp = correct * n - tp_dot;
    const double cov_ypyp = n * n - pp;
    const double cov_ytyt = n * n - tt;
    r.mcc = (cov_ypyp * cov_ytyt == 0) ? 0.0 : cov_ytyp / std::sqrt(cov_ytyt * cov_ypyp);
    return r;
}

}  // namespace genrelab::metrics
