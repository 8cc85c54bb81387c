#include <emscripten/bind.h>

// Projections (PCA, LDA, t-SNE), clustering and the sweep over k as jobs (api_analysis.hpp).
#include "bindings/api_analysis.hpp"

EMSCRIPTEN_BINDINGS(genrelab_analysis) {
    using namespace emscripten;
    function("start_reduction", &genrelab::api::start_reduction);
    function("start_clustering", &genrelab::api::start_clustering);
    function("start_elbow", &genrelab::api::start_elbow);
}
