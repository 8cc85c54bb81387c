// A fitted pipeline: the recipe plus every fitted piece, in order —
//   feature encoding → stages (impute, scale, reduce …) → classifier —
// with the class names and the metrics measured when it was trained. `Trainer` builds one from a table
// and a recipe step by step (split → fit stages on the training rows only → fit the classifier →
// evaluate on the held-out rows) so the wasm worker can report progress and hear "cancel" between steps.
#pragma once
#include <chrono>
#include <memory>
#include <optional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/stepper.hpp"
#include "io/table.hpp"
#include "pipeline/feature_encoding.hpp"
#include "pipeline/recipe.hpp"
#include "pipeline/stage.hpp"

namespace genrelab::pipeline {

struct FittedPipeline {
    Recipe recipe;
    std::vector<std::string> classes;       // class index → genre name, sorted by code point
    FeatureEncoding encoding;
    std::vector<std::unique_ptr<Stage>> stages;
    std::unique_ptr<Classifier> classifier;
    json report;                            // metrics and counts measured at training time
    json provenance;                        // tool version, when, data fingerprint

    std::vector<std::string> feature_names() const;    // after encoding and stages: the classifier's inputs
    // Encodes and transforms rows of a table (all rows when `rows` is empty) into the classifier's inputs.
    Matrix features(const io::Table& table, const std::vector<size_t>& rows) const;
};

struct Predictions {
    Labels predicted;      // class index per row
    Matrix scores;         // n×K (probabilities or decision values)
    bool probabilities = true;
};

// Rows of `table` whose label is present, and their class indices in `classes` (-1 when unknown).
struct LabelledRows {
    std::vector<size_t> rows;
    Labels y;
    size_t n_missing = 0;
    size_t n_unknown = 0;    // labels not among the model's classes (evaluate on new data)
};
// With the recipe's label map applied (fine → broad genres), or with the raw label column.
LabelledRows label_rows(const io::Table& table, const Recipe& recipe, const std::vector<std::string>& classes);
LabelledRows label_rows(const io::Table& table, const std::string& label, const std::vector<std::string>& classes);
// Each row's label after the recipe's map; "" where missing or dropped by the map's unmapped policy.
std::vector<std::string> mapped_labels(const io::Table& table, const Recipe& recipe);

// The class set a recipe trains on: the distinct labels after grouping, rare classes and top-N applied,
// sorted by code point; throws for fewer than 2 classes, an id-like label, or a class too small to split.
struct ClassDiscovery {
    std::vector<std::string> classes;
    preprocess::LabelMapReport report;
};
ClassDiscovery discover_classes(const io::Table& table, const Recipe& recipe);

Predictions predict(const FittedPipeline& model, const io::Table& table, const std::vector<size_t>& rows = {});
// Metrics of `model` on the labelled rows of `table` (the report's "metrics" shape).
json evaluate(const FittedPipeline& model, const io::Table& table);
json metrics_json(const Labels& y_true, const Predictions& p, const std::vector<std::string>& classes);

class Trainer : public Stepper {
public:
    // `table` must outlive the trainer.
    Trainer(const io::Table& table, Recipe recipe);
    bool step() override;
    double fraction() const override;
    std::string stage() const override;
    json live() const;                      // live curves of the classifier (MLP epochs), or null
    FittedPipeline take();                  // after the last step

private:
    enum class Phase { Prepare, Fit, Evaluate, Done };
    void prepare();
    void evaluate_chunk();

    json clean_report_;                  // declared before cleaned_: the constructor fills it while copying
    const io::Table& source_;
    std::optional<io::Table> cleaned_;   // the recipe's "clean" applied to a copy; the user's table is untouched
    const io::Table& table_;             // cleaned_ when there is one, else source_
    FittedPipeline model_;
    Phase phase_ = Phase::Prepare;
    std::vector<size_t> train_rows_, validation_rows_, test_rows_;
    Labels y_train_, y_validation_, y_test_;
    Matrix X_train_, X_test_;
    std::unique_ptr<Stepper> fit_;
    size_t evaluated_ = 0;
    size_t chunk_rows_ = 64;     // test rows per evaluation step, adapted to keep a step near 50 ms
    Labels test_predicted_;
    Matrix test_scores_;
    std::vector<std::string> warnings_;
    preprocess::LabelMapReport label_report_;
    json leakage_;
    std::chrono::steady_clock::time_point fit_started_;
    double fit_seconds_ = 0;
};

// Convenience: runs a Trainer to the end.
FittedPipeline train(const io::Table& table, const Recipe& recipe, Progress& progress = Progress::none());

}  // namespace genrelab::pipeline
