#include <emscripten/bind.h>

// Permutation feature importance of a trained model (api_importance.hpp).
#include "bindings/api_importance.hpp"

EMSCRIPTEN_BINDINGS(genrelab_importance) {
    using namespace emscripten;
    function("start_importance", &genrelab::api::start_importance);
}
