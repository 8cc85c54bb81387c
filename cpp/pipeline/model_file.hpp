// The model file: one JSON document holding everything needed to predict — the recipe, the feature
// encoding, each fitted stage, the classifier, the class names — plus the metrics measured at training
// time, provenance and a generated model card. Files come from strangers: loading checks the format name,
// the version and every size, and never executes anything.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "pipeline/pipeline.hpp"

namespace genrelab::pipeline {

inline constexpr const char* kModelFormat = "genrelab-model";
inline constexpr int kModelFormatVersion = 1;
inline constexpr size_t kMaxModelFileBytes = size_t{256} << 20;   // refuse larger files before parsing
const char* tool_version();

json save_model(const FittedPipeline& model);
FittedPipeline load_model(const json& file);
FittedPipeline load_model_text(const std::string& text);   // parses, with a clear error for non-JSON
// Reads a model file from disk, refusing one larger than kMaxModelFileBytes from its size before reading it.
FittedPipeline load_model_file(const std::string& path);

// Intended use, data, metrics per class and caveats, generated from the model's report.
json model_card(const FittedPipeline& model);

}  // namespace genrelab::pipeline
