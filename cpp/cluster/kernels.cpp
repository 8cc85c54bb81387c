#include "cluster/kernels.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.hpp"

namespace genrelab::cluster::detail {

void dot_block(const double* X, Index ldx, Index d, Index row0, Index nb, const double* W, Index k, double* out) {
    Index i = 0;
    for (; i + 4 <= nb; i += 4) {
        Index c = 0;
        for (; c + 4 <= k; c += 4) {
            double a00 = 0, a01 = 0, a02 = 0, a03 = 0, a10 = 0, a11 = 0, a12 = 0, a13 = 0;
            double a20 = 0, a21 = 0, a22 = 0, a23 = 0, a30 = 0, a31 = 0, a32 = 0, a33 = 0;
            const double* x = X + row0 + i;
            const double* w = W + c;
            for (Index j = 0; j < d; ++j, x += ldx, w += k) {
                const double x0 = x[0], x1 = x[1], x2 = x[2], x3 = x[3];
                const double w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3];
                a00 += x0 * w0; a10 += x1 * w0; a20 += x2 * w0; a30 += x3 * w0;
                a01 += x0 * w1; a11 += x1 * w1; a21 += x2 * w1; a31 += x3 * w1;
                a02 += x0 * w2; a12 += x1 * w2; a22 += x2 * w2; a32 += x3 * w2;
                a03 += x0 * w3; a13 += x1 * w3; a23 += x2 * w3; a33 += x3 * w3;
            }
            double* o = out + i;
            o[c * nb + 0] = a00; o[c * nb + 1] = a10; o[c * nb + 2] = a20; o[c * nb + 3] = a30;
            o[(c + 1) * nb + 0] = a01; o[(c + 1) * nb + 1] = a11; o[(c + 1) * nb + 2] = a21; o[(c + 1) * nb + 3] = a31;
            o[(c + 2) * nb + 0] = a02; o[(c + 2) * nb + 1] = a12; o[(c + 2) * nb + 2] = a22; o[(c + 2) * nb + 3] = a32;
            o[(c + 3) * nb + 0] = a03; o[(c + 3) * nb + 1] = a13; o[(c + 3) * nb + 2] = a23; o[(c + 3) * nb + 3] = a33;
        }
        for (; c < k; ++c) {
            double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
            const double* x = X + row0 + i;
            const double* w = W + c;
            for (Index j = 0; j < d; ++j, x += ldx, w += k) {
                const double wv = *w;
                a0 += x[0] * wv; a1 += x[1] * wv; a2 += x[2] * wv; a3 += x[3] * wv;
            }
            double* o = out + c * nb + i;
            o[0] = a0; o[1] = a1; o[2] = a2; o[3] = a3;
        }
    }
    // Leftover rows: four columns at a time (independent accumulators; each still sums over j in order).
    for (; i < nb; ++i) {
        Index c = 0;
        for (; c + 4 <= k; c += 4) {
            double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
            const double* x = X + row0 + i;
            const double* w = W + c;
            for (Index j = 0; j < d; ++j, x += ldx, w += k) {
                const double xv = *x;
                a0 += xv * w[0]; a1 += xv * w[1]; a2 += xv * w[2]; a3 += xv * w[3];
            }
            out[c * nb + i] = a0; out[(c + 1) * nb + i] = a1; out[(c + 2) * nb + i] = a2; out[(c + 3) * nb + i] = a3;
        }
        for (; c < k; ++c) {
            double a = 0;
            for (Index j = 0; j < d; ++j) a += X[row0 + i + j * ldx] * W[j * k + c];
            out[c * nb + i] = a;
        }
    }
}

double ordered_sum(const double* v, Index n) {
    double s = 0;
    for (Index i = 0; i < n; ++i) s += v[i];
    return s;
}

Vector row_squared_norms(const Matrix& A) {
    Vector out = Vector::Zero(A.rows());
    for (Index j = 0; j < A.cols(); ++j) {
        const double* col = A.data() + j * A.rows();
        for (Index i = 0; i < A.rows(); ++i) out[i] += col[i] * col[i];
    }
    return out;
}

RowVector column_means(const Matrix& X) {
    RowVector m(X.cols());
    for (Index j = 0; j < X.cols(); ++j) m[j] = ordered_sum(X.data() + j * X.rows(), X.rows()) / static_cast<double>(X.rows());
    return m;
}

RowVector column_variances(const Matrix& X, const RowVector& means) {
    RowVector v(X.cols());
    for (Index j = 0; j < X.cols(); ++j) {
        const double* col = X.data() + j * X.rows();
        double s = 0;
        for (Index i = 0; i < X.rows(); ++i) s += (col[i] - means[j]) * (col[i] - means[j]);
        v[j] = s / static_cast<double>(X.rows());
    }
    return v;
}

void nearest_centers(const Matrix& X, const Matrix& centers, std::vector<int>& labels, std::vector<double>* dist2,
                     Matrix* sums, std::vector<double>* counts) {
    const Index n = X.rows(), d = X.cols(), k = centers.rows();
    labels.resize(static_cast<size_t>(n));
    if (dist2) dist2->resize(static_cast<size_t>(n));
    if (sums) *sums = Matrix::Zero(k, d);
    if (counts) counts->assign(static_cast<size_t>(k), 0.0);
    const Vector cn = row_squared_norms(centers);
    // −2·C is exact (a power-of-two scale), so cn + x·(−2c) rounds exactly like cn − 2·(x·c).
    const Matrix W = -2.0 * centers;
    constexpr Index kBlock = 256;
    std::vector<double> dots(static_cast<size_t>(kBlock * k));
    double best_v[kBlock];
    int best[kBlock];
    double acc[kBlock];
    for (Index r0 = 0; r0 < n; r0 += kBlock) {
        const Index nb = std::min(kBlock, n - r0);
        dot_block(X.data(), n, d, r0, nb, W.data(), k, dots.data());
        for (Index i = 0; i < nb; ++i) {
            best_v[i] = cn[0] + dots[static_cast<size_t>(i)];
            best[i] = 0;
        }
        for (Index c = 1; c < k; ++c) {
            const double* dc = dots.data() + c * nb;
            const double cc = cn[c];
            for (Index i = 0; i < nb; ++i) {
                const double v = cc + dc[i];
                if (v < best_v[i]) {   // strict: ties keep the lower index
                    best_v[i] = v;
                    best[i] = static_cast<int>(c);
                }
            }
        }
        int* lab = labels.data() + r0;
        for (Index i = 0; i < nb; ++i) lab[i] = best[i];
        if (dist2) {
            for (Index i = 0; i < nb; ++i) acc[i] = 0.0;
            for (Index j = 0; j < d; ++j) {
                const double* col = X.data() + j * n + r0;
                const double* cj = centers.data() + j * k;
                for (Index i = 0; i < nb; ++i) {
                    const double diff = col[i] - cj[lab[i]];
                    acc[i] += diff * diff;
                }
            }
            std::copy_n(acc, nb, dist2->data() + r0);
        }
        if (sums) {
            for (Index j = 0; j < d; ++j) {
                const double* col = X.data() + j * n + r0;
                double* sj = sums->data() + j * k;
                for (Index i = 0; i < nb; ++i) sj[lab[i]] += col[i];
            }
        }
        if (counts)
            for (Index i = 0; i < nb; ++i) (*counts)[static_cast<size_t>(lab[i])] += 1.0;
    }
}

bool cholesky_lower(const Matrix& A, Matrix& L) {
    const Index d = A.rows();
    L = Matrix::Zero(d, d);
    for (Index j = 0; j < d; ++j) {
        double s = A(j, j);
        for (Index m = 0; m < j; ++m) s -= L(j, m) * L(j, m);
        if (!(s > 0.0) || !std::isfinite(s)) return false;
        const double ljj = std::sqrt(s);
        L(j, j) = ljj;
        for (Index i = j + 1; i < d; ++i) {
            double t = A(i, j);
            for (Index m = 0; m < j; ++m) t -= L(i, m) * L(j, m);
            L(i, j) = t / ljj;
        }
    }
    return true;
}

Matrix invert_lower(const Matrix& L) {
    const Index d = L.rows();
    Matrix inv = Matrix::Zero(d, d);
    // Column c of L⁻¹ solves L·x = e_c by forward substitution.
    for (Index c = 0; c < d; ++c) {
        inv(c, c) = 1.0 / L(c, c);
        for (Index i = c + 1; i < d; ++i) {
            double s = 0;
            for (Index m = c; m < i; ++m) s += L(i, m) * inv(m, c);
            inv(i, c) = -s / L(i, i);
        }
    }
    return inv;
}

void check_finite(const Matrix& X, const std::string& who) {
    // Column-major scan for speed; the message names the bad entry with the lowest row.
    Index bad_i = -1, bad_j = -1;
    for (Index j = 0; j < X.cols(); ++j)
        for (Index i = 0; i < X.rows() && (bad_i < 0 || i < bad_i); ++i)
            if (!std::isfinite(X(i, j))) {
                bad_i = i;
                bad_j = j;
                break;
            }
    if (bad_i >= 0)
        throw Error(who + ": X has a missing or infinite value at row " + with_thousands(bad_i + 1) + ", column " +
                    std::to_string(bad_j + 1) + " (impute or drop missing values first)");
}

void check_not_empty(const Matrix& X, const std::string& who) {
    if (X.rows() == 0 || X.cols() == 0)
        throw Error(who + ": X is empty (" + with_thousands(X.rows()) + " rows, " + std::to_string(X.cols()) + " columns)");
}

void check_columns(const Matrix& X, Index expected, const std::string& who) {
    if (X.cols() != expected)
        throw Error(who + ": X has " + std::to_string(X.cols()) + " columns but the model was fitted on " +
                    std::to_string(expected));
}

}  // namespace genrelab::cluster::detail
