#include "preprocess/encode_label.hpp"

#include "core/error.hpp"
#include "core/json_eigen.hpp"

namespace genrelab::preprocess {

namespace {
void refuse_missing(const CategoricalColumn& y, size_t r) {
    throw Error("label column '" + y.name + "' is empty on " + y.where(r) +
                "; rows without a label cannot be used for training or evaluation (drop them first)");
}
}  // namespace

LabelEncoderModel fit(const LabelEncoderParams& params, const CategoricalColumn& y) {
    detail::check_column(y, "label encoder");
    for (size_t r = 0; r < y.size(); ++r)
        if (y.is_missing(r)) refuse_missing(y, r);
    LabelEncoderModel m;
    m.column = y.name;
    std::vector<long long> counts;
    detail::distinct_sorted(y, m.classes, counts);
    if (static_cast<long long>(m.classes.size()) < params.min_classes)
        throw Error("label column '" + y.name + "' has " + std::to_string(m.classes.size()) + " distinct value(s) (" +
                    detail::list_for_message(m.classes) + "); a classifier needs at least " +
                    std::to_string(params.min_classes));
    return m;
}

Labels transform(const LabelEncoderModel& model, const CategoricalColumn& y) {
    detail::check_column(y, "label encoder");
    Labels out(y.size());
    for (size_t r = 0; r < y.size(); ++r) {
        if (y.is_missing(r)) refuse_missing(y, r);
        const long c = detail::find_sorted(model.classes, y.cells[r]);
        if (c < 0)
            throw Error("label '" + y.cells[r] + "' on " + y.where(r) + " is not one of the " +
                        std::to_string(model.classes.size()) + " classes the model was trained on (" +
                        detail::list_for_message(model.classes, 20) + ")");
        out[r] = static_cast<int>(c);
    }
    return out;
}

std::vector<std::string> inverse_transform(const LabelEncoderModel& model, const Labels& y) {
    std::vector<std::string> out;
    out.reserve(y.size());
    for (size_t r = 0; r < y.size(); ++r) {
        if (y[r] < 0 || static_cast<size_t>(y[r]) >= model.classes.size())
            throw Error("class index " + std::to_string(y[r]) + " at position " + std::to_string(r) +
                        " is outside 0.." + std::to_string(static_cast<long>(model.classes.size()) - 1));
        out.push_back(model.classes[static_cast<size_t>(y[r])]);
    }
    return out;
}

int n_classes(const LabelEncoderModel& model) { return static_cast<int>(model.classes.size()); }

void validate(const LabelEncoderModel& m) {
    if (m.classes.empty()) throw Error("model file: the label encoder has no classes");
    detail::check_sorted_unique(m.classes, "the label encoder");
}

void to_json(nlohmann::json& j, const LabelEncoderModel& m) { j = {{"column", m.column}, {"classes", m.classes}}; }

void from_json(const nlohmann::json& j, LabelEncoderModel& m) {
    m = LabelEncoderModel{};
    try {
        if (!j.is_object()) throw Error("model file: a label encoder must be a JSON object");
        m.column = j.value("column", std::string());
        if (j.at("classes").size() > kMaxJsonArray) throw Error("model file: too many classes");
        m.classes = j.at("classes").get<std::vector<std::string>>();
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("model file: a label encoder is malformed: ") + e.what());
    }
    validate(m);
}

}  // namespace genrelab::preprocess
