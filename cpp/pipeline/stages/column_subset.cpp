// Any width-preserving stage restricted to some columns: {"type":"scale","method":"minmax","columns":["tempo","loudness"]}
// fits and transforms only those columns (by their names after encoding) and passes the others through,
// so scaling or imputation can be chosen per column.
#include <algorithm>

#include "pipeline/stages/stages.hpp"

namespace genrelab::pipeline {

namespace {

class ColumnSubset : public Stage {
public:
    ColumnSubset(std::unique_ptr<Stage> inner, std::vector<std::string> columns)
        : inner_(std::move(inner)), columns_(std::move(columns)) {
        if (columns_.empty()) throw Error("recipe: '" + inner_->type() + "' lists no \"columns\"");
    }
    std::string type() const override { return inner_->type(); }
    void fit(const Matrix& X, const Labels& y, int n_classes, const std::vector<std::string>& names) override {
        index_.clear();
        for (const auto& c : columns_) {
            auto it = std::find(names.begin(), names.end(), c);
            if (it == names.end()) throw Error("recipe: '" + type() + "' names column '" + c + "', which is not among the features");
            index_.push_back(static_cast<Index>(it - names.begin()));
        }
        std::vector<std::string> sub;
        for (Index i : index_) sub.push_back(names[static_cast<size_t>(i)]);
        inner_->fit(take(X), y, n_classes, sub);
        if (inner_->output_names(sub).size() != sub.size())
            throw Error("recipe: '" + type() + "' changes the number of columns, so it cannot be limited to some columns");
    }
    Matrix transform(const Matrix& X) const override {
        for (Index i : index_)
            if (i >= X.cols()) throw Error("'" + type() + "': the data has fewer columns than at training");
        const Matrix part = inner_->transform(take(X));
        Matrix out = X;
        for (size_t k = 0; k < index_.size(); ++k) out.col(index_[k]) = part.col(static_cast<Index>(k));
        return out;
    }
    json params() const override {
        json p = inner_->params();
        p["columns"] = columns_;
        return p;
    }
    json state() const override { return json{{"index", index_}, {"inner", inner_->state()}}; }
    void load_state(const json& state, size_t n_inputs) override {
        index_ = state.at("index").get<std::vector<Index>>();
        if (index_.size() != columns_.size()) throw Error("model file: '" + type() + "' lists a different number of columns");
        for (Index i : index_)
            if (i < 0 || static_cast<size_t>(i) >= n_inputs) throw Error("model file: '" + type() + "' column index out of range");
        inner_->load_state(state.at("inner"), index_.size());
    }

private:
    Matrix take(const Matrix& X) const {
        Matrix sub(X.rows(), static_cast<Index>(index_.size()));
        for (size_t k = 0; k < index_.size(); ++k) sub.col(static_cast<Index>(k)) = X.col(index_[k]);
        return sub;
    }
    std::unique_ptr<Stage> inner_;
    std::vector<std::string> columns_;
    std::vector<Index> index_;
};

}  // namespace

std::unique_ptr<Stage> restrict_to_columns(std::unique_ptr<Stage> inner, const json& columns) {
    if (!columns.is_array()) throw Error("recipe: \"columns\" must be a list of column names");
    return std::make_unique<ColumnSubset>(std::move(inner), columns.get<std::vector<std::string>>());
}

}  // namespace genrelab::pipeline
