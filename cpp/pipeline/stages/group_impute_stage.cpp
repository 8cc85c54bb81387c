// {"type":"group_impute","column":"duration_ms","group_column":"artist_name","statistic":"median","min_group_count":1}
// → preprocess::GroupMedianImputer on one feature: a missing cell takes the median of that column over the
// training rows of the same group (the same artist), else the column's global training median; a group not
// seen in training also gets the global median. The group column need not be a feature (an artist name is
// text): the stage reads it from the table for the rows being transformed.
#include <algorithm>

#include "io/table.hpp"
#include "pipeline/stages/stages.hpp"
#include "preprocess/group_median_imputer.hpp"

namespace genrelab::pipeline {

namespace {

class GroupImputeStage : public Stage {
public:
    explicit GroupImputeStage(const json& spec) {
        for (auto it = spec.begin(); it != spec.end(); ++it)
            if (it.key() != "type" && it.key() != "column" && it.key() != "group_column" && it.key() != "statistic" &&
                it.key() != "min_group_count")
                throw Error("recipe: 'group_impute' has no setting '" + it.key() +
                            "' (settings: column, group_column, statistic, min_group_count)");
        auto text = [&](const char* key, const char* example) {
            if (!spec.contains(key) || !spec.at(key).is_string() || spec.at(key).get<std::string>().empty())
                throw Error(std::string("recipe: 'group_impute' needs \"") + key + "\" (e.g. \"" + example + "\")");
            return spec.at(key).get<std::string>();
        };
        column_ = text("column", "duration_ms");
        group_column_ = text("group_column", "artist_name");
        const std::string statistic = spec.value("statistic", std::string("median"));
        if (statistic != "median") throw Error("recipe: 'group_impute' supports \"statistic\": \"median\" only, got \"" + statistic + "\"");
        if (spec.contains("min_group_count")) {
            if (!spec.at("min_group_count").is_number_integer() || spec.at("min_group_count").get<long long>() < 1)
                throw Error("recipe: 'group_impute' min_group_count must be an integer ≥ 1");
            params_.min_group_count = spec.at("min_group_count").get<long long>();
        }
    }
    std::string type() const override { return "group_impute"; }
    void fit(const Matrix&, const Labels&, int, const std::vector<std::string>&) override {
        throw Error("'group_impute' needs the table's '" + group_column_ + "' column; it runs inside a pipeline only");
    }
    void fit_rows(const Matrix& X, const Labels&, int, const std::vector<std::string>& names, const io::Table& table,
                  const std::vector<size_t>& rows) override {
        auto it = std::find(names.begin(), names.end(), column_);
        if (it == names.end()) throw Error("recipe: 'group_impute' names column '" + column_ + "', which is not among the features");
        index_ = static_cast<Index>(it - names.begin());
        model_ = preprocess::fit(params_, X.col(index_), groups(table, rows));
        n_inputs_ = X.cols();
        fitted_groups_ = static_cast<long long>(model_.group_median[0].size());
        preprocess::transform(model_, X.col(index_), groups(table, rows), &train_counts_);
    }
    Matrix transform(const Matrix&) const override {
        throw Error("'group_impute' needs the table's '" + group_column_ + "' column; it runs inside a pipeline only");
    }
    Matrix transform_rows(const Matrix& X, const io::Table& table, const std::vector<size_t>& rows) const override {
        if (X.cols() != n_inputs_)
            throw Error("group_impute: the data has " + std::to_string(X.cols()) + " columns, not " + std::to_string(n_inputs_));
        Matrix out = X;
        out.col(index_) = preprocess::transform(model_, X.col(index_), groups(table, rows));
        return out;
    }
    json params() const override {
        return json{{"type", type()}, {"column", column_}, {"group_column", group_column_}, {"statistic", "median"},
                    {"min_group_count", params_.min_group_count}};
    }
    json state() const override { return json{{"index", index_}, {"n_inputs", n_inputs_}, {"model", model_}}; }
    void load_state(const json& state, size_t n_inputs) override {
        index_ = state.at("index").get<Index>();
        n_inputs_ = state.at("n_inputs").get<Index>();
        require_width("group_impute", static_cast<size_t>(n_inputs_), n_inputs);
        if (index_ < 0 || index_ >= n_inputs_) throw Error("model file: group_impute column index " + std::to_string(index_) + " is out of range");
        model_ = state.at("model").get<preprocess::GroupMedianModel>();
        if (model_.global_median.size() != 1) throw Error("model file: group_impute must hold the medians of exactly one column");
        fitted_groups_ = static_cast<long long>(model_.group_median[0].size());
    }
    json report() const override {
        return json{{"column", column_},
                    {"group_column", group_column_},
                    {"groups", fitted_groups_},
                    {"global_median", model_.global_median.size() ? model_.global_median[0] : 0.0},
                    {"filled_from_group", train_counts_.from_group},
                    {"filled_from_global", train_counts_.from_global},
                    {"summary", "'" + column_ + "': missing values take the median of the same '" + group_column_ + "' (" +
                                    with_thousands(fitted_groups_) + " groups known from training), else the global median; in training " +
                                    with_thousands(train_counts_.from_group) + " cells were filled from their group and " +
                                    with_thousands(train_counts_.from_global) + " from the global median"}};
    }

private:
    preprocess::CategoricalColumn groups(const io::Table& table, const std::vector<size_t>& rows) const {
        return preprocess::categorical_column(table.column(group_column_), table.line_of_row, rows);
    }
    std::string column_, group_column_;
    preprocess::GroupMedianParams params_;
    preprocess::GroupMedianModel model_;
    Index index_ = -1, n_inputs_ = 0;
    long long fitted_groups_ = 0;
    preprocess::GroupMedianCounts train_counts_;   // how the training rows were filled (not saved)
};

}  // namespace

std::unique_ptr<Stage> make_group_impute_stage(const json& spec) { return std::make_unique<GroupImputeStage>(spec); }

}  // namespace genrelab::pipeline
