#include "preprocess/group_median_imputer.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/error.hpp"
#include "core/json_eigen.hpp"

namespace genrelab::preprocess {

namespace {

void check_x(const Matrix& X, const CategoricalColumn& groups, const char* when) {
    detail::check_column(groups, "group median imputer");
    if (static_cast<size_t>(X.rows()) != groups.size())
        throw Error(std::string("group median imputer (") + when + "): X has " + with_thousands(X.rows()) +
                    " rows but the group column '" + groups.name + "' has " +
                    with_thousands(static_cast<long long>(groups.size())));
    for (Index j = 0; j < X.cols(); ++j)
        for (Index i = 0; i < X.rows(); ++i)
            if (std::isinf(X(i, j)))
                throw Error(std::string("group median imputer (") + when + "): X has an infinite value in row " +
                            std::to_string(i) + ", column " + std::to_string(j + 1) + " (missing values must be NaN)");
}

// Median of v (reordered in place); v not empty.
double median_of(std::vector<double>& v) {
    const size_t h = v.size() / 2;
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(h), v.end());
    const double upper = v[h];
    if (v.size() % 2 == 1) return upper;
    const double lower = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(h));
    return (lower + upper) / 2.0;
}

}  // namespace

GroupMedianModel fit(const GroupMedianParams& params, const Matrix& X, const CategoricalColumn& groups, Progress& progress) {
    if (params.min_group_count < 1) throw Error("group median imputer: min_group_count must be ≥ 1");
    check_x(X, groups, "fit");
    if (X.rows() == 0 || X.cols() == 0) throw Error("group median imputer: X is empty");
    GroupMedianModel m;
    m.group_column = groups.name;
    m.global_median.resize(X.cols());
    m.group_median.resize(static_cast<size_t>(X.cols()));

    // Rows ordered by group key (ties by row), so each group is one run.
    std::vector<size_t> order;
    for (size_t r = 0; r < groups.size(); ++r)
        if (!groups.is_missing(r)) order.push_back(r);
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return groups.cells[a] < groups.cells[b]; });

    std::vector<double> values;
    for (Index j = 0; j < X.cols(); ++j) {
        values.clear();
        for (Index i = 0; i < X.rows(); ++i)
            if (!std::isnan(X(i, j))) values.push_back(X(i, j));
        if (values.empty())
            throw Error("group median imputer: column " + std::to_string(j + 1) +
                        " has no known value in the training rows, so it has no median to fall back to");
        m.global_median[j] = median_of(values);

        auto& map = m.group_median[static_cast<size_t>(j)];
        auto hint = map.end();
        for (size_t s = 0; s < order.size();) {
            size_t e = s;
            values.clear();
            while (e < order.size() && groups.cells[order[e]] == groups.cells[order[s]]) {
                const double v = X(static_cast<Index>(order[e]), j);
                if (!std::isnan(v)) values.push_back(v);
                ++e;
            }
            if (static_cast<long long>(values.size()) >= params.min_group_count)
                hint = map.emplace_hint(hint, groups.cells[order[s]], median_of(values));
            s = e;
        }
        progress.report(static_cast<double>(j + 1) / static_cast<double>(X.cols()), "group median imputer");
    }
    return m;
}

Matrix transform(const GroupMedianModel& model, const Matrix& X, const CategoricalColumn& groups, GroupMedianCounts* counts) {
    check_x(X, groups, "transform");
    if (X.cols() != model.global_median.size())
        throw Error("group median imputer: X has " + std::to_string(X.cols()) + " columns but the model was fitted on " +
                    std::to_string(model.global_median.size()));
    GroupMedianCounts c;
    Matrix out = X;
    for (Index j = 0; j < X.cols(); ++j) {
        const auto& map = model.group_median[static_cast<size_t>(j)];
        for (Index i = 0; i < X.rows(); ++i) {
            if (!std::isnan(out(i, j))) continue;
            const size_t r = static_cast<size_t>(i);
            if (!groups.is_missing(r)) {
                const auto it = map.find(groups.cells[r]);
                if (it != map.end()) {
                    out(i, j) = it->second;
                    ++c.from_group;
                    continue;
                }
            }
            out(i, j) = model.global_median[j];
            ++c.from_global;
        }
    }
    if (counts) *counts = c;
    return out;
}

void validate(const GroupMedianModel& m) {
    if (m.global_median.size() == 0) throw Error("model file: the group median imputer has no columns");
    if (m.group_median.size() != static_cast<size_t>(m.global_median.size()))
        throw Error("model file: the group median imputer has " + std::to_string(m.global_median.size()) +
                    " global medians but " + std::to_string(m.group_median.size()) + " group tables");
    for (Index j = 0; j < m.global_median.size(); ++j) {
        if (!std::isfinite(m.global_median[j]))
            throw Error("model file: the global median of column " + std::to_string(j + 1) + " is not a finite number");
        for (const auto& [key, v] : m.group_median[static_cast<size_t>(j)])
            if (!std::isfinite(v))
                throw Error("model file: the median of group '" + key + "' in column " + std::to_string(j + 1) + " is not a finite number");
    }
}

void to_json(nlohmann::json& j, const GroupMedianModel& m) {
    j = {{"group_column", m.group_column}, {"global_median", m.global_median}, {"group_median", m.group_median}};
}

void from_json(const nlohmann::json& j, GroupMedianModel& m) {
    m = GroupMedianModel{};
    try {
        if (!j.is_object()) throw Error("model file: a group median imputer must be a JSON object");
        m.group_column = j.value("group_column", std::string());
        m.global_median = j.at("global_median").get<Vector>();
        const auto& g = j.at("group_median");
        if (!g.is_array() || g.size() > kMaxJsonArray) throw Error("model file: 'group_median' must be an array of objects");
        for (const auto& col : g) {
            if (!col.is_object()) throw Error("model file: each entry of 'group_median' must be an object of key → median");
            std::map<std::string, double> map;
            for (auto it = col.begin(); it != col.end(); ++it) {
                if (!it.value().is_number()) throw Error("model file: the median of group '" + it.key() + "' is not a number");
                map.emplace(it.key(), it.value().get<double>());
            }
            m.group_median.push_back(std::move(map));
        }
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("model file: a group median imputer is malformed: ") + e.what());
    }
    validate(m);
}

}  // namespace genrelab::preprocess
