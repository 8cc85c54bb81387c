// nlohmann-json conversions for Eigen vectors and matrices, so fitted models serialize with
// NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE. A matrix is stored row-major as {"rows": r, "cols": c, "data": [...]}
// and every size is validated on load (model files come from strangers).
#pragma once
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/types.hpp"

namespace genrelab {
// Upper bound on any array read from a model file: refuse absurd sizes before allocating.
inline constexpr size_t kMaxJsonArray = size_t{1} << 27;  // 134M doubles ≈ 1 GB
}

namespace nlohmann {

template <>
struct adl_serializer<Eigen::VectorXd> {
    static void to_json(json& j, const Eigen::VectorXd& v) { j = std::vector<double>(v.data(), v.data() + v.size()); }
    static void from_json(const json& j, Eigen::VectorXd& v) {
        if (!j.is_array()) throw genrelab::Error("model file: expected an array of numbers");
        if (j.size() > genrelab::kMaxJsonArray) throw genrelab::Error("model file: array too large");
        v.resize(static_cast<Eigen::Index>(j.size()));
        for (size_t i = 0; i < j.size(); ++i) {
            if (!j[i].is_number()) throw genrelab::Error("model file: expected a number at index " + std::to_string(i));
            v[static_cast<Eigen::Index>(i)] = j[i].get<double>();
        }
    }
};

template <>
struct adl_serializer<Eigen::MatrixXd> {
    static void to_json(json& j, const Eigen::MatrixXd& m) {
        std::vector<double> data;
        data.reserve(static_cast<size_t>(m.size()));
        for (Eigen::Index r = 0; r < m.rows(); ++r)
            for (Eigen::Index c = 0; c < m.cols(); ++c) data.push_back(m(r, c));
        j = json{{"rows", m.rows()}, {"cols", m.cols()}, {"data", std::move(data)}};
    }
    static void from_json(const json& j, Eigen::MatrixXd& m) {
        if (!j.is_object() || !j.contains("rows") || !j.contains("cols") || !j.contains("data"))
            throw genrelab::Error("model file: a matrix needs 'rows', 'cols' and 'data'");
        const auto& rows_j = j.at("rows");
        const auto& cols_j = j.at("cols");
        if (!rows_j.is_number_integer() || !cols_j.is_number_integer() || rows_j.get<long long>() < 0 ||
            cols_j.get<long long>() < 0)
            throw genrelab::Error("model file: matrix 'rows' and 'cols' must be non-negative integers");
        const auto rows = rows_j.get<long long>();
        const auto cols = cols_j.get<long long>();
        const auto& data = j.at("data");
        if (!data.is_array()) throw genrelab::Error("model file: matrix 'data' must be an array");
        if (rows > 0 && cols > static_cast<long long>(genrelab::kMaxJsonArray) / rows)
            throw genrelab::Error("model file: matrix of " + std::to_string(rows) + "×" + std::to_string(cols) + " is too large");
        if (static_cast<long long>(data.size()) != rows * cols)
            throw genrelab::Error("model file: matrix says " + std::to_string(rows) + "×" + std::to_string(cols) +
                                  " but holds " + std::to_string(data.size()) + " numbers");
        m.resize(rows, cols);
        size_t k = 0;
        for (Eigen::Index r = 0; r < rows; ++r)
            for (Eigen::Index c = 0; c < cols; ++c, ++k) {
                if (!data[k].is_number()) throw genrelab::Error("model file: matrix entry " + std::to_string(k) + " is not a number");
                m(r, c) = data[k].get<double>();
            }
    }
};

}  // namespace nlohmann
