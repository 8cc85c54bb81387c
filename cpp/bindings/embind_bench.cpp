#include <emscripten/bind.h>

// Benchmark tasks on the peers' data protocol (api_bench.hpp), for scripts/bench in Node and in the page's worker.
#include "bindings/api_bench.hpp"

EMSCRIPTEN_BINDINGS(genrelab_bench) {
    using namespace emscripten;
    function("bench_task", &genrelab::api::bench_task);
}
