#include "preprocess/simple_imputer.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"

namespace genrelab::preprocess {

namespace {

std::string column_label(Index j, const std::vector<std::string>& names) {
    if (static_cast<size_t>(j) < names.size() && !names[static_cast<size_t>(j)].empty())
        return "column '" + names[static_cast<size_t>(j)] + "'";
    return "column " + std::to_string(j);
}

// ±Inf is never a missing marker: a value that overflowed is a bug upstream, not a gap to fill.
void reject_infinite(const Matrix& X, const std::vector<std::string>& names, const char* where) {
    for (Index j = 0; j < X.cols(); ++j)
        for (Index i = 0; i < X.rows(); ++i)
            if (std::isinf(X(i, j)))
                throw Error(std::string(where) + ": " + column_label(j, names) + " holds an infinite value in row " +
                            std::to_string(i) + " (only NaN counts as missing)");
}

// Median of an even count is the mean of the two middle values, as numpy's median.
double median_of(std::vector<double>& v) {
    const size_t h = v.size() / 2;
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(h), v.end());
    const double upper = v[h];
    if (v.size() % 2 == 1) return upper;
    const double lower = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(h));
    return lower + (upper - lower) / 2.0;  // no overflow for huge values of the same sign
}

// The most frequent value; ties go to the smallest, as scipy.stats.mode (which scikit-learn uses).
double most_frequent_of(std::vector<double>& v) {
    std::sort(v.begin(), v.end());
    double best = v[0];
    size_t best_count = 0;
    for (size_t i = 0; i < v.size();) {
        size_t j = i;
        while (j < v.size() && v[j] == v[i]) ++j;
        if (j - i > best_count) {
            best_count = j - i;
            best = v[i];
        }
        i = j;
    }
    return best;
}

}  // namespace

SimpleImputerModel fit(const SimpleImputerParams& params, const Matrix& X, const std::vector<std::string>& column_names,
                       Progress&) {
    if (X.rows() == 0 || X.cols() == 0)
        throw Error("the imputer needs at least one row and one column to learn from (got " + std::to_string(X.rows()) +
                    "×" + std::to_string(X.cols()) + ")");
    if (!column_names.empty() && column_names.size() != static_cast<size_t>(X.cols()))
        throw Error("the imputer got " + std::to_string(column_names.size()) + " column names for " +
                    std::to_string(X.cols()) + " columns");
    if (params.strategy == ImputeStrategy::Constant && !std::isfinite(params.fill_value))
        throw Error("the imputer's fill_value must be a finite number");
    reject_infinite(X, column_names, "imputer");

    SimpleImputerModel model;
    model.params = params;
    model.statistics.resize(X.cols());
    std::vector<double> present;
    present.reserve(static_cast<size_t>(X.rows()));
    for (Index j = 0; j < X.cols(); ++j) {
        if (params.strategy == ImputeStrategy::Constant) {
            model.statistics[j] = params.fill_value;
            continue;
        }
        present.clear();
        for (Index i = 0; i < X.rows(); ++i)
            if (!std::isnan(X(i, j))) present.push_back(X(i, j));
        if (present.empty())
            throw Error(column_label(j, column_names) + " has no values in the training rows, so its " +
                        nlohmann::json(params.strategy).get<std::string>() +
                        " cannot be learned; drop the column or use the 'constant' strategy");
        double s = 0;
        switch (params.strategy) {
            case ImputeStrategy::Mean: {
                for (double v : present) s += v;
                s /= static_cast<double>(present.size());
                break;
            }
            case ImputeStrategy::Median: s = median_of(present); break;
            case ImputeStrategy::MostFrequent: s = most_frequent_of(present); break;
            case ImputeStrategy::Constant: break;
        }
        model.statistics[j] = s;
    }
    return model;
}

Matrix transform(const SimpleImputerModel& model, const Matrix& X) {
    validate(model);
    if (X.cols() != model.statistics.size())
        throw Error("X has " + std::to_string(X.cols()) + " columns but the imputer was fitted on " +
                    std::to_string(model.statistics.size()));
    reject_infinite(X, {}, "imputer");
    Matrix out = X;
    for (Index j = 0; j < out.cols(); ++j) {
        const double s = model.statistics[j];
        double* col = out.col(j).data();
        for (Index i = 0; i < out.rows(); ++i)
            if (std::isnan(col[i])) col[i] = s;
    }
    return out;
}

void validate(const SimpleImputerModel& model) {
    if (model.statistics.size() == 0) throw Error("imputer model: it holds no columns");
    for (Index j = 0; j < model.statistics.size(); ++j)
        if (!std::isfinite(model.statistics[j]))
            throw Error("imputer model: the value for column " + std::to_string(j) + " is not a finite number");
}

void to_json(nlohmann::json& j, const SimpleImputerModel& m) {
    j = nlohmann::json{{"params", m.params}, {"statistics", m.statistics}};
}

void from_json(const nlohmann::json& j, SimpleImputerModel& m) {
    if (!j.is_object() || !j.contains("statistics")) throw Error("imputer model: 'statistics' is missing");
    m.params = j.value("params", SimpleImputerParams{});
    j.at("statistics").get_to(m.statistics);
    validate(m);
}

}  // namespace genrelab::preprocess
