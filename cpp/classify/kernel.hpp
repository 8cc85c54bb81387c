// Kernel functions for the support vector machine (classify/svm.hpp), evaluated in bulk.
//
//   linear:      K(a, b) = a·b
//   polynomial:  K(a, b) = (γ a·b + coef0)^degree      (degree a positive integer, as in libsvm)
//   RBF:         K(a, b) = exp(−γ ‖a − b‖²)
//
// A `Kernel` holds resolved settings: γ is a number here (svm.hpp turns sklearn's "scale"/"auto" into
// one). The functions below evaluate many kernel values at once with plain loops whose summation order
// is fixed (features in order 0…d−1, then the same expression libsvm uses: ‖a‖² + ‖b‖² − 2 a·b), and
// with our own exp() — so that the numbers are bit-identical natively and in wasm, and equal to
// libsvm's own kernel values up to the last bit of exp. Eigen's GEMM is deliberately not used: its
// blocking depends on the CPU's cache sizes, which changes the rounding between machines.
#pragma once
#include <nlohmann/json.hpp>

#include "core/types.hpp"

namespace genrelab::classify {

enum class KernelType { Linear, Poly, Rbf };
NLOHMANN_JSON_SERIALIZE_ENUM(KernelType, {{KernelType::Linear, "linear"}, {KernelType::Poly, "poly"}, {KernelType::Rbf, "rbf"}})

struct Kernel {
    KernelType type = KernelType::Rbf;
    double gamma = 1.0;   // RBF and polynomial
    int degree = 3;       // polynomial only
    double coef0 = 0.0;   // polynomial only
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Kernel, type, gamma, degree, coef0)

// Throws genrelab::Error when a setting is unusable (γ ≤ 0 or not finite, degree outside 1…10, …).
void validate(const Kernel& kernel);

// K(A, B): nA × nB kernel matrix between the rows of A (nA×d) and the rows of B (nB×d).
Matrix kernel_matrix(const Kernel& kernel, const Matrix& A, const Matrix& B);

namespace kernel_detail {

// exp(x) for every v[i], to ~1 ulp, identical on every platform (pure double arithmetic, no libm).
// Inputs below −708 give 0; inputs above 709 are clamped to exp(709). The loop vectorizes.
void exp_inplace(double* v, Index n);

// Scalar exp and natural log with the same guarantee (glibc's and musl's libm may differ in the last
// bit, which would make native and wasm models differ). Used by the SVM's Platt scaling and by the tree
// models (entropy, boosting's softmax). These belong in core/ if other stages need them too.
double exp_det(double x);   // as exp_inplace
double log_det(double x);   // x > 0: < 1 ulp; 0 → −∞; negative or NaN → NaN; +∞ → +∞

// C (m×n, row stride ldc) += A (m×k, row stride lda) · B (k×n, row stride ldb), all row-major.
// Every C entry is accumulated in the order k = 0, 1, …, so results do not depend on vectorization.
void gemm_acc(Index m, Index n, Index k, const double* A, Index lda, const double* B, Index ldb, double* C, Index ldc);

// Kernel values between `m` query rows and `n` reference rows given as dot products:
// on entry C (m×n, row-major, stride ldc) holds a·b; on exit K(a, b). sq_a/sq_b are ‖a‖², ‖b‖² (RBF only).
void dots_to_kernel(const Kernel& kernel, Index m, Index n, const double* sq_a, const double* sq_b, double* C, Index ldc);

// libsvm's powi: base^times by squaring (times ≥ 0).
inline double powi(double base, int times) {
    double tmp = base, ret = 1.0;
    for (int t = times; t > 0; t /= 2) {
        if (t % 2 == 1) ret *= tmp;
        tmp = tmp * tmp;
    }
    return ret;
}

}  // namespace kernel_detail
}  // namespace genrelab::classify
