// {"type":"missing_if","column":"duration_ms","less_than":0,"equals":[0]} — marks impossible values of one
// column as missing (a sentinel such as duration −1 or tempo 0), at training and prediction alike, so a
// later imputation stage fills them. Nothing is learned.
#include <cmath>
#include <limits>

#include "pipeline/stages/stages.hpp"

namespace genrelab::pipeline {

namespace {

class MissingIfStage : public Stage {
public:
    explicit MissingIfStage(const json& spec) {
        for (auto it = spec.begin(); it != spec.end(); ++it)
            if (it.key() != "type" && it.key() != "column" && it.key() != "less_than" && it.key() != "equals" &&
                it.key() != "greater_than")
                throw Error("recipe: 'missing_if' has no setting '" + it.key() + "' (settings: column, less_than, greater_than, equals)");
        if (!spec.contains("column") || !spec.at("column").is_string())
            throw Error("recipe: 'missing_if' needs \"column\" (e.g. \"duration_ms\")");
        column_ = spec.at("column").get<std::string>();
        try {
            if (spec.contains("less_than")) less_than_ = spec.at("less_than").get<double>();
            if (spec.contains("greater_than")) greater_than_ = spec.at("greater_than").get<double>();
            if (spec.contains("equals")) equals_ = spec.at("equals").get<std::vector<double>>();
        } catch (const json::exception&) {
            throw Error("recipe: 'missing_if' on '" + column_ + "' needs numbers for less_than, greater_than and equals");
        }
    }
    std::string type() const override { return "missing_if"; }
    void fit(const Matrix&, const Labels&, int, const std::vector<std::string>& names) override {
        index_ = -1;
        for (size_t i = 0; i < names.size(); ++i)
            if (names[i] == column_) index_ = static_cast<Index>(i);
        if (index_ < 0) throw Error("recipe: 'missing_if' names column '" + column_ + "', which is not among the features");
    }
    Matrix transform(const Matrix& X) const override {
        if (index_ >= X.cols()) throw Error("missing_if: the data has fewer columns than at training");
        Matrix out = X;
        for (Index r = 0; r < out.rows(); ++r) {
            double& v = out(r, index_);
            bool hit = (less_than_ && v < *less_than_) || (greater_than_ && v > *greater_than_);
            for (double e : equals_) hit = hit || v == e;
            if (hit) v = std::numeric_limits<double>::quiet_NaN();
        }
        return out;
    }
    json params() const override {
        json j{{"type", type()}, {"column", column_}};
        if (less_than_) j["less_than"] = *less_than_;
        if (greater_than_) j["greater_than"] = *greater_than_;
        if (!equals_.empty()) j["equals"] = equals_;
        return j;
    }
    json state() const override { return json{{"index", index_}}; }
    void load_state(const json& state, size_t n_inputs) override {
        index_ = state.at("index").get<Index>();
        if (index_ < 0 || static_cast<size_t>(index_) >= n_inputs)
            throw Error("model file: missing_if column index " + std::to_string(index_) + " is out of range");
    }

private:
    std::string column_;
    std::optional<double> less_than_, greater_than_;
    std::vector<double> equals_;
    Index index_ = -1;
};

}  // namespace

std::unique_ptr<Stage> make_missing_if_stage(const json& spec) { return std::make_unique<MissingIfStage>(spec); }

}  // namespace genrelab::pipeline
