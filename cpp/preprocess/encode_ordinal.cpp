#include "preprocess/encode_ordinal.hpp"

#include <limits>

#include "core/error.hpp"
#include "core/json_eigen.hpp"

namespace genrelab::preprocess {

namespace {

void check_params(const OrdinalParams& p) {
    if (p.handle_unknown == HandleUnknown::InfrequentIfExist)
        throw Error("ordinal encoder: handle_unknown 'infrequent_if_exist' exists only for the one-hot encoder; use "
                    "'error', 'ignore' or 'use_encoded_value'");
}

void check_unknown_value(const OrdinalModel& m) {
    if (m.params.handle_unknown != HandleUnknown::UseEncodedValue) return;
    for (size_t j = 0; j < m.categories.size(); ++j)
        if (m.params.unknown_value >= 0 && static_cast<size_t>(m.params.unknown_value) < m.categories[j].size())
            throw Error("ordinal encoder: unknown_value " + std::to_string(m.params.unknown_value) +
                        " is already the code of '" + m.categories[j][static_cast<size_t>(m.params.unknown_value)] +
                        "' in column '" + m.names[j] + "'; pick a negative number or NaN (handle_unknown 'ignore')");
}

}  // namespace

OrdinalModel fit(const OrdinalParams& params, const std::vector<CategoricalColumn>& X, Progress& progress) {
    check_params(params);
    const size_t n = detail::check_columns(X, "ordinal encoder");
    if (n == 0) throw Error("ordinal encoder: cannot fit on 0 rows");
    OrdinalModel m;
    m.params = params;
    for (size_t j = 0; j < X.size(); ++j) {
        for (size_t i = 0; i < j; ++i)
            if (X[i].name == X[j].name) throw Error("ordinal encoder: column '" + X[j].name + "' is given twice");
        std::vector<std::string> cats;
        std::vector<long long> counts;
        detail::distinct_sorted(X[j], cats, counts);
        if (cats.empty()) throw Error("ordinal encoder: column '" + X[j].name + "' has no values (every cell is missing)");
        m.names.push_back(X[j].name);
        m.categories.push_back(std::move(cats));
        progress.report(static_cast<double>(j + 1) / static_cast<double>(X.size()), "ordinal encoding");
    }
    check_unknown_value(m);
    return m;
}

Matrix transform(const OrdinalModel& model, const std::vector<CategoricalColumn>& X) {
    if (X.size() != model.names.size())
        throw Error("ordinal encoder: got " + std::to_string(X.size()) + " columns but the model was fitted on " +
                    std::to_string(model.names.size()));
    const size_t n = detail::check_columns(X, "ordinal encoder");
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double unknown = model.params.handle_unknown == HandleUnknown::UseEncodedValue
                               ? static_cast<double>(model.params.unknown_value)
                               : nan;
    Matrix out(static_cast<Index>(n), static_cast<Index>(X.size()));
    for (size_t j = 0; j < X.size(); ++j) {
        const auto& col = X[j];
        const auto& cats = model.categories[j];
        if (!col.name.empty() && col.name != model.names[j])
            throw Error("ordinal encoder: input column " + std::to_string(j + 1) + " is '" + col.name +
                        "' but the model was fitted on '" + model.names[j] + "' there");
        for (size_t r = 0; r < n; ++r) {
            double v;
            if (col.is_missing(r)) {
                v = nan;
            } else {
                const long c = detail::find_sorted(cats, col.cells[r]);
                if (c >= 0) {
                    v = static_cast<double>(c);
                } else {
                    if (model.params.handle_unknown == HandleUnknown::Error)
                        throw Error("column '" + model.names[j] + "' has the value '" + col.cells[r] + "' on " +
                                    col.where(r) + ", which the ordinal encoder did not see in training (known: " +
                                    detail::list_for_message(cats) + ")");
                    v = unknown;
                }
            }
            out(static_cast<Index>(r), static_cast<Index>(j)) = v;
        }
    }
    return out;
}

std::vector<std::string> feature_names(const OrdinalModel& model) { return model.names; }

void validate(const OrdinalModel& m) {
    check_params(m.params);
    if (m.names.empty()) throw Error("model file: the ordinal encoder has no columns");
    if (m.categories.size() != m.names.size())
        throw Error("model file: the ordinal encoder names " + std::to_string(m.names.size()) + " columns but has " +
                    std::to_string(m.categories.size()) + " category lists");
    for (size_t j = 0; j < m.names.size(); ++j) {
        if (m.names[j].empty()) throw Error("model file: ordinal column " + std::to_string(j + 1) + " has no name");
        if (m.categories[j].empty()) throw Error("model file: ordinal column '" + m.names[j] + "' has no categories");
        detail::check_sorted_unique(m.categories[j], "ordinal column '" + m.names[j] + "'");
    }
    check_unknown_value(m);
}

void to_json(nlohmann::json& j, const OrdinalModel& m) {
    j = {{"params", m.params}, {"names", m.names}, {"categories", m.categories}};
}

void from_json(const nlohmann::json& j, OrdinalModel& m) {
    m = OrdinalModel{};
    try {
        if (!j.is_object()) throw Error("model file: an ordinal encoder must be a JSON object");
        if (j.contains("params")) m.params = j.at("params").get<OrdinalParams>();
        if (j.at("names").size() > kMaxJsonArray || j.at("categories").size() > kMaxJsonArray)
            throw Error("model file: the ordinal encoder is too large");
        m.names = j.at("names").get<std::vector<std::string>>();
        m.categories = j.at("categories").get<std::vector<std::vector<std::string>>>();
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("model file: an ordinal encoder is malformed: ") + e.what());
    }
    validate(m);
}

}  // namespace genrelab::preprocess
