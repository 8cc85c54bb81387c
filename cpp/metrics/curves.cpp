#include "metrics/curves.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "core/error.hpp"

namespace genrelab::metrics {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void check_scores(size_t n_labels, const double* s, size_t n, const char* what) {
    if (n_labels != n)
        throw Error(std::string(what) + " got " + std::to_string(n_labels) + " labels but " + std::to_string(n) + " scores");
    if (n == 0) throw Error(std::string(what) + " needs at least one row");
    for (size_t i = 0; i < n; ++i)
        if (!std::isfinite(s[i]))
            throw Error(std::string(what) + ": the score of row " + std::to_string(i) + " is " +
                        (std::isnan(s[i]) ? "missing (NaN)" : "infinite"));
}

void check_matrix(const Labels& y, const Matrix& scores, const char* what) {
    if (static_cast<size_t>(scores.rows()) != y.size())
        throw Error(std::string(what) + " got " + std::to_string(y.size()) + " labels but " + std::to_string(scores.rows()) +
                    " rows of scores");
    if (y.empty()) throw Error(std::string(what) + " needs at least one row");
    if (scores.cols() < 1) throw Error(std::string(what) + " needs a score column per class");
    for (size_t i = 0; i < y.size(); ++i)
        if (y[i] < 0 || y[i] >= scores.cols())
            throw Error(std::string(what) + ": label " + std::to_string(y[i]) + " of row " + std::to_string(i) +
                        " has no score column (there are " + std::to_string(scores.cols()) + ")");
    for (Index c = 0; c < scores.cols(); ++c)
        for (Index i = 0; i < scores.rows(); ++i)
            if (!std::isfinite(scores(i, c)))
                throw Error(std::string(what) + ": the score of row " + std::to_string(i) + ", class " + std::to_string(c) +
                            " is " + (std::isnan(scores(i, c)) ? "missing (NaN)" : "infinite"));
}

// scikit-learn's _binary_clf_curve: cumulative false/true positives at each distinct score, descending.
struct ClfCurve {
    std::vector<int64_t> fps, tps;
    std::vector<double> thresholds;
};

ClfCurve binary_clf_curve(const std::vector<char>& pos, const double* s, size_t n) {
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), size_t{0});
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return s[a] > s[b] || (s[a] == s[b] && a < b); });
    ClfCurve c;
    int64_t tp = 0, fp = 0;
    for (size_t r = 0; r < n; ++r) {
        (pos[order[r]] ? tp : fp) += 1;
        if (r + 1 == n || s[order[r + 1]] != s[order[r]]) {
            c.fps.push_back(fp);
            c.tps.push_back(tp);
            c.thresholds.push_back(s[order[r]]);
        }
    }
    return c;
}

// Mann–Whitney U / (P·N) with average ranks for ties; NaN when one side is empty.
double mann_whitney_auc(const std::vector<char>& pos, const double* s, size_t n) {
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), size_t{0});
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return s[a] < s[b] || (s[a] == s[b] && a < b); });
    double n_pos = 0;
    for (size_t i = 0; i < n; ++i) n_pos += pos[i] ? 1 : 0;
    const double n_neg = static_cast<double>(n) - n_pos;
    if (n_pos == 0 || n_neg == 0) return kNaN;
    double rank_sum = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j + 1 < n && s[order[j + 1]] == s[order[i]]) ++j;
        const double avg_rank = 0.5 * static_cast<double>(i + j) + 1.0;
        for (size_t t = i; t <= j; ++t)
            if (pos[order[t]]) rank_sum += avg_rank;
        i = j + 1;
    }
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg);
}

std::vector<char> positives_of(const Labels& y, int positive_class) {
    std::vector<char> pos(y.size());
    for (size_t i = 0; i < y.size(); ++i) pos[i] = y[i] == positive_class;
    return pos;
}

RocCurve roc_from(const std::vector<char>& pos, const double* s, size_t n) {
    RocCurve r;
    for (char p : pos) (p ? r.positives : r.negatives) += 1;
    if (r.positives == 0 || r.negatives == 0) return r;  // undefined: empty curve, auc NaN
    const ClfCurve c = binary_clf_curve(pos, s, n);
    const size_t L = c.fps.size();
    std::vector<size_t> keep;
    for (size_t m = 0; m < L; ++m) {
        // drop_intermediate: keep the ends and every point where the curve bends.
        const bool bend = m == 0 || m + 1 == L || L <= 2 ||
                          c.fps[m + 1] - 2 * c.fps[m] + c.fps[m - 1] != 0 || c.tps[m + 1] - 2 * c.tps[m] + c.tps[m - 1] != 0;
        if (bend) keep.push_back(m);
    }
    const double P = static_cast<double>(c.tps.back()), N = static_cast<double>(c.fps.back());
    r.fpr.push_back(0);
    r.tpr.push_back(0);
    r.thresholds.push_back(c.thresholds[keep[0]] + 1);
    for (size_t m : keep) {
        r.fpr.push_back(static_cast<double>(c.fps[m]) / N);
        r.tpr.push_back(static_cast<double>(c.tps[m]) / P);
        r.thresholds.push_back(c.thresholds[m]);
    }
    double area = 0;
    for (size_t i = 1; i < r.fpr.size(); ++i) area += (r.fpr[i] - r.fpr[i - 1]) * (r.tpr[i] + r.tpr[i - 1]) / 2;
    r.auc = area;
    return r;
}

PrCurve pr_from(const std::vector<char>& pos, const double* s, size_t n) {
    PrCurve r;
    for (char p : pos) r.positives += p ? 1 : 0;
    const ClfCurve c = binary_clf_curve(pos, s, n);
    const size_t L = c.fps.size();
    const double P = static_cast<double>(c.tps.back());
    for (size_t m = L; m-- > 0;) {  // reversed, so recall decreases
        const double tp = static_cast<double>(c.tps[m]);
        r.precision.push_back(tp / static_cast<double>(c.tps[m] + c.fps[m]));
        r.recall.push_back(P > 0 ? tp / P : 1.0);
        r.thresholds.push_back(c.thresholds[m]);
    }
    r.precision.push_back(1);
    r.recall.push_back(0);
    double ap = 0;
    for (size_t i = 0; i + 1 < r.recall.size(); ++i) ap -= (r.recall[i + 1] - r.recall[i]) * r.precision[i];
    r.average_precision = ap;
    return r;
}

}  // namespace

RocCurve roc_curve(const Labels& y, const Vector& scores, int positive_class) {
    check_scores(y.size(), scores.data(), static_cast<size_t>(scores.size()), "roc_curve");
    return roc_from(positives_of(y, positive_class), scores.data(), y.size());
}

PrCurve precision_recall_curve(const Labels& y, const Vector& scores, int positive_class) {
    check_scores(y.size(), scores.data(), static_cast<size_t>(scores.size()), "precision_recall_curve");
    return pr_from(positives_of(y, positive_class), scores.data(), y.size());
}

double roc_auc(const Labels& y, const Vector& scores, int positive_class) {
    check_scores(y.size(), scores.data(), static_cast<size_t>(scores.size()), "roc_auc");
    return mann_whitney_auc(positives_of(y, positive_class), scores.data(), y.size());
}

double average_precision(const Labels& y, const Vector& scores, int positive_class) {
    return precision_recall_curve(y, scores, positive_class).average_precision;
}

std::vector<RocCurve> roc_curves_ovr(const Labels& y, const Matrix& scores) {
    check_matrix(y, scores, "roc_curves_ovr");
    std::vector<RocCurve> out;
    for (Index c = 0; c < scores.cols(); ++c)
        out.push_back(roc_from(positives_of(y, static_cast<int>(c)), scores.col(c).data(), y.size()));
    return out;
}

std::vector<PrCurve> precision_recall_curves_ovr(const Labels& y, const Matrix& scores) {
    check_matrix(y, scores, "precision_recall_curves_ovr");
    std::vector<PrCurve> out;
    for (Index c = 0; c < scores.cols(); ++c)
        out.push_back(pr_from(positives_of(y, static_cast<int>(c)), scores.col(c).data(), y.size()));
    return out;
}

double roc_auc_ovr_macro(const Labels& y, const Matrix& scores) {
    check_matrix(y, scores, "roc_auc_ovr_macro");
    double sum = 0;
    int used = 0;
    for (Index c = 0; c < scores.cols(); ++c) {
        const double a = mann_whitney_auc(positives_of(y, static_cast<int>(c)), scores.col(c).data(), y.size());
        if (std::isnan(a)) continue;
        sum += a;
        ++used;
    }
    return used ? sum / used : kNaN;
}

double roc_auc_ovr_micro(const Labels& y, const Matrix& scores) {
    check_matrix(y, scores, "roc_auc_ovr_micro");
    const size_t n = y.size(), K = static_cast<size_t>(scores.cols());
    std::vector<char> pos(n * K);
    std::vector<double> s(n * K);
    for (size_t i = 0; i < n; ++i)
        for (size_t c = 0; c < K; ++c) {
            pos[i * K + c] = y[i] == static_cast<int>(c);
            s[i * K + c] = scores(static_cast<Index>(i), static_cast<Index>(c));
        }
    return mann_whitney_auc(pos, s.data(), n * K);
}

double average_precision_macro(const Labels& y, const Matrix& scores) {
    check_matrix(y, scores, "average_precision_macro");
    double sum = 0;
    int used = 0;
    for (Index c = 0; c < scores.cols(); ++c) {
        const auto pos = positives_of(y, static_cast<int>(c));
        if (std::find(pos.begin(), pos.end(), 1) == pos.end()) continue;  // no positives: skipped
        sum += pr_from(pos, scores.col(c).data(), y.size()).average_precision;
        ++used;
    }
    return used ? sum / used : kNaN;
}

double log_loss(const Labels& y, const Matrix& proba, double eps) {
    check_matrix(y, proba, "log_loss");
    if (!(eps > 0 && eps < 0.5)) throw Error("log_loss: eps must be in (0, 0.5) (got " + std::to_string(eps) + ")");
    double total = 0;
    for (Index i = 0; i < proba.rows(); ++i) {
        double row_sum = 0, p_true = 0;
        for (Index c = 0; c < proba.cols(); ++c) {
            if (proba(i, c) < 0)
                throw Error("log_loss: the probability of row " + std::to_string(i) + ", class " + std::to_string(c) +
                            " is negative");
            const double p = std::min(1 - eps, std::max(eps, proba(i, c)));
            row_sum += p;
            if (c == y[static_cast<size_t>(i)]) p_true = p;
        }
        total -= std::log(p_true / row_sum);
    }
    return total / static_cast<double>(proba.rows());
}

}  // namespace genrelab::metrics
