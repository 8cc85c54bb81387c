#include "cluster/gmm.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "cluster/kernels.hpp"
#include "core/portable_math.hpp"
#include "core/error.hpp"

namespace genrelab::cluster {

namespace {

const char* const kWho = "Gaussian mixture";
using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
constexpr double kLog2Pi = 1.8378770664093453;   // log(2π)
constexpr double kEps = std::numeric_limits<double>::epsilon();

const char* type_name(CovarianceType t) {
    switch (t) {
        case CovarianceType::Full: return "full";
        case CovarianceType::Tied: return "tied";
        case CovarianceType::Diag: return "diag";
        case CovarianceType::Spherical: return "spherical";
    }
    return "?";
}

Index cov_rows(CovarianceType t, Index k, Index d) {
    switch (t) {
        case CovarianceType::Full: return k * d;
        case CovarianceType::Tied: return d;
        case CovarianceType::Diag: return k;
        case CovarianceType::Spherical: return k;
    }
    return 0;
}
Index cov_cols(CovarianceType t, Index d) {
    return t == CovarianceType::Spherical ? 1 : d;
}
std::string shape_text(Index r, Index c) { return std::to_string(r) + "×" + std::to_string(c); }

struct Params {
    Vector weights;
    Matrix means;
    Matrix covariances;
    Matrix prec_chol;
};

// The d×d block of component c of a covariance-shaped matrix (full: stacked; tied: the one matrix).
Matrix block_of(const Matrix& M, CovarianceType t, Index c, Index d) {
    return t == CovarianceType::Full ? Matrix(M.middleRows(c * d, d)) : M;
}

std::string ill_defined(CovarianceType t, Index c) {
    const std::string what = t == CovarianceType::Tied ? std::string("the shared covariance")
                                                       : "component " + std::to_string(c + 1) + "'s covariance";
    return std::string(kWho) + ": " + what +
           " is not positive definite (a component on a single point or on collapsed samples); "
           "use fewer components or a larger reg_covar";
}

// sklearn's _compute_precision_cholesky: (L⁻¹)ᵀ of the Cholesky factor L of each covariance (full/tied),
// 1/√variance (diag/spherical).
Matrix precision_cholesky(const Matrix& cov, CovarianceType t, Index k, Index d) {
    Matrix pc(cov.rows(), cov.cols());
    if (t == CovarianceType::Full || t == CovarianceType::Tied) {
        const Index blocks = t == CovarianceType::Full ? k : 1;
        Matrix L;
        for (Index c = 0; c < blocks; ++c) {
            if (!detail::cholesky_lower(block_of(cov, t, c, d), L)) throw Error(ill_defined(t, c));
            pc.middleRows(c * d, d) = detail::invert_lower(L).transpose();
        }
    } else {
        for (Index r = 0; r < cov.rows(); ++r)
            for (Index j = 0; j < cov.cols(); ++j) {
                if (!(cov(r, j) > 0.0)) throw Error(ill_defined(t, r));
                pc(r, j) = 1.0 / std::sqrt(cov(r, j));
            }
    }
    return pc;
}

// log|P| per component from the diagonal of its precision Cholesky factor.
Vector log_det_cholesky(const Matrix& pc, CovarianceType t, Index k, Index d) {
    Vector out(k);
    for (Index c = 0; c < k; ++c) {
        double s = 0;
        switch (t) {
            case CovarianceType::Full:
                for (Index j = 0; j < d; ++j) s += portable::log(pc(c * d + j, j));
                break;
            case CovarianceType::Tied:
                for (Index j = 0; j < d; ++j) s += portable::log(pc(j, j));
                break;
            case CovarianceType::Diag:
                for (Index j = 0; j < d; ++j) s += portable::log(pc(c, j));
                break;
            case CovarianceType::Spherical:
                s = static_cast<double>(d) * portable::log(pc(c, 0));
                break;
        }
        out[c] = s;
    }
    return out;
}

// Everything the E-step needs, prepared once per parameter set.
struct Prepared {
    CovarianceType type;
    Index k = 0, d = 0;
    std::vector<double> W;   // full: k d×d row-major blocks; tied: one
    Matrix mp;               // full/tied: k×d, μ_c·P_c
    Matrix prec;             // diag: k×d precisions; spherical: k×1
    Matrix means;
    Vector log_det, log_w;
};

Prepared prepare(const Vector& weights, const Matrix& means, const Matrix& pc, CovarianceType t) {
    Prepared p;
    p.type = t;
    p.k = means.rows();
    p.d = means.cols();
    const Index k = p.k, d = p.d;
    p.means = means;
    p.log_det = log_det_cholesky(pc, t, k, d);
    p.log_w.resize(k);
    for (Index c = 0; c < k; ++c) p.log_w[c] = portable::log(weights[c]);
    if (t == CovarianceType::Full || t == CovarianceType::Tied) {
        const Index blocks = t == CovarianceType::Full ? k : 1;
        p.W.resize(static_cast<size_t>(blocks * d * d));
        for (Index b = 0; b < blocks; ++b)
            for (Index j = 0; j < d; ++j)
                for (Index m = 0; m < d; ++m) p.W[static_cast<size_t>(b * d * d + j * d + m)] = pc(b * d + j, m);
        p.mp.resize(k, d);
        for (Index c = 0; c < k; ++c) {
            const double* Wc = p.W.data() + (t == CovarianceType::Full ? c * d * d : 0);
            for (Index m = 0; m < d; ++m) {
                double s = 0;
                for (Index j = 0; j < d; ++j) s += means(c, j) * Wc[j * d + m];
                p.mp(c, m) = s;
            }
        }
    } else {
        p.prec = pc.cwiseProduct(pc);
    }
    return p;
}

// out (nb×k row-major) = log w_c + log N(x_i | μ_c, Σ_c) for rows r0 … r0+nb−1 of X (column-major).
void weighted_log_prob_block(const Prepared& p, const Matrix& X, Index r0, Index nb, std::vector<double>& tmp,
                             std::vector<double>& maha, double* out) {
    const Index n = X.rows(), d = p.d, k = p.k;
    tmp.resize(static_cast<size_t>(nb * d));
    maha.resize(static_cast<size_t>(nb));
    const double dlog2pi = static_cast<double>(d) * kLog2Pi;
    for (Index c = 0; c < k; ++c) {
        std::fill(maha.begin(), maha.end(), 0.0);
        if (p.type == CovarianceType::Full || p.type == CovarianceType::Tied) {
            const double* Wc = p.W.data() + (p.type == CovarianceType::Full ? c * d * d : 0);
            detail::dot_block(X.data(), n, d, r0, nb, Wc, d, tmp.data());
            for (Index m = 0; m < d; ++m) {
                const double* ym = tmp.data() + m * nb;
                const double mpm = p.mp(c, m);
                for (Index i = 0; i < nb; ++i) {
                    const double y = ym[i] - mpm;
                    maha[static_cast<size_t>(i)] += y * y;
                }
            }
        } else if (p.type == CovarianceType::Diag) {
            for (Index j = 0; j < d; ++j) {
                const double* col = X.data() + j * n + r0;
                const double mu = p.means(c, j), pr = p.prec(c, j);
                for (Index i = 0; i < nb; ++i) {
                    const double diff = col[i] - mu;
                    maha[static_cast<size_t>(i)] += diff * diff * pr;
                }
            }
        } else {
            for (Index j = 0; j < d; ++j) {
                const double* col = X.data() + j * n + r0;
                const double mu = p.means(c, j);
                for (Index i = 0; i < nb; ++i) {
                    const double diff = col[i] - mu;
                    maha[static_cast<size_t>(i)] += diff * diff;
                }
            }
            const double pr = p.prec(c, 0);
            for (Index i = 0; i < nb; ++i) maha[static_cast<size_t>(i)] *= pr;
        }
        const double ld = p.log_det[c], lw = p.log_w[c];
        for (Index i = 0; i < nb; ++i) out[i * k + c] = -0.5 * (dlog2pi + maha[static_cast<size_t>(i)]) + ld + lw;
    }
}

// log Σ_c exp(a_c) like scipy.special.logsumexp; `e` receives exp(a_c − max).
double logsumexp_row(const double* a, Index k, double* e, double& sum_e) {
    double mx = a[0];
    for (Index c = 1; c < k; ++c) mx = std::max(mx, a[c]);
    if (!std::isfinite(mx)) mx = 0.0;
    double s = 0;
    for (Index c = 0; c < k; ++c) s += (e[c] = portable::exp(a[c] - mx));
    sum_e = s;
    return portable::log(s) + mx;
}

// Runs f(row0, nb, weighted-log-prob block) over X in blocks.
template <class F>
void for_each_block(const Prepared& p, const Matrix& X, F&& f) {
    constexpr Index kBlock = 256;
    std::vector<double> tmp, maha, wlp(static_cast<size_t>(kBlock * p.k));
    for (Index r0 = 0; r0 < X.rows(); r0 += kBlock) {
        const Index nb = std::min(kBlock, X.rows() - r0);
        weighted_log_prob_block(p, X, r0, nb, tmp, maha, wlp.data());
        f(r0, nb, wlp.data());
    }
}

// E-step: responsibilities (row-major n×k) and the mean log-likelihood.
double e_step(const Prepared& p, const Matrix& X, RowMatrix& resp) {
    const Index k = p.k;
    resp.resize(X.rows(), k);
    std::vector<double> lpn(static_cast<size_t>(X.rows()));
    for_each_block(p, X, [&](Index r0, Index nb, const double* wlp) {
        for (Index i = 0; i < nb; ++i) {
            double* r = resp.data() + (r0 + i) * k;
            double s;
            lpn[static_cast<size_t>(r0 + i)] = logsumexp_row(wlp + i * k, k, r, s);
            const double inv = 1.0 / s;
            for (Index c = 0; c < k; ++c) r[c] *= inv;
        }
    });
    return detail::ordered_sum(lpn) / static_cast<double>(X.rows());
}

// sklearn's _estimate_gaussian_parameters: nk (with 10·eps), means and covariances from responsibilities.
// Xr: X row-major; X2r: X² row-major (diag/spherical); XtX: XᵀX (tied).
Params m_step(const RowMatrix& resp, const RowMatrix& Xr, const RowMatrix& X2r, const Matrix& XtX, double reg,
              CovarianceType t) {
    const Index n = Xr.rows(), d = Xr.cols(), k = resp.cols();
    Params out;
    Vector nk = Vector::Zero(k);
    for (Index i = 0; i < n; ++i)
        for (Index c = 0; c < k; ++c) nk[c] += resp(i, c);
    for (Index c = 0; c < k; ++c) nk[c] += 10 * kEps;
    // S1 = respᵀ·X (k×d), fixed-order sums over the rows.
    Matrix S1(k, d);
    detail::dot_block(resp.data(), k, n, 0, k, Xr.data(), d, S1.data());
    out.means.resize(k, d);
    for (Index c = 0; c < k; ++c)
        for (Index j = 0; j < d; ++j) out.means(c, j) = S1(c, j) / nk[c];

    switch (t) {
        case CovarianceType::Full: {
            out.covariances.resize(k * d, d);
            RowMatrix D(n, d), A(n, d);
            Matrix C(d, d);
            for (Index c = 0; c < k; ++c) {
                for (Index i = 0; i < n; ++i) {
                    const double r = resp(i, c);
                    for (Index j = 0; j < d; ++j) {
                        const double v = Xr(i, j) - out.means(c, j);
                        D(i, j) = v;
                        A(i, j) = r * v;
                    }
                }
                detail::dot_block(A.data(), d, n, 0, d, D.data(), d, C.data());   // Σ_i r_i·d_i·d_iᵀ
                for (Index a = 0; a < d; ++a)
                    for (Index b = 0; b <= a; ++b) {
                        double v = C(a, b) / nk[c];
                        if (a == b) v += reg;
                        out.covariances(c * d + a, b) = v;
                        out.covariances(c * d + b, a) = v;
                    }
            }
            break;
        }
        case CovarianceType::Tied: {
            double total = 0;
            for (Index c = 0; c < k; ++c) total += nk[c];
            out.covariances.resize(d, d);
            for (Index a = 0; a < d; ++a)
                for (Index b = 0; b <= a; ++b) {
                    double m2 = 0;
                    for (Index c = 0; c < k; ++c) m2 += nk[c] * out.means(c, a) * out.means(c, b);
                    double v = (XtX(a, b) - m2) / total;
                    if (a == b) v += reg;
                    out.covariances(a, b) = v;
                    out.covariances(b, a) = v;
                }
            break;
        }
        case CovarianceType::Diag:
        case CovarianceType::Spherical: {
            Matrix S2(k, d);
            detail::dot_block(resp.data(), k, n, 0, k, X2r.data(), d, S2.data());
            Matrix diag(k, d);
            for (Index c = 0; c < k; ++c)
                for (Index j = 0; j < d; ++j) {
                    const double avg_X2 = S2(c, j) / nk[c];
                    const double mu = out.means(c, j);
                    const double avg_X_means = mu * S1(c, j) / nk[c];
                    diag(c, j) = avg_X2 - 2 * avg_X_means + mu * mu + reg;
                }
            if (t == CovarianceType::Diag) {
                out.covariances = diag;
            } else {
                out.covariances.resize(k, 1);
                for (Index c = 0; c < k; ++c) {
                    double s = 0;
                    for (Index j = 0; j < d; ++j) s += diag(c, j);
                    out.covariances(c, 0) = s / static_cast<double>(d);
                }
            }
            break;
        }
    }
    out.weights = nk;
    out.prec_chol = precision_cholesky(out.covariances, t, k, d);
    return out;
}

// A covariance-shaped precision matrix → its precision Cholesky factor (sklearn: cholesky(prec, lower=True)
// for full/tied, √prec for diag/spherical) and the matching covariances.
void from_precisions(const Matrix& prec, CovarianceType t, Index k, Index d, Matrix& pc, Matrix& cov) {
    pc.resize(prec.rows(), prec.cols());
    cov.resize(prec.rows(), prec.cols());
    if (t == CovarianceType::Full || t == CovarianceType::Tied) {
        const Index blocks = t == CovarianceType::Full ? k : 1;
        Matrix L;
        for (Index c = 0; c < blocks; ++c) {
            if (!detail::cholesky_lower(block_of(prec, t, c, d), L))
                throw Error(std::string(kWho) + ": precisions_init for " +
                            (t == CovarianceType::Tied ? std::string("the shared matrix") : "component " + std::to_string(c + 1)) +
                            " is not positive definite");
            pc.middleRows(c * d, d) = L;
            const Matrix Li = detail::invert_lower(L);
            for (Index a = 0; a < d; ++a)
                for (Index b = 0; b < d; ++b) {
                    double s = 0;
                    for (Index m = std::max(a, b); m < d; ++m) s += Li(m, a) * Li(m, b);   // (L⁻ᵀL⁻¹)(a, b)
                    cov(c * d + a, b) = s;
                }
        }
    } else {
        for (Index r = 0; r < prec.rows(); ++r)
            for (Index j = 0; j < prec.cols(); ++j) {
                pc(r, j) = std::sqrt(prec(r, j));
                cov(r, j) = 1.0 / prec(r, j);
            }
    }
}

Prepared prepare_model(const GmmModel& m, const Matrix& X) {
    validate(m);
    detail::check_columns(X, m.means.cols(), kWho);
    detail::check_finite(X, kWho);
    return prepare(m.weights, m.means, m.precisions_cholesky, m.covariance_type);
}

}  // namespace

// ---------------------------------------------------------------------------------------------- JSON

void to_json(nlohmann::json& j, const GmmModel& m) {
    j = nlohmann::json{{"covariance_type", m.covariance_type},
                       {"weights", m.weights},
                       {"means", m.means},
                       {"covariances", m.covariances},
                       {"precisions_cholesky", m.precisions_cholesky},
                       {"converged", m.converged},
                       {"n_iter", m.n_iter},
                       {"lower_bound", m.lower_bound}};
}

void from_json(const nlohmann::json& j, GmmModel& m) {
    if (!j.is_object()) throw Error("model file: a Gaussian mixture must be an object");
    for (const char* key : {"covariance_type", "weights", "means", "covariances", "precisions_cholesky"})
        if (!j.contains(key)) throw Error(std::string("model file: a Gaussian mixture needs '") + key + "'");
    const auto& t = j.at("covariance_type");
    if (!t.is_string() || (t != "full" && t != "tied" && t != "diag" && t != "spherical"))
        throw Error("model file: covariance_type must be one of full, tied, diag, spherical");
    m.covariance_type = t.get<CovarianceType>();
    m.weights = j.at("weights").get<Vector>();
    m.means = j.at("means").get<Matrix>();
    m.covariances = j.at("covariances").get<Matrix>();
    m.precisions_cholesky = j.at("precisions_cholesky").get<Matrix>();
    m.converged = j.contains("converged") && j.at("converged").is_boolean() ? j.at("converged").get<bool>() : false;
    m.n_iter = j.contains("n_iter") && j.at("n_iter").is_number_integer() ? j.at("n_iter").get<int>() : 0;
    m.lower_bound = j.contains("lower_bound") && j.at("lower_bound").is_number() ? j.at("lower_bound").get<double>() : 0.0;
    validate(m);
}

void validate(const GmmModel& m) {
    const std::string who = "Gaussian mixture model";
    const Index k = m.weights.size(), d = m.means.cols();
    if (k < 1) throw Error(who + ": it needs at least one component");
    if (m.means.rows() != k || d < 1)
        throw Error(who + ": means is " + shape_text(m.means.rows(), d) + " but there are " + std::to_string(k) + " weights");
    if (!m.weights.allFinite() || m.weights.minCoeff() < 0) throw Error(who + ": weights must be finite and ≥ 0");
    double total = 0;
    for (Index c = 0; c < k; ++c) total += m.weights[c];
    if (std::abs(total - 1.0) > 1e-6) throw Error(who + ": weights must sum to 1 (they sum to " + std::to_string(total) + ")");
    if (!m.means.allFinite()) throw Error(who + ": a mean has a missing or infinite coordinate");
    const Index r = cov_rows(m.covariance_type, k, d), c = cov_cols(m.covariance_type, d);
    for (const auto* M : {&m.covariances, &m.precisions_cholesky}) {
        const char* name = M == &m.covariances ? "covariances" : "precisions_cholesky";
        if (M->rows() != r || M->cols() != c)
            throw Error(who + ": " + name + " is " + shape_text(M->rows(), M->cols()) + " but a " +
                        type_name(m.covariance_type) + " mixture of " + std::to_string(k) + " components in " +
                        std::to_string(d) + " dimensions needs " + shape_text(r, c));
        if (!M->allFinite()) throw Error(who + ": " + name + " has a missing or infinite entry");
    }
    const Matrix& pc = m.precisions_cholesky;
    if (m.covariance_type == CovarianceType::Full || m.covariance_type == CovarianceType::Tied) {
        const Index blocks = m.covariance_type == CovarianceType::Full ? k : 1;
        for (Index b = 0; b < blocks; ++b) {
            const Matrix P = pc.middleRows(b * d, d);
            bool lower = true, upper = true;
            for (Index i = 0; i < d; ++i)
                for (Index j = 0; j < d; ++j) {
                    if (j > i && P(i, j) != 0) lower = false;
                    if (j < i && P(i, j) != 0) upper = false;
                }
            if (!lower && !upper) throw Error(who + ": precisions_cholesky of component " + std::to_string(b + 1) + " is not triangular");
            if (P.diagonal().minCoeff() <= 0)
                throw Error(who + ": precisions_cholesky of component " + std::to_string(b + 1) + " needs a positive diagonal");
        }
    } else if (pc.minCoeff() <= 0) {
        throw Error(who + ": precisions_cholesky must be positive");
    }
    if (m.n_iter < 0) throw Error(who + ": n_iter must be ≥ 0");
}

// ---------------------------------------------------------------------------------------------- fitter

struct GmmFitter::State {
    RowMatrix Xr, X2r;   // X (and X², diag/spherical) row-major
    Matrix XtX;          // tied
    RowMatrix resp;
    Params cur;
    double lower_bound = -std::numeric_limits<double>::infinity();
    int iter = 0;
    bool converged = false;
};

GmmFitter::GmmFitter(const GmmParams& params, const Matrix& X)
    : params_(params), X_(X), master_(params.seed), s_(std::make_unique<State>()) {
    const int k = params_.n_components;
    const CovarianceType t = params_.covariance_type;
    if (k < 1) throw Error("Gaussian mixture needs n_components ≥ 1 (n_components = " + std::to_string(k) + ")");
    detail::check_not_empty(X_, kWho);
    const Index n = X_.rows(), d = X_.cols();
    if (n < 2) throw Error("Gaussian mixture needs at least 2 rows (X has " + with_thousands(n) + ")");
    if (k > n)
        throw Error("Gaussian mixture needs n_components ≤ the number of rows (n_components = " + std::to_string(k) +
                    ", rows = " + with_thousands(n) + ")");
    if (params_.n_init < 1) throw Error("Gaussian mixture needs n_init ≥ 1 (n_init = " + std::to_string(params_.n_init) + ")");
    if (params_.max_iter < 0) throw Error("Gaussian mixture needs max_iter ≥ 0 (max_iter = " + std::to_string(params_.max_iter) + ")");
    if (!(params_.tol >= 0) || !std::isfinite(params_.tol)) throw Error("Gaussian mixture needs a finite tol ≥ 0");
    if (!(params_.reg_covar >= 0) || !std::isfinite(params_.reg_covar)) throw Error("Gaussian mixture needs a finite reg_covar ≥ 0");
    detail::check_finite(X_, kWho);

    if (params_.init == GmmInit::Responsibilities) {
        const Matrix& R = params_.initial_responsibilities;
        if (R.rows() != n || R.cols() != k)
            throw Error("Gaussian mixture: the initial responsibilities are " + shape_text(R.rows(), R.cols()) + " but X has " +
                        with_thousands(n) + " rows and n_components = " + std::to_string(k));
        if (!R.allFinite() || R.minCoeff() < 0) throw Error("Gaussian mixture: the initial responsibilities must be finite and ≥ 0");
    }
    const Vector& w = params_.weights_init;
    if (w.size() > 0) {
        if (w.size() != k)
            throw Error("Gaussian mixture: weights_init has " + std::to_string(w.size()) + " values but n_components = " + std::to_string(k));
        if (!w.allFinite() || w.minCoeff() < 0 || w.maxCoeff() > 1)
            throw Error("Gaussian mixture: weights_init must be in [0, 1]");
        double total = 0;
        for (Index c = 0; c < k; ++c) total += w[c];
        if (std::abs(total - 1.0) > 1e-6) throw Error("Gaussian mixture: weights_init must sum to 1 (sum = " + std::to_string(total) + ")");
    }
    const Matrix& mi = params_.means_init;
    if (mi.size() > 0) {
        if (mi.rows() != k || mi.cols() != d)
            throw Error("Gaussian mixture: means_init is " + shape_text(mi.rows(), mi.cols()) + " but needs " + shape_text(k, d));
        if (!mi.allFinite()) throw Error("Gaussian mixture: means_init has a missing or infinite value");
    }
    const Matrix& pi = params_.precisions_init;
    if (pi.size() > 0) {
        const Index r = cov_rows(t, k, d), c = cov_cols(t, d);
        if (pi.rows() != r || pi.cols() != c)
            throw Error("Gaussian mixture: precisions_init is " + shape_text(pi.rows(), pi.cols()) + " but a " + type_name(t) +
                        " mixture of " + std::to_string(k) + " components in " + std::to_string(d) + " dimensions needs " +
                        shape_text(r, c));
        if (!pi.allFinite()) throw Error("Gaussian mixture: precisions_init has a missing or infinite value");
        if (t == CovarianceType::Full || t == CovarianceType::Tied) {
            const Index blocks = t == CovarianceType::Full ? k : 1;
            for (Index b = 0; b < blocks; ++b) {
                const Matrix P = block_of(pi, t, b, d);
                if ((P - P.transpose()).cwiseAbs().maxCoeff() > 1e-8 * (1.0 + P.cwiseAbs().maxCoeff()))
                    throw Error("Gaussian mixture: precisions_init of component " + std::to_string(b + 1) + " is not symmetric");
            }
        } else if (pi.minCoeff() <= 0) {
            throw Error("Gaussian mixture: precisions_init must be positive");
        }
        Matrix pc, cov;
        from_precisions(pi, t, k, d, pc, cov);   // throws when not positive definite
    }
    n_runs_ = params_.n_init;

    s_->Xr = X_;
    if (t == CovarianceType::Diag || t == CovarianceType::Spherical) s_->X2r = s_->Xr.cwiseProduct(s_->Xr);
    if (t == CovarianceType::Tied) {
        s_->XtX.resize(d, d);
        detail::dot_block(s_->Xr.data(), d, n, 0, d, s_->Xr.data(), d, s_->XtX.data());
    }
}

GmmFitter::~GmmFitter() = default;

void GmmFitter::begin_restart() {
    Rng rng = master_.split();
    const Index n = X_.rows(), k = params_.n_components;
    history_.emplace_back();
    s_->lower_bound = -std::numeric_limits<double>::infinity();
    s_->iter = 0;
    s_->converged = false;
    const bool all_given = params_.weights_init.size() > 0 && params_.means_init.size() > 0 && params_.precisions_init.size() > 0;
    if (all_given) {
        // The initial estimate would be replaced entirely: skip computing it.
        s_->cur.weights = params_.weights_init;
        s_->cur.means = params_.means_init;
        from_precisions(params_.precisions_init, params_.covariance_type, k, X_.cols(), s_->cur.prec_chol, s_->cur.covariances);
        phase_ = Phase::Em;
        return;
    }
    RowMatrix resp = RowMatrix::Zero(n, k);
    switch (params_.init) {
        case GmmInit::KMeans: {
            KMeansParams kp;
            kp.n_clusters = static_cast<int>(k);
            kp.n_init = 1;
            kp.seed = rng.next_u64();
            kmeans_ = std::make_unique<KMeansFitter>(kp, X_);
            phase_ = Phase::KMeansInit;
            return;
        }
        case GmmInit::KMeansPlusPlus: {
            std::vector<Index> idx;
            kmeans_plusplus(X_, static_cast<int>(k), rng, &idx);
            for (Index c = 0; c < k; ++c) resp(idx[static_cast<size_t>(c)], c) = 1.0;
            break;
        }
        case GmmInit::Random:
            for (Index i = 0; i < n; ++i) {
                double s = 0;
                for (Index c = 0; c < k; ++c) s += (resp(i, c) = rng.uniform());
                for (Index c = 0; c < k; ++c) resp(i, c) /= s;
            }
            break;
        case GmmInit::RandomFromData: {
            std::vector<Index> idx(static_cast<size_t>(n));
            std::iota(idx.begin(), idx.end(), Index{0});
            for (Index c = 0; c < k; ++c) {
                const Index j = c + static_cast<Index>(rng.below(static_cast<uint64_t>(n - c)));
                std::swap(idx[static_cast<size_t>(c)], idx[static_cast<size_t>(j)]);
                resp(idx[static_cast<size_t>(c)], c) = 1.0;
            }
            break;
        }
        case GmmInit::Responsibilities:
            resp = params_.initial_responsibilities;
            break;
    }
    s_->resp = std::move(resp);
    finish_initialisation();
}

void GmmFitter::finish_initialisation() {
    const Index n = X_.rows(), k = params_.n_components, d = X_.cols();
    const CovarianceType t = params_.covariance_type;
    Params p = m_step(s_->resp, s_->Xr, s_->X2r, s_->XtX, params_.reg_covar, t);
    p.weights /= static_cast<double>(n);   // sklearn's _initialize: nk / n_samples
    if (params_.weights_init.size() > 0) p.weights = params_.weights_init;
    if (params_.means_init.size() > 0) p.means = params_.means_init;
    if (params_.precisions_init.size() > 0) from_precisions(params_.precisions_init, t, k, d, p.prec_chol, p.covariances);
    s_->cur = std::move(p);
    phase_ = Phase::Em;
}

void GmmFitter::em_iteration() {
    const double prev = s_->lower_bound;
    const Prepared prep = prepare(s_->cur.weights, s_->cur.means, s_->cur.prec_chol, params_.covariance_type);
    const double lb = e_step(prep, X_, s_->resp);
    Params p = m_step(s_->resp, s_->Xr, s_->X2r, s_->XtX, params_.reg_covar, params_.covariance_type);
    double total = 0;
    for (Index c = 0; c < p.weights.size(); ++c) total += p.weights[c];
    p.weights /= total;
    s_->cur = std::move(p);
    s_->lower_bound = lb;
    ++s_->iter;
    history_.back().push_back(lb);
    if (std::abs(lb - prev) < params_.tol) {
        s_->converged = true;
        finish_restart();
    } else if (s_->iter >= params_.max_iter) {
        finish_restart();
    }
}

void GmmFitter::finish_restart() {
    // sklearn: a restart replaces the best when its lower bound is higher (the first always counts; with
    // max_iter = 0 every restart has −∞ and the last one is kept).
    if (!has_best_ || s_->lower_bound > best_.lower_bound || params_.max_iter == 0) {
        has_best_ = true;
        best_.covariance_type = params_.covariance_type;
        best_.weights = s_->cur.weights;
        best_.means = s_->cur.means;
        best_.covariances = s_->cur.covariances;
        best_.precisions_cholesky = s_->cur.prec_chol;
        best_.converged = s_->converged;
        best_.n_iter = s_->iter;
        best_.lower_bound = s_->lower_bound;
        best_restart_ = restart_;
    }
    ++restart_;
    phase_ = restart_ < n_runs_ ? Phase::Init : Phase::Done;
}

bool GmmFitter::step() {
    switch (phase_) {
        case Phase::Init:
            begin_restart();
            if (phase_ == Phase::Em && params_.max_iter == 0) finish_restart();
            return phase_ == Phase::Done;
        case Phase::KMeansInit:
            if (kmeans_->step()) {
                const Labels& labels = kmeans_->labels();
                s_->resp = RowMatrix::Zero(X_.rows(), params_.n_components);
                for (Index i = 0; i < X_.rows(); ++i) s_->resp(i, labels[static_cast<size_t>(i)]) = 1.0;
                kmeans_.reset();
                finish_initialisation();
                if (params_.max_iter == 0) finish_restart();
            }
            return phase_ == Phase::Done;
        case Phase::Em:
            em_iteration();
            return phase_ == Phase::Done;
        case Phase::Done:
            return true;
    }
    return true;
}

double GmmFitter::fraction() const {
    if (phase_ == Phase::Done) return 1.0;
    double within = 0;
    if (phase_ == Phase::KMeansInit && kmeans_) within = 0.1 * kmeans_->fraction();
    if (phase_ == Phase::Em) within = 0.1 + 0.9 * static_cast<double>(s_->iter) / std::max(1, params_.max_iter);
    return (restart_ + within) / n_runs_;
}

std::string GmmFitter::stage() const {
    if (phase_ == Phase::Done) return "Gaussian mixture done";
    std::string s = "Gaussian mixture restart " + std::to_string(restart_ + 1) + "/" + std::to_string(n_runs_);
    if (phase_ == Phase::KMeansInit) return s + ", k-means initialisation";
    if (phase_ == Phase::Init) return s + ", initialisation";
    return s + ", EM iteration " + std::to_string(s_->iter + 1);
}

GmmModel GmmFitter::result() const {
    if (!has_best_) throw Error("Gaussian mixture: no restart has finished yet");
    return best_;
}

// ---------------------------------------------------------------------------------------------- free functions

GmmModel fit(const GmmParams& params, const Matrix& X, Progress& progress) {
    GmmFitter f(params, X);
    f.run(progress);
    return f.result();
}

Matrix predict_proba(const GmmModel& model, const Matrix& X) {
    const Prepared p = prepare_model(model, X);
    const Index k = p.k;
    Matrix out(X.rows(), k);
    std::vector<double> e(static_cast<size_t>(k));
    for_each_block(p, X, [&](Index r0, Index nb, const double* wlp) {
        for (Index i = 0; i < nb; ++i) {
            double s;
            logsumexp_row(wlp + i * k, k, e.data(), s);
            const double inv = 1.0 / s;
            for (Index c = 0; c < k; ++c) out(r0 + i, c) = e[static_cast<size_t>(c)] * inv;
        }
    });
    return out;
}

Labels predict(const GmmModel& model, const Matrix& X) {
    const Prepared p = prepare_model(model, X);
    const Index k = p.k;
    Labels out(static_cast<size_t>(X.rows()));
    for_each_block(p, X, [&](Index r0, Index nb, const double* wlp) {
        for (Index i = 0; i < nb; ++i) {
            const double* a = wlp + i * k;
            Index best = 0;
            for (Index c = 1; c < k; ++c)
                if (a[c] > a[best]) best = c;
            out[static_cast<size_t>(r0 + i)] = static_cast<int>(best);
        }
    });
    return out;
}

Vector score_samples(const GmmModel& model, const Matrix& X) {
    const Prepared p = prepare_model(model, X);
    const Index k = p.k;
    Vector out(X.rows());
    std::vector<double> e(static_cast<size_t>(k));
    for_each_block(p, X, [&](Index r0, Index nb, const double* wlp) {
        for (Index i = 0; i < nb; ++i) {
            double s;
            out[r0 + i] = logsumexp_row(wlp + i * k, k, e.data(), s);
        }
    });
    return out;
}

double score(const GmmModel& model, const Matrix& X) {
    const Vector s = score_samples(model, X);
    return detail::ordered_sum(s.data(), s.size()) / static_cast<double>(s.size());
}

int n_parameters(const GmmModel& model) {
    const long long k = model.weights.size(), d = model.means.cols();
    long long cov = 0;
    switch (model.covariance_type) {
        case CovarianceType::Full: cov = k * d * (d + 1) / 2; break;
        case CovarianceType::Diag: cov = k * d; break;
        case CovarianceType::Tied: cov = d * (d + 1) / 2; break;
        case CovarianceType::Spherical: cov = k; break;
    }
    return static_cast<int>(cov + d * k + k - 1);
}

double bic(const GmmModel& model, const Matrix& X) {
    const double n = static_cast<double>(X.rows());
    return -2 * score(model, X) * n + n_parameters(model) * portable::log(n);
}

double aic(const GmmModel& model, const Matrix& X) {
    const double n = static_cast<double>(X.rows());
    return -2 * score(model, X) * n + 2 * n_parameters(model);
}

}  // namespace genrelab::cluster
