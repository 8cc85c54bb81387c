#include <cstring>
#include <vector>

#include "classify/mlp_kernels.hpp"
#include "core/rng.hpp"
#include "support/test_support.hpp"

using namespace genrelab;
using namespace genrelab::classify;

namespace {

// The documented order, one element at a time: ((0 + a0·b0) + a1·b1) + … then + bias.
template <class S>
S reference_element(Index i, Index j, Index k, const S* A, Index ars, Index aks, const S* B, Index ldb, const S* bias) {
    volatile S s = 0;  // volatile: keep the compiler from reassociating or vectorizing this reference
    for (Index p = 0; p < k; ++p) {
        const S prod = A[i * ars + p * aks] * B[p * ldb + j];
        s = s + prod;
    }
    return bias ? static_cast<S>(s + bias[j]) : static_cast<S>(s);
}

template <class S>
void check_shapes() {
    Rng rng(17);
    // Ragged widths (n not a multiple of any vector width), k beyond one k-block (256), tiny sizes.
    const Index shapes[][3] = {{1, 1, 1}, {3, 5, 7}, {13, 10, 40}, {256, 64, 13}, {9, 17, 300}, {64, 10, 513}, {5, 33, 256}};
    for (const auto& sh : shapes) {
        const Index m = sh[0], n = sh[1], k = sh[2];
        for (int transposed = 0; transposed < 2; ++transposed) {
            std::vector<S> A(static_cast<size_t>(m * k)), B(static_cast<size_t>(k * (n + 3))), bias(static_cast<size_t>(n)),
                C(static_cast<size_t>(m * (n + 2)), S(-7));
            for (auto& v : A) v = static_cast<S>(rng.uniform(-1, 1));
            for (auto& v : B) v = static_cast<S>(rng.uniform(-1, 1));
            for (auto& v : bias) v = static_cast<S>(rng.uniform(-1, 1));
            // Row-major A (m×k) or Aᵀ stored as k×m; B with row stride n+3, C with row stride n+2.
            const Index ars = transposed ? 1 : k, aks = transposed ? m : 1;
            const bool with_bias = (m + n + k) % 2 == 0;
            kernels::gemm<S>(m, n, k, A.data(), ars, aks, B.data(), n + 3, C.data(), n + 2, with_bias ? bias.data() : nullptr);
            int mismatches = 0, padding_touched = 0;
            for (Index i = 0; i < m; ++i) {
                for (Index j = 0; j < n; ++j) {
                    const S want = reference_element<S>(i, j, k, A.data(), ars, aks, B.data(), n + 3,
                                                        with_bias ? bias.data() : nullptr);
                    mismatches += std::memcmp(&want, &C[static_cast<size_t>(i * (n + 2) + j)], sizeof(S)) != 0;
                }
                for (Index j = n; j < n + 2; ++j) padding_touched += C[static_cast<size_t>(i * (n + 2) + j)] != S(-7);
            }
            INFO("m=" << m << " n=" << n << " k=" << k << " transposed=" << transposed);
            CHECK(mismatches == 0);       // bit-identical to the documented summation order
            CHECK(padding_touched == 0);  // nothing written outside the n columns
        }
    }
}

}  // namespace

TEST_CASE("gemm sums every element in index order, bit for bit", "[classify][mlp][kernels]") {
    check_shapes<float>();
    check_shapes<double>();
}

TEST_CASE("gemm rows do not depend on the other rows", "[classify][mlp][kernels]") {
    Rng rng(3);
    const Index m = 37, n = 21, k = 300;
    std::vector<float> A(static_cast<size_t>(m * k)), B(static_cast<size_t>(k * n)), C(static_cast<size_t>(m * n)), c1(static_cast<size_t>(n));
    for (auto& v : A) v = static_cast<float>(rng.uniform(-1, 1));
    for (auto& v : B) v = static_cast<float>(rng.uniform(-1, 1));
    kernels::gemm<float>(m, n, k, A.data(), k, 1, B.data(), n, C.data(), n, nullptr);
    for (Index i = 0; i < m; ++i) {
        kernels::gemm<float>(1, n, k, A.data() + i * k, k, 1, B.data(), n, c1.data(), n, nullptr);
        CHECK(std::memcmp(c1.data(), C.data() + i * n, sizeof(float) * static_cast<size_t>(n)) == 0);
    }
}

TEST_CASE("transpose and column sums", "[classify][mlp][kernels]") {
    const Index r = 19, c = 35;
    std::vector<double> A(static_cast<size_t>(r * c)), T(static_cast<size_t>(c * r)), sums(static_cast<size_t>(c));
    for (Index i = 0; i < r * c; ++i) A[static_cast<size_t>(i)] = static_cast<double>(i);
    kernels::transpose<double>(r, c, A.data(), c, T.data(), r);
    for (Index i = 0; i < r; ++i)
        for (Index j = 0; j < c; ++j) CHECK(T[static_cast<size_t>(j * r + i)] == A[static_cast<size_t>(i * c + j)]);
    kernels::column_sums<double>(r, c, A.data(), c, sums.data());
    for (Index j = 0; j < c; ++j) CHECK(sums[static_cast<size_t>(j)] == static_cast<double>(j * r + c * r * (r - 1) / 2));
}
