// The pipeline's two kinds of fitted pieces, each a thin adapter over one algorithm's free functions
// (cpp/preprocess, cpp/reduce, cpp/classify …), so the pipeline can hold a list of them, save them in a
// model file and load them back. Adapters live in pipeline/stages/, one per algorithm; the registries
// (make_stage / make_classifier) map a recipe's "type" to an adapter.
#pragma once
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/stepper.hpp"
#include "core/types.hpp"

namespace genrelab::io {
struct Table;
}

namespace genrelab::pipeline {

using nlohmann::json;

// A matrix → matrix step fitted on the training rows (imputer, scaler, reducer …).
class Stage {
public:
    virtual ~Stage() = default;
    virtual std::string type() const = 0;
    // X: n×d training rows; y: their classes (supervised stages such as LDA use them).
    virtual void fit(const Matrix& X, const Labels& y, int n_classes, const std::vector<std::string>& names) = 0;
    virtual Matrix transform(const Matrix& X) const = 0;
    virtual std::vector<std::string> output_names(const std::vector<std::string>& input_names) const { return input_names; }
    virtual json params() const = 0;   // the recipe entry, with defaults filled in
    virtual json state() const = 0;    // what fit learned
    virtual void load_state(const json& state, size_t n_inputs) = 0;   // validates shapes against n_inputs
    // Stages that need more than the feature matrix (group_impute reads the artist column, which is not a
    // feature) override these; the pipeline always calls them with the table and the rows X holds.
    virtual void fit_rows(const Matrix& X, const Labels& y, int n_classes, const std::vector<std::string>& names,
                          const io::Table&, const std::vector<size_t>&) {
        fit(X, y, n_classes, names);
    }
    virtual Matrix transform_rows(const Matrix& X, const io::Table&, const std::vector<size_t>&) const { return transform(X); }
    // What fitting measured, for the training report's "stages" list (e.g. a regression imputer's R²); null if nothing.
    virtual json report() const { return nullptr; }
};

// The final step: a classifier whose fit may be long, so it is started as a Stepper.
class Classifier {
public:
    virtual ~Classifier() = default;
    virtual std::string type() const = 0;
    // The returned stepper fits the model; X and y must outlive it. When it is done, predict works.
    virtual std::unique_ptr<Stepper> start_fit(const Matrix& X, const Labels& y, int n_classes) = 0;
    virtual Labels predict(const Matrix& X) const = 0;
    // n×K scores per class: probabilities when scores_are_probabilities(), else decision values (for ROC).
    virtual Matrix scores(const Matrix& X) const = 0;
    virtual bool scores_are_probabilities() const { return true; }
    // Both at once; classifiers whose label is the argmax of their scores override it to compute once.
    virtual void predict_with_scores(const Matrix& X, Labels& predicted, Matrix& scores_out) const {
        predicted = predict(X);
        scores_out = scores(X);
    }
    virtual json live_history() const { return nullptr; }   // per-epoch curves while fitting, if any
    // Share of the whole job's time spent fitting (vs. scoring the held-out rows), for the progress bar.
    virtual double fit_share() const { return 0.8; }
    virtual json params() const = 0;
    virtual json state() const = 0;
    virtual void load_state(const json& state, size_t n_features, int n_classes) = 0;
};

std::unique_ptr<Stage> make_stage(const json& spec);              // throws Error for an unknown "type"
std::unique_ptr<Classifier> make_classifier(const json& spec);

// A Stepper for work that is one call (fast fits): step() runs it once.
class OneShot : public Stepper {
public:
    OneShot(std::function<void()> work, std::string stage) : work_(std::move(work)), stage_(std::move(stage)) {}
    bool step() override {
        if (!done_) work_();
        done_ = true;
        return true;
    }
    double fraction() const override { return done_ ? 1.0 : 0.0; }
    std::string stage() const override { return stage_; }

private:
    std::function<void()> work_;
    std::string stage_;
    bool done_ = false;
};

}  // namespace genrelab::pipeline
