// The project's only source of randomness, with its own distribution code so that the same seed gives
// the same numbers natively (libstdc++) and in wasm (libc++), whose std:: distributions differ.
//   Rng        — xoshiro256** (Blackman & Vigna 2018) seeded through splitmix64; the general engine.
//   Mulberry32 — the 32-bit generator of ../shared/peers' data protocol, used only where a result must
//                reproduce the peers' rows exactly (the stratified split, subsamples).
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace genrelab {

class Rng {
public:
    explicit Rng(uint64_t seed = 42);
    uint64_t next_u64();
    double uniform();                      // [0, 1), 53 random bits
    double uniform(double lo, double hi);  // [lo, hi)
    uint64_t below(uint64_t n);            // uniform integer in [0, n), unbiased (rejection); n > 0
    double normal();                       // standard normal (Marsaglia polar, both values used; portable log)
    double normal(double mean, double sd) { return mean + sd * normal(); }
    template <class T> void shuffle(std::vector<T>& v) {
        for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[below(i)]);
    }
    Rng split();                           // an independent child stream (for restarts, trees, …)

private:
    uint64_t s_[4];
    bool has_spare_ = false;
    double spare_ = 0;
};

class Mulberry32 {
public:
    explicit Mulberry32(uint32_t seed) : a_(seed) {}
    uint32_t next_u32();
    double uniform() { return next_u32() / 4294967296.0; }  // u = next uint32 / 2^32
    // Fisher–Yates exactly as the peers do it: for i = n−1 … 1, j = floor(u·(i+1)).
    template <class T> void shuffle(std::vector<T>& v) {
        for (size_t i = v.size(); i-- > 1;) std::swap(v[i], v[static_cast<size_t>(uniform() * (i + 1))]);
    }

private:
    uint32_t a_;
};

// The peers' `sample(n, m, seed)`: the first m of a Mulberry32(seed) shuffle of 0..n−1, sorted.
std::vector<size_t> peer_sample(size_t n, size_t m, uint32_t seed);

}  // namespace genrelab
