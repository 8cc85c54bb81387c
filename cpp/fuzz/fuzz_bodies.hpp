// What each fuzz target does with one input, shared by the libFuzzer targets (cpp/fuzz/fuzz_*.cpp) and the
// Catch2 test that replays every saved crash (tests/cpp/hostile/fuzz_regressions_test.cpp).
//
// Contract of every body: it returns normally, or throws genrelab::Error (a clear refusal of a bad input).
// Anything else — another exception type, a sanitizer report, a hang — is a bug. Properties that must hold
// on inputs that were accepted (a saved model loads back and predicts the same) are checked here too and
// reported as std::logic_error, which is "anything else".
#pragma once
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "io/csv_reader.hpp"
#include "io/profile.hpp"
#include "pipeline/model_file.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/recipe.hpp"

namespace genrelab::fuzz {

// CSV bytes → Table → profile of every column (column typing, numbers, dates, statistics).
inline void csv_body(const uint8_t* data, size_t size) {
    io::CsvOptions options;
    options.max_bytes = 1u << 20;
    options.max_columns = 2000;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const io::Table table = io::read_csv(bytes, options);
    for (const auto& c : table.columns)
        if (c.cells.size() != table.n_rows()) throw std::logic_error("read_csv: a column's length differs from the row count");
    (void)io::profile(table);
}

// Recipe text → Recipe → JSON → Recipe: what was accepted once must be accepted again, unchanged.
inline void recipe_body(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    const pipeline::Recipe r = pipeline::parse_recipe_text(text);
    const pipeline::json once = pipeline::to_json(r);
    pipeline::Recipe again;
    try {
        again = pipeline::parse_recipe(once);
    } catch (const Error& e) {
        throw std::logic_error(std::string("a recipe that parsed does not parse after to_json: ") + e.what());
    }
    if (pipeline::to_json(again) != once) throw std::logic_error("recipe → to_json → parse → to_json changed the recipe");
}

// A small CSV with the model's feature columns (every cell "1", one cell missing) to predict on.
inline std::string probe_csv(const pipeline::FittedPipeline& m) {
    auto quoted = [](const std::string& s) {
        std::string q = "\"";
        for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
        return q + "\"";
    };
    std::string csv;
    for (size_t i = 0; i < m.recipe.features.size(); ++i) csv += (i ? "," : "") + quoted(m.recipe.features[i]);
    csv += "\n";
    for (int r = 0; r < 3; ++r) {
        for (size_t i = 0; i < m.recipe.features.size(); ++i) csv += (i ? "," : "") + std::string(r == 1 && i == 0 ? "" : "1");
        csv += "\n";
    }
    return csv;
}

// Model-file text → FittedPipeline (every size validated) → predictions on a probe table; then save →
// load → the same predictions. A model that loads must never read out of bounds when used.
inline void model_file_body(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    const pipeline::FittedPipeline m = pipeline::load_model_text(text);
    io::Table probe;
    try {
        io::CsvOptions o;
        o.delimiter = ',';
        probe = io::read_csv(probe_csv(m), o);
    } catch (const Error&) {
        return;   // feature names the reader renames (empty, repeated): nothing to predict on
    }
    pipeline::Predictions p;
    try {
        p = pipeline::predict(m, probe);
    } catch (const Error&) {
        return;   // e.g. a categorical feature whose encoding refuses "1": a clear refusal is fine
    }
    if (p.predicted.size() != probe.n_rows() || p.scores.rows() != static_cast<Index>(probe.n_rows()) ||
        p.scores.cols() != static_cast<Index>(m.classes.size()))
        throw std::logic_error("predict: result shapes do not match the rows and classes");
    for (int c : p.predicted)
        if (c < 0 || c >= static_cast<int>(m.classes.size())) throw std::logic_error("predict: a class index out of range");
    const pipeline::FittedPipeline back = pipeline::load_model(pipeline::save_model(m));
    const pipeline::Predictions q = pipeline::predict(back, probe);
    if (q.predicted != p.predicted) throw std::logic_error("save → load changed the predictions");
}

}  // namespace genrelab::fuzz
