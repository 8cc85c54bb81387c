#include "preprocess/encode_onehot.hpp"

#include <algorithm>
#include <numeric>

#include "core/error.hpp"
#include "core/json_eigen.hpp"

namespace genrelab::preprocess {

namespace {

const char* kWhat = "one-hot encoder";

void check_params(const OneHotParams& p) {
    if (p.handle_unknown == HandleUnknown::UseEncodedValue)
        throw Error("one-hot encoder: handle_unknown 'use_encoded_value' exists only for the ordinal encoder; use "
                    "'error', 'ignore' or 'infrequent_if_exist'");
    if (p.min_frequency < 0) throw Error("one-hot encoder: min_frequency must be ≥ 0 (got " + std::to_string(p.min_frequency) + ")");
    if (p.max_categories < 0 || p.max_categories == 1)
        throw Error("one-hot encoder: max_categories must be 0 (no limit) or ≥ 2 (got " + std::to_string(p.max_categories) + ")");
}

bool infrequent_enabled(const OneHotParams& p) { return p.min_frequency > 1 || p.max_categories >= 2; }

OneHotLayout make_layout(const OneHotParams& p, const OneHotColumnState& c) {
    OneHotLayout L;
    const size_t n_cat = c.categories.size();
    L.missing_is_category = p.missing == MissingPolicy::Category && c.missing_count > 0;
    // The "extended" categories: the sorted values, then missing if it is a category (sklearn's NaN last).
    std::vector<long long> counts = c.counts;
    if (L.missing_is_category) counts.push_back(c.missing_count);
    const size_t n_ext = counts.size();

    std::vector<bool> infrequent(n_ext, false);
    if (infrequent_enabled(p)) {
        if (p.min_frequency > 1)
            for (size_t i = 0; i < n_ext; ++i) infrequent[i] = counts[i] < p.min_frequency;
        const size_t n_infrequent = static_cast<size_t>(std::count(infrequent.begin(), infrequent.end(), true));
        const size_t n_current = n_ext - n_infrequent + 1;
        if (p.max_categories >= 2 && static_cast<size_t>(p.max_categories) < n_current) {
            // sklearn: np.argsort(counts, kind="mergesort")[:-max_categories + 1] — the smallest counts, ties
            // in category order, are infrequent.
            std::vector<size_t> order(n_ext);
            std::iota(order.begin(), order.end(), size_t{0});
            std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return counts[a] < counts[b]; });
            const size_t n_small = n_ext - static_cast<size_t>(p.max_categories - 1);
            for (size_t i = 0; i < n_small; ++i) infrequent[order[i]] = true;
        }
    }
    const bool has_infrequent = std::find(infrequent.begin(), infrequent.end(), true) != infrequent.end();

    // Mapped index: frequent categories keep their order, the infrequent ones share the last index.
    std::vector<int> mapped(n_ext);
    int n_frequent = 0;
    for (size_t i = 0; i < n_ext; ++i)
        if (!infrequent[i]) mapped[i] = n_frequent++;
    for (size_t i = 0; i < n_ext; ++i)
        if (infrequent[i]) mapped[i] = n_frequent;
    const int n_mapped = n_frequent + (has_infrequent ? 1 : 0);

    std::vector<std::string> mapped_names(static_cast<size_t>(n_mapped));
    for (size_t i = 0; i < n_ext; ++i)
        if (!infrequent[i]) mapped_names[static_cast<size_t>(mapped[i])] = c.name + "=" + (i < n_cat ? c.categories[i] : std::string("<missing>"));
    if (has_infrequent) mapped_names.back() = c.name + "=infrequent";

    int drop_idx = -1;
    if (p.drop == OneHotDrop::First && n_mapped > 0) drop_idx = 0;
    if (p.drop == OneHotDrop::IfBinary && n_mapped == 2) drop_idx = 0;
    auto out_of_mapped = [&](int m) { return m == drop_idx ? -1 : (drop_idx >= 0 && m > drop_idx ? m - 1 : m); };

    L.output_of.assign(n_cat + 1, -1);
    for (size_t i = 0; i < n_cat; ++i) L.output_of[i] = out_of_mapped(mapped[i]);
    if (L.missing_is_category) L.output_of[n_cat] = out_of_mapped(mapped[n_cat]);
    if (p.handle_unknown == HandleUnknown::InfrequentIfExist && has_infrequent) L.unknown_output = out_of_mapped(n_frequent);
    for (int m = 0; m < n_mapped; ++m)
        if (m != drop_idx) L.names.push_back(mapped_names[static_cast<size_t>(m)]);
    return L;
}

void build_layout(OneHotModel& m) {
    m.layout.clear();
    m.n_outputs = 0;
    for (const auto& c : m.columns) {
        m.layout.push_back(make_layout(m.params, c));
        m.layout.back().offset = m.n_outputs;
        m.n_outputs += static_cast<Index>(m.layout.back().names.size());
    }
}

}  // namespace

OneHotModel fit(const OneHotParams& params, const std::vector<CategoricalColumn>& X, Progress& progress) {
    check_params(params);
    const size_t n = detail::check_columns(X, kWhat);
    if (n == 0) throw Error("one-hot encoder: cannot fit on 0 rows");
    OneHotModel m;
    m.params = params;
    for (size_t j = 0; j < X.size(); ++j) {
        const auto& col = X[j];
        for (size_t i = 0; i < j; ++i)
            if (X[i].name == col.name) throw Error("one-hot encoder: column '" + col.name + "' is given twice");
        OneHotColumnState s;
        s.name = col.name;
        detail::distinct_sorted(col, s.categories, s.counts);
        for (size_t r = 0; r < n; ++r)
            if (col.is_missing(r)) {
                if (params.missing == MissingPolicy::Error)
                    throw Error("column '" + col.name + "' has a missing value on " + col.where(r) +
                                " and the one-hot encoder was told to refuse missing values");
                ++s.missing_count;
            }
        m.columns.push_back(std::move(s));
        progress.report(static_cast<double>(j + 1) / static_cast<double>(X.size()), "one-hot encoding");
    }
    build_layout(m);
    return m;
}

Matrix transform(const OneHotModel& model, const std::vector<CategoricalColumn>& X) {
    if (model.layout.size() != model.columns.size()) throw Error("one-hot encoder: the model was not fitted or loaded");
    if (X.size() != model.columns.size())
        throw Error("one-hot encoder: got " + std::to_string(X.size()) + " columns but the model was fitted on " +
                    std::to_string(model.columns.size()));
    const size_t n = detail::check_columns(X, kWhat);
    Matrix out = Matrix::Zero(static_cast<Index>(n), model.n_outputs);
    for (size_t j = 0; j < X.size(); ++j) {
        const auto& col = X[j];
        const auto& s = model.columns[j];
        const auto& L = model.layout[j];
        if (!col.name.empty() && col.name != s.name)
            throw Error("one-hot encoder: input column " + std::to_string(j + 1) + " is '" + col.name +
                        "' but the model was fitted on '" + s.name + "' there");
        const size_t n_cat = s.categories.size();
        for (size_t r = 0; r < n; ++r) {
            int o;
            if (col.is_missing(r)) {
                if (model.params.missing == MissingPolicy::Zeros) continue;
                if (model.params.missing == MissingPolicy::Error)
                    throw Error("column '" + s.name + "' has a missing value on " + col.where(r) +
                                " and the one-hot encoder was told to refuse missing values");
                if (L.missing_is_category) {
                    o = L.output_of[n_cat];
                } else {
                    if (model.params.handle_unknown == HandleUnknown::Error)
                        throw Error("column '" + s.name + "' has a missing value on " + col.where(r) +
                                    ", but it had none in training, so the one-hot encoder has no category for it");
                    o = L.unknown_output;
                }
            } else {
                const long c = detail::find_sorted(s.categories, col.cells[r]);
                if (c >= 0) {
                    o = L.output_of[static_cast<size_t>(c)];
                } else {
                    if (model.params.handle_unknown == HandleUnknown::Error)
                        throw Error("column '" + s.name + "' has the value '" + col.cells[r] + "' on " + col.where(r) +
                                    ", which the one-hot encoder did not see in training (known: " +
                                    detail::list_for_message(s.categories) + ")");
                    o = L.unknown_output;
                }
            }
            if (o >= 0) out(static_cast<Index>(r), L.offset + o) = 1.0;
        }
    }
    return out;
}

std::vector<std::string> feature_names(const OneHotModel& model) {
    std::vector<std::string> names;
    for (const auto& L : model.layout) names.insert(names.end(), L.names.begin(), L.names.end());
    return names;
}

namespace {

void check_state(const OneHotModel& m) {
    check_params(m.params);
    if (m.columns.empty()) throw Error("model file: the one-hot encoder has no columns");
    for (size_t j = 0; j < m.columns.size(); ++j) {
        const auto& c = m.columns[j];
        if (c.name.empty()) throw Error("model file: one-hot column " + std::to_string(j + 1) + " has no name");
        for (size_t i = 0; i < j; ++i)
            if (m.columns[i].name == c.name) throw Error("model file: one-hot column '" + c.name + "' appears twice");
        detail::check_sorted_unique(c.categories, "one-hot column '" + c.name + "'");
        if (c.counts.size() != c.categories.size())
            throw Error("model file: one-hot column '" + c.name + "' has " + std::to_string(c.categories.size()) +
                        " categories but " + std::to_string(c.counts.size()) + " counts");
        for (long long k : c.counts)
            if (k < 1) throw Error("model file: one-hot column '" + c.name + "' has a category count below 1");
        if (c.missing_count < 0) throw Error("model file: one-hot column '" + c.name + "' has a negative missing count");
    }
}

}  // namespace

void validate(const OneHotModel& m) {
    check_state(m);
    // The layout is derived: it must be exactly what the state and params give.
    if (m.layout.size() != m.columns.size()) throw Error("one-hot encoder: the model was not fitted or loaded");
    Index total = 0;
    for (size_t j = 0; j < m.columns.size(); ++j) {
        const OneHotLayout L = make_layout(m.params, m.columns[j]);
        if (L.output_of != m.layout[j].output_of || L.names != m.layout[j].names || L.unknown_output != m.layout[j].unknown_output ||
            m.layout[j].offset != total)
            throw Error("one-hot encoder: the output layout of column '" + m.columns[j].name + "' does not match its categories");
        total += static_cast<Index>(L.names.size());
    }
    if (total != m.n_outputs) throw Error("one-hot encoder: the output count does not match the layout");
}

void to_json(nlohmann::json& j, const OneHotModel& m) {
    j = nlohmann::json::object();
    j["params"] = m.params;
    auto cols = nlohmann::json::array();
    for (const auto& c : m.columns)
        cols.push_back({{"name", c.name}, {"categories", c.categories}, {"counts", c.counts}, {"missing_count", c.missing_count}});
    j["columns"] = std::move(cols);
}

void from_json(const nlohmann::json& j, OneHotModel& m) {
    m = OneHotModel{};
    try {
        if (!j.is_object() || !j.contains("columns") || !j.at("columns").is_array())
            throw Error("model file: a one-hot encoder needs 'params' and a 'columns' array");
        if (j.contains("params")) m.params = j.at("params").get<OneHotParams>();
        if (j.at("columns").size() > kMaxJsonArray) throw Error("model file: too many one-hot columns");
        for (const auto& cj : j.at("columns")) {
            OneHotColumnState c;
            c.name = cj.at("name").get<std::string>();
            if (cj.at("categories").size() > kMaxJsonArray) throw Error("model file: too many categories");
            c.categories = cj.at("categories").get<std::vector<std::string>>();
            c.counts = cj.at("counts").get<std::vector<long long>>();
            c.missing_count = cj.value("missing_count", 0LL);
            m.columns.push_back(std::move(c));
        }
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("model file: a one-hot encoder is malformed: ") + e.what());
    }
    check_state(m);
    build_layout(m);
}

}  // namespace genrelab::preprocess
