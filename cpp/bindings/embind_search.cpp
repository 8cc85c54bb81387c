#include <emscripten/bind.h>

// Model search: grid/random search with k-fold cross-validation as a job (api_search.hpp).
#include "bindings/api_search.hpp"

EMSCRIPTEN_BINDINGS(genrelab_search) {
    using namespace emscripten;
    function("start_search", &genrelab::api::start_search);
}
