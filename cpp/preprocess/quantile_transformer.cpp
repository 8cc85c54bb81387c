#include "preprocess/quantile_transformer.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/rng.hpp"

namespace genrelab::preprocess {

namespace {

constexpr double kBoundsThreshold = 1e-7;            // sklearn.preprocessing._data.BOUNDS_THRESHOLD
constexpr double kSpacing1 = 2.220446049250313e-16;   // np.spacing(1)

double poly(const double* c, int n, double x) {
    double s = c[n - 1];
    for (int i = n - 2; i >= 0; --i) s = s * x + c[i];
    return s;
}

// np.interp(x, xp, fp) for increasing xp (duplicates allowed), numpy 1.24's arr_interp: the interval
// is the last j with xp[j] ≤ x, an exact hit returns fp[j], and a NaN slope falls back to the other end.
double np_interp(double x, const double* xp, const double* fp, size_t n) {
    if (n == 1) return fp[0];   // numpy: left = right = fp[0]
    if (x < xp[0]) return fp[0];
    if (x > xp[n - 1]) return fp[n - 1];
    const size_t j = static_cast<size_t>(std::upper_bound(xp, xp + n, x) - xp) - 1;
    if (j == n - 1) return fp[j];
    if (xp[j] == x) return fp[j];
    const double slope = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j]);
    double r = slope * (x - xp[j]) + fp[j];
    if (std::isnan(r)) {
        r = slope * (x - xp[j + 1]) + fp[j + 1];
        if (std::isnan(r) && fp[j] == fp[j + 1]) r = fp[j];
    }
    return r;
}

// np.nanpercentile(values, references * 100) with method 'linear' on already-sorted finite values.
void percentiles(const std::vector<double>& sorted, const Vector& references, double* out) {
    const size_t m = sorted.size();
    for (Index k = 0; k < references.size(); ++k) {
        const double q = references[k] * 100.0 / 100.0;   // numpy receives q·100 and divides by 100
        const double virtual_index = static_cast<double>(m - 1) * q;
        if (virtual_index >= static_cast<double>(m - 1)) {
            out[k] = sorted[m - 1];
            continue;
        }
        if (virtual_index < 0) {
            out[k] = sorted[0];
            continue;
        }
        const double previous = std::floor(virtual_index);
        const double gamma = virtual_index - previous;
        const double a = sorted[static_cast<size_t>(previous)];
        const double b = sorted[static_cast<size_t>(previous) + 1];
        const double diff = b - a;
        out[k] = gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;   // numpy's _lerp
    }
}

void check_finite_or_nan(const Matrix& X, const char* what) {
    for (Index j = 0; j < X.cols(); ++j)
        for (Index i = 0; i < X.rows(); ++i)
            if (std::isinf(X(i, j)))
                throw Error(std::string(what) + ": X has an infinite value in row " + std::to_string(i) + ", column " +
                            std::to_string(j + 1) + " (missing values must be NaN)");
}

}  // namespace

double normal_ppf(double p) {
    // Wichura (1988), Algorithm AS 241 PPND16: ~16 significant digits over (0, 1).
    static const double a[8] = {3.3871328727963666080e0, 1.3314166789178437745e+2, 1.9715909503065514427e+3,
                                1.3731693765509461125e+4, 4.5921953931549871457e+4, 6.7265770927008700853e+4,
                                3.3430575583588128105e+4, 2.5090809287301226727e+3};
    static const double b[8] = {1.0, 4.2313330701600911252e+1, 6.8718700749205790830e+2, 5.3941960214247511077e+3,
                                2.1213794301586595867e+4, 3.9307895800092710610e+4, 2.8729085735721942674e+4,
                                5.2264952788528545610e+3};
    static const double c[8] = {1.42343711074968357734e0, 4.63033784615654529590e0, 5.76949722146069140550e0,
                                3.64784832476320460504e0, 1.27045825245236838258e0, 2.41780725177450611770e-1,
                                2.27238449892691845833e-2, 7.74545014278341407640e-4};
    static const double d[8] = {1.0, 2.05319162663775882187e0, 1.67638483018380384940e0, 6.89767334985100004550e-1,
                                1.48103976427480074590e-1, 1.51986665636164571966e-2, 5.47593808499534494600e-4,
                                1.05075007164441684324e-9};
    static const double e[8] = {6.65790464350110377720e0, 5.46378491116411436990e0, 1.78482653991729133580e0,
                                2.96560571828504891230e-1, 2.65321895265761230930e-2, 1.24266094738807843860e-3,
                                2.71155556874348757815e-5, 2.01033439929228813265e-7};
    static const double f[8] = {1.0, 5.99832206555887937690e-1, 1.36929880922735805310e-1, 1.48753612908506148525e-2,
                                7.86869131145613259100e-4, 1.84631831751005468180e-5, 1.42151175831644588870e-7,
                                2.04426310338993978564e-15};
    if (std::isnan(p) || p < 0 || p > 1) return std::numeric_limits<double>::quiet_NaN();
    if (p == 0) return -std::numeric_limits<double>::infinity();
    if (p == 1) return std::numeric_limits<double>::infinity();
    const double q = p - 0.5;
    if (std::fabs(q) <= 0.425) {
        const double r = 0.180625 - q * q;
        return q * poly(a, 8, r) / poly(b, 8, r);
    }
    double r = q < 0 ? p : 1.0 - p;
    r = std::sqrt(-std::log(r));
    double val;
    if (r <= 5.0) {
        r -= 1.6;
        val = poly(c, 8, r) / poly(d, 8, r);
    } else {
        r -= 5.0;
        val = poly(e, 8, r) / poly(f, 8, r);
    }
    return q < 0 ? -val : val;
}

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

QuantileModel fit(const QuantileParams& params, const Matrix& X, Progress& progress) {
    if (params.n_quantiles < 1) throw Error("quantile transformer: n_quantiles must be ≥ 1 (got " + std::to_string(params.n_quantiles) + ")");
    if (params.subsample < 1) throw Error("quantile transformer: subsample must be ≥ 1");
    if (params.n_quantiles > params.subsample)
        throw Error("quantile transformer: n_quantiles (" + std::to_string(params.n_quantiles) +
                    ") cannot be larger than subsample (" + std::to_string(params.subsample) + ")");
    if (X.rows() == 0 || X.cols() == 0) throw Error("quantile transformer: X is empty (" + std::to_string(X.rows()) + "×" + std::to_string(X.cols()) + ")");
    check_finite_or_nan(X, "quantile transformer");

    const Index n = X.rows();
    const Index nq = std::max<Index>(1, std::min<Index>(params.n_quantiles, n));
    QuantileModel m;
    m.output_distribution = params.output_distribution;
    // np.linspace(0, 1, nq): i·step, the last set to exactly 1.
    m.references.resize(nq);
    if (nq == 1) {
        m.references[0] = 0.0;
    } else {
        const double step = 1.0 / static_cast<double>(nq - 1);
        for (Index i = 0; i < nq; ++i) m.references[i] = static_cast<double>(i) * step;
        m.references[nq - 1] = 1.0;
    }
    m.quantiles.resize(nq, X.cols());

    Rng rng(params.seed);
    const bool sub = params.subsample < n;
    std::vector<Index> idx;
    if (sub) {
        idx.resize(static_cast<size_t>(n));
        std::iota(idx.begin(), idx.end(), Index{0});
    }
    std::vector<double> values;
    values.reserve(static_cast<size_t>(sub ? params.subsample : n));
    for (Index j = 0; j < X.cols(); ++j) {
        values.clear();
        if (sub) {
            // A fresh sample without replacement per column (as sklearn draws one per column): a partial
            // Fisher–Yates over the row indices.
            for (long long k = 0; k < params.subsample; ++k) {
                const size_t pick = static_cast<size_t>(k) + static_cast<size_t>(rng.below(static_cast<uint64_t>(n - k)));
                std::swap(idx[static_cast<size_t>(k)], idx[pick]);
                const double v = X(idx[static_cast<size_t>(k)], j);
                if (!std::isnan(v)) values.push_back(v);
            }
        } else {
            for (Index i = 0; i < n; ++i)
                if (!std::isnan(X(i, j))) values.push_back(X(i, j));
        }
        if (values.empty())
            throw Error("quantile transformer: column " + std::to_string(j + 1) + " has no values (every row is missing)");
        std::sort(values.begin(), values.end());
        percentiles(values, m.references, m.quantiles.col(j).data());
        for (Index k = 1; k < nq; ++k) m.quantiles(k, j) = std::max(m.quantiles(k, j), m.quantiles(k - 1, j));
        progress.report(static_cast<double>(j + 1) / static_cast<double>(X.cols()), "quantile transformer");
    }
    return m;
}

Matrix transform(const QuantileModel& model, const Matrix& X) {
    const Index nq = model.quantiles.rows();
    if (X.cols() != model.quantiles.cols())
        throw Error("quantile transformer: X has " + std::to_string(X.cols()) + " columns but the model was fitted on " +
                    std::to_string(model.quantiles.cols()));
    if (nq == 0 || model.references.size() != nq) throw Error("quantile transformer: the model was not fitted or loaded");
    check_finite_or_nan(X, "quantile transformer");
    const bool normal = model.output_distribution == QuantileOutput::Normal;
    const double clip_min = normal_ppf(kBoundsThreshold - kSpacing1);
    const double clip_max = normal_ppf(1 - (kBoundsThreshold - kSpacing1));
    const size_t n_q = static_cast<size_t>(nq);
    const double* ref = model.references.data();
    std::vector<double> neg_q(n_q), neg_ref(n_q);
    for (size_t k = 0; k < n_q; ++k) neg_ref[k] = -ref[n_q - 1 - k];

    Matrix out(X.rows(), X.cols());
    for (Index j = 0; j < X.cols(); ++j) {
        const double* q = model.quantiles.col(j).data();
        for (size_t k = 0; k < n_q; ++k) neg_q[k] = -q[n_q - 1 - k];
        const double lo = q[0], hi = q[n_q - 1];
        for (Index i = 0; i < X.rows(); ++i) {
            const double x = X(i, j);
            if (std::isnan(x)) {
                out(i, j) = x;
                continue;
            }
            const bool at_lower = normal ? x - kBoundsThreshold < lo : x == lo;
            const bool at_upper = normal ? x + kBoundsThreshold > hi : x == hi;
            double y = 0.5 * (np_interp(x, q, ref, n_q) - np_interp(-x, neg_q.data(), neg_ref.data(), n_q));
            if (at_upper) y = 1.0;
            if (at_lower) y = 0.0;   // sklearn assigns the lower bound last, so it wins when both hold
            if (normal) y = std::clamp(normal_ppf(y), clip_min, clip_max);
            out(i, j) = y;
        }
    }
    return out;
}

Matrix inverse_transform(const QuantileModel& model, const Matrix& X) {
    const Index nq = model.quantiles.rows();
    if (X.cols() != model.quantiles.cols())
        throw Error("quantile transformer: X has " + std::to_string(X.cols()) + " columns but the model was fitted on " +
                    std::to_string(model.quantiles.cols()));
    if (nq == 0 || model.references.size() != nq) throw Error("quantile transformer: the model was not fitted or loaded");
    check_finite_or_nan(X, "quantile transformer");
    const bool normal = model.output_distribution == QuantileOutput::Normal;
    const size_t n_q = static_cast<size_t>(nq);
    Matrix out(X.rows(), X.cols());
    for (Index j = 0; j < X.cols(); ++j) {
        const double* q = model.quantiles.col(j).data();
        for (Index i = 0; i < X.rows(); ++i) {
            double x = X(i, j);
            if (std::isnan(x)) {
                out(i, j) = x;
                continue;
            }
            if (normal) x = normal_cdf(x);
            const bool at_lower = normal ? x - kBoundsThreshold < 0.0 : x == 0.0;
            const bool at_upper = normal ? x + kBoundsThreshold > 1.0 : x == 1.0;
            double y = np_interp(x, model.references.data(), q, n_q);
            if (at_upper) y = q[n_q - 1];
            if (at_lower) y = q[0];
            out(i, j) = y;
        }
    }
    return out;
}

void validate(const QuantileModel& m) {
    const Index nq = m.quantiles.rows();
    if (nq < 1 || m.quantiles.cols() < 1) throw Error("model file: the quantile transformer has no quantiles");
    if (m.references.size() != nq)
        throw Error("model file: the quantile transformer has " + std::to_string(m.references.size()) +
                    " reference probabilities but " + std::to_string(nq) + " quantile rows");
    for (Index k = 0; k < nq; ++k) {
        const double r = m.references[k];
        if (!(r >= 0.0 && r <= 1.0) || (k > 0 && !(r > m.references[k - 1])))
            throw Error("model file: the quantile transformer's reference probabilities must increase within [0, 1]");
    }
    for (Index j = 0; j < m.quantiles.cols(); ++j)
        for (Index k = 0; k < nq; ++k) {
            if (!std::isfinite(m.quantiles(k, j)))
                throw Error("model file: quantile " + std::to_string(k) + " of column " + std::to_string(j + 1) + " is not a finite number");
            if (k > 0 && m.quantiles(k, j) < m.quantiles(k - 1, j))
                throw Error("model file: the quantiles of column " + std::to_string(j + 1) + " decrease at row " + std::to_string(k));
        }
}

void to_json(nlohmann::json& j, const QuantileModel& m) {
    j = {{"output_distribution", m.output_distribution}, {"references", m.references}, {"quantiles", m.quantiles}};
}

void from_json(const nlohmann::json& j, QuantileModel& m) {
    m = QuantileModel{};
    try {
        if (!j.is_object()) throw Error("model file: a quantile transformer must be a JSON object");
        m.output_distribution = j.value("output_distribution", QuantileOutput::Uniform);
        m.references = j.at("references").get<Vector>();
        m.quantiles = j.at("quantiles").get<Matrix>();
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("model file: a quantile transformer is malformed: ") + e.what());
    }
    validate(m);
}

}  // namespace genrelab::preprocess
