// libFuzzer target: see fuzz_bodies.hpp for what one input goes through. genrelab::Error is a clean refusal;
// any other exception aborts (libFuzzer saves the input as a crash). Built by -DGENRELAB_FUZZ=ON; run by scripts/fuzz.
#include <cstdio>
#include <cstdlib>
#include <exception>

#include "fuzz/fuzz_bodies.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        genrelab::fuzz::csv_body(data, size);
    } catch (const genrelab::Error&) {
        // a clear refusal: fine
    } catch (const std::exception& e) {
        std::fprintf(stderr, "fuzz_csv: uncaught %s\n", e.what());
        std::abort();
    } catch (...) {
        std::fprintf(stderr, "fuzz_csv: uncaught non-std exception\n");
        std::abort();
    }
    return 0;
}
