// {"type":"one_hot","column":"key"} — replaces one numeric feature that is really a category (key as pitch
// class 0–11, mode 0/1, time_signature 3/4/5) by indicator columns "key=0", "key=1", … over the distinct
// values seen in the training rows (sorted); a value not seen in training gives all zeros, a missing value
// stays missing in every indicator (impute before this stage). scikit-learn's OneHotEncoder(handle_unknown=
// "ignore") on that column; without this stage such a column is used as one ordinal number.
#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include "pipeline/stages/stages.hpp"

namespace genrelab::pipeline {

namespace {

constexpr size_t kMaxCategories = 64;

std::string number_text(double v) {
    std::ostringstream s;
    s.precision(12);
    s << v;
    return s.str();
}

class OneHotStage : public Stage {
public:
    explicit OneHotStage(const json& spec) {
        for (auto it = spec.begin(); it != spec.end(); ++it)
            if (it.key() != "type" && it.key() != "column")
                throw Error("recipe: 'one_hot' has no setting '" + it.key() + "' (settings: column)");
        if (!spec.contains("column") || !spec.at("column").is_string() || spec.at("column").get<std::string>().empty())
            throw Error("recipe: 'one_hot' needs \"column\" (e.g. \"key\")");
        column_ = spec.at("column").get<std::string>();
    }
    std::string type() const override { return "one_hot"; }
    void fit(const Matrix& X, const Labels&, int, const std::vector<std::string>& names) override {
        auto it = std::find(names.begin(), names.end(), column_);
        if (it == names.end()) throw Error("recipe: 'one_hot' names column '" + column_ + "', which is not among the features");
        index_ = static_cast<Index>(it - names.begin());
        n_inputs_ = X.cols();
        values_.clear();
        for (Index i = 0; i < X.rows(); ++i)
            if (!std::isnan(X(i, index_))) values_.push_back(X(i, index_));
        std::sort(values_.begin(), values_.end());
        values_.erase(std::unique(values_.begin(), values_.end()), values_.end());
        if (values_.empty()) throw Error("'one_hot': column '" + column_ + "' has no value in the training rows");
        if (values_.size() > kMaxCategories)
            throw Error("'one_hot': column '" + column_ + "' has " + std::to_string(values_.size()) + " distinct values (at most " +
                        std::to_string(kMaxCategories) + "); it looks like a measurement, not a category");
    }
    Matrix transform(const Matrix& X) const override {
        if (X.cols() != n_inputs_)
            throw Error("one_hot: the data has " + std::to_string(X.cols()) + " columns, not " + std::to_string(n_inputs_));
        const Index k = static_cast<Index>(values_.size());
        Matrix out(X.rows(), n_inputs_ - 1 + k);
        out.leftCols(index_) = X.leftCols(index_);
        out.rightCols(n_inputs_ - 1 - index_) = X.rightCols(n_inputs_ - 1 - index_);
        for (Index i = 0; i < X.rows(); ++i) {
            const double v = X(i, index_);
            for (Index c = 0; c < k; ++c)
                out(i, index_ + c) = std::isnan(v) ? std::numeric_limits<double>::quiet_NaN() : (v == values_[static_cast<size_t>(c)] ? 1.0 : 0.0);
        }
        return out;
    }
    std::vector<std::string> output_names(const std::vector<std::string>& in) const override {
        std::vector<std::string> out(in.begin(), in.begin() + index_);
        for (double v : values_) out.push_back(column_ + "=" + number_text(v));
        out.insert(out.end(), in.begin() + index_ + 1, in.end());
        return out;
    }
    json params() const override { return json{{"type", type()}, {"column", column_}}; }
    json state() const override { return json{{"index", index_}, {"n_inputs", n_inputs_}, {"values", values_}}; }
    void load_state(const json& state, size_t n_inputs) override {
        index_ = state.at("index").get<Index>();
        n_inputs_ = state.at("n_inputs").get<Index>();
        values_ = state.at("values").get<std::vector<double>>();
        require_width("one_hot", static_cast<size_t>(n_inputs_), n_inputs);
        if (index_ < 0 || index_ >= n_inputs_) throw Error("model file: one_hot column index " + std::to_string(index_) + " is out of range");
        if (values_.empty() || values_.size() > kMaxCategories || !std::is_sorted(values_.begin(), values_.end()) ||
            std::adjacent_find(values_.begin(), values_.end()) != values_.end())
            throw Error("model file: one_hot values must be 1.." + std::to_string(kMaxCategories) + " distinct numbers in increasing order");
    }

private:
    std::string column_;
    Index index_ = -1, n_inputs_ = 0;
    std::vector<double> values_;
};

}  // namespace

std::unique_ptr<Stage> make_one_hot_stage(const json& spec) { return std::make_unique<OneHotStage>(spec); }

}  // namespace genrelab::pipeline
