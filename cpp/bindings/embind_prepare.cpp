#include <emscripten/bind.h>

// The data-preparation walkthrough (api_prepare.hpp).
#include "bindings/api_prepare.hpp"

EMSCRIPTEN_BINDINGS(genrelab_prepare) {
    using namespace emscripten;
    function("preview_preparation", &genrelab::api::preview_preparation);
    function("label_maps", &genrelab::api::label_maps);
}
