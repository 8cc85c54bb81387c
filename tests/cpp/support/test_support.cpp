#include "support/test_support.hpp"

#include <algorithm>
#include <fstream>
#include <limits>
#include <iostream>
#include <sstream>

namespace genrelab::test {

std::string source_dir() { return GENRELAB_SOURCE_DIR; }

std::string test_data(const std::string& name) { return source_dir() + "/tests/data/" + name; }

std::optional<std::string> shared_data(const std::string& name) {
    const std::string path = source_dir() + "/../shared/data/" + name;
    if (std::ifstream(path).good()) return path;
    WARN("skipped: " << path << " is absent (../shared/data exists only on the developers' machines)");
    return std::nullopt;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) FAIL("cannot open " << path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

nlohmann::json reference(const std::string& name) {
    const std::string path = source_dir() + "/tests/data/reference/" + name + ".json";
    std::ifstream in(path);
    if (!in) FAIL("missing reference " << path << " — run scripts/gen-reference");
    return nlohmann::json::parse(in);
}

Matrix matrix_from_json(const nlohmann::json& rows) {
    const Index n = static_cast<Index>(rows.size());
    const Index d = n ? static_cast<Index>(rows[0].size()) : 0;
    Matrix m(n, d);
    for (Index i = 0; i < n; ++i)
        for (Index j = 0; j < d; ++j) {
            const auto& v = rows[i][j];
            m(i, j) = v.is_null() ? std::numeric_limits<double>::quiet_NaN() : v.get<double>();
        }
    return m;
}

Vector vector_from_json(const nlohmann::json& values) {
    Vector v(static_cast<Index>(values.size()));
    for (size_t i = 0; i < values.size(); ++i)
        v[static_cast<Index>(i)] = values[i].is_null() ? std::numeric_limits<double>::quiet_NaN() : values[i].get<double>();
    return v;
}

Labels labels_from_json(const nlohmann::json& values) { return values.get<Labels>(); }

double max_abs_diff(const Matrix& a, const Matrix& b) {
    REQUIRE(a.rows() == b.rows());
    REQUIRE(a.cols() == b.cols());
    return a.size() ? (a - b).cwiseAbs().maxCoeff() : 0.0;
}

double max_abs_diff_up_to_column_sign(const Matrix& a, const Matrix& b) {
    REQUIRE(a.rows() == b.rows());
    REQUIRE(a.cols() == b.cols());
    double worst = 0;
    for (Index c = 0; c < a.cols(); ++c) {
        const double same = (a.col(c) - b.col(c)).cwiseAbs().maxCoeff();
        const double flipped = (a.col(c) + b.col(c)).cwiseAbs().maxCoeff();
        worst = std::max(worst, std::min(same, flipped));
    }
    return worst;
}

}  // namespace genrelab::test
