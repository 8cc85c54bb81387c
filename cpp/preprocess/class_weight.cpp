#include "preprocess/class_weight.hpp"

#include <cmath>

#include "core/error.hpp"

namespace genrelab::preprocess {

std::vector<long long> class_counts(const Labels& y, int n_classes) {
    if (n_classes < 1) throw Error("class counts: n_classes must be ≥ 1 (got " + std::to_string(n_classes) + ")");
    std::vector<long long> counts(static_cast<size_t>(n_classes), 0);
    for (size_t i = 0; i < y.size(); ++i) {
        if (y[i] < 0 || y[i] >= n_classes)
            throw Error("label " + std::to_string(y[i]) + " at position " + std::to_string(i) + " is outside 0.." +
                        std::to_string(n_classes - 1));
        ++counts[static_cast<size_t>(y[i])];
    }
    return counts;
}

Vector balanced_class_weight(const Labels& y, int n_classes) {
    const auto counts = class_counts(y, n_classes);
    if (y.empty()) throw Error("balanced class weights need at least one labelled row");
    Vector w(n_classes);
    for (int c = 0; c < n_classes; ++c) {
        if (counts[static_cast<size_t>(c)] == 0)
            throw Error("class " + std::to_string(c) + " has no rows, so its balanced weight would be infinite; drop the class or use other weights");
        w[c] = static_cast<double>(y.size()) / (static_cast<double>(n_classes) * static_cast<double>(counts[static_cast<size_t>(c)]));
    }
    return w;
}

Vector sample_weight(const Vector& class_weight, const Labels& y) {
    Vector w(static_cast<Index>(y.size()));
    for (size_t i = 0; i < y.size(); ++i) {
        if (y[i] < 0 || y[i] >= class_weight.size())
            throw Error("label " + std::to_string(y[i]) + " at position " + std::to_string(i) + " has no class weight (" +
                        std::to_string(class_weight.size()) + " classes)");
        w[static_cast<Index>(i)] = class_weight[y[i]];
    }
    return w;
}

Vector class_weight(const ClassWeightParams& params, const Labels& y, const std::vector<std::string>& class_names) {
    const int k = static_cast<int>(class_names.size());
    if (k < 1) throw Error("class weights: there are no classes");
    switch (params.mode) {
        case ClassWeightMode::None:
            (void)class_counts(y, k);
            return Vector::Ones(k);
        case ClassWeightMode::Balanced: return balanced_class_weight(y, k);
        case ClassWeightMode::Manual: {
            (void)class_counts(y, k);
            Vector w = Vector::Ones(k);
            for (const auto& [name, weight] : params.manual) {
                int found = -1;
                for (int c = 0; c < k; ++c)
                    if (class_names[static_cast<size_t>(c)] == name) found = c;
                if (found < 0) throw Error("class weights name the class '" + name + "', which is not among the model's classes");
                if (!(weight > 0) || !std::isfinite(weight))
                    throw Error("the weight of class '" + name + "' must be a positive number");
                w[found] = weight;
            }
            return w;
        }
    }
    return Vector::Ones(k);
}

}  // namespace genrelab::preprocess
