#include <catch2/catch.hpp>
#include <cmath>
#include <numeric>
#include <algorithm>

#include "core/error.hpp"
#include "core/rng.hpp"

using namespace genrelab;

TEST_CASE("Mulberry32 matches the peers' generator", "[core][rng]") {
    // First outputs of mulberry32(42) as computed by ../shared/peers/lib/data.mjs (node -e ...).
    Mulberry32 rng(42);
    const uint32_t expected[] = {2581720956u, 1925393290u, 3661312704u};
    for (uint32_t e : expected) CHECK(rng.next_u32() == e);
}

TEST_CASE("Rng is deterministic per seed and uniform on 0 to 1", "[core][rng]") {
    Rng a(7), b(7), c(8);
    double sum = 0;
    bool differs = false;
    for (int i = 0; i < 20000; ++i) {
        const double x = a.uniform();
        REQUIRE(x == b.uniform());
        REQUIRE(x >= 0.0);
        REQUIRE(x < 1.0);
        differs = differs || x != c.uniform();
        sum += x;
    }
    CHECK(differs);
    CHECK(std::abs(sum / 20000 - 0.5) < 0.01);
}

TEST_CASE("Rng normal has mean 0 and variance 1", "[core][rng]") {
    Rng rng(3);
    double s = 0, s2 = 0;
    const int n = 200000;
    for (int i = 0; i < n; ++i) {
        const double z = rng.normal();
        s += z;
        s2 += z * z;
    }
    CHECK(std::abs(s / n) < 0.01);
    CHECK(std::abs(s2 / n - 1.0) < 0.01);
}

TEST_CASE("Rng::below covers its range evenly", "[core][rng]") {
    Rng rng(1);
    std::vector<int> counts(7, 0);
    for (int i = 0; i < 70000; ++i) counts[rng.below(7)]++;
    for (int c : counts) CHECK(std::abs(c - 10000) < 400);
}

TEST_CASE("peer_sample picks m sorted distinct indices", "[core][rng]") {
    const auto s = peer_sample(100, 10, 43);
    REQUIRE(s.size() == 10);
    CHECK(std::is_sorted(s.begin(), s.end()));
    CHECK(std::adjacent_find(s.begin(), s.end()) == s.end());
    CHECK(s.back() < 100);
}

TEST_CASE("with_thousands groups digits", "[core]") {
    CHECK(with_thousands(4980) == "4,980");
    CHECK(with_thousands(1234567) == "1,234,567");
    CHECK(with_thousands(12) == "12");
    CHECK(with_thousands(-1000) == "-1,000");
}
