#include <emscripten/bind.h>

// Data exploration and using a model on the page (api_explore.hpp).
#include "bindings/api_explore.hpp"

EMSCRIPTEN_BINDINGS(genrelab_explore) {
    using namespace emscripten;
    function("explore", &genrelab::api::explore);
    function("model_info", &genrelab::api::model_info);
    function("predict_rows", &genrelab::api::predict_rows);
    function("start_prediction", &genrelab::api::start_prediction);
    function("predictions_csv", &genrelab::api::predictions_csv);
}
