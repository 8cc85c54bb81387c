// The only file that includes emscripten: converts JS values to the plain C++ api and back.
// Every api call already returns a JSON text and never throws (see api.hpp for why).
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <string>

#include "bindings/api.hpp"

namespace {

// Uint8Array → std::string in one copy (set() into a view of the string's own buffer).
std::string bytes_from_js(const emscripten::val& array) {
    const size_t n = array["length"].as<size_t>();
    std::string buffer(n, '\0');
    emscripten::val view(emscripten::typed_memory_view(n, reinterpret_cast<unsigned char*>(buffer.data())));
    view.call<void>("set", array);
    return buffer;
}

std::string load_csv(const emscripten::val& bytes, const std::string& options) {
    std::string buffer;
    try {
        buffer = bytes_from_js(bytes);
    } catch (...) {
        return R"({"ok":false,"error":"out of memory while copying the file into the worker"})";
    }
    return genrelab::api::load_csv(buffer, options);
}

std::string load_model(const emscripten::val& text) {
    // Accept a string or bytes (a File read as ArrayBuffer).
    if (text.typeOf().as<std::string>() == "string") return genrelab::api::load_model(text.as<std::string>());
    std::string buffer;
    try {
        buffer = bytes_from_js(text);
    } catch (...) {
        return R"({"ok":false,"error":"out of memory while copying the model file into the worker"})";
    }
    return genrelab::api::load_model(buffer);
}

}  // namespace

EMSCRIPTEN_BINDINGS(genrelab) {
    using namespace emscripten;
    function("version", &genrelab::api::version);
    function("load_csv", &load_csv);
    function("forget_dataset", &genrelab::api::forget_dataset);
    function("suggest_recipe", &genrelab::api::suggest_recipe);
    function("start_training", &genrelab::api::start_training);
    function("step_job", &genrelab::api::step_job);
    function("finish_training", &genrelab::api::finish_training);
    function("finish_job", &genrelab::api::finish_job);
    function("cancel_job", &genrelab::api::cancel_job);
    function("save_model", &genrelab::api::save_model);
    function("load_model", &load_model);
    function("forget_model", &genrelab::api::forget_model);
    function("predict", &genrelab::api::predict);
    function("evaluate", &genrelab::api::evaluate);
}
