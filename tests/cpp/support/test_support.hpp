// Helpers shared by the native tests: where the data lives, reference values from scikit-learn
// (tests/data/reference/*.json, written by scripts/gen-reference), and skipping with a printed reason.
#pragma once
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/types.hpp"

namespace genrelab::test {

std::string source_dir();                          // the repository root
std::string test_data(const std::string& name);    // tests/data/<name>
// ../shared/data/<name> when present; otherwise prints why and returns nullopt (the caller returns).
std::optional<std::string> shared_data(const std::string& name);
// tests/data/reference/<name>.json (fails the test with a hint to run scripts/gen-reference if missing).
nlohmann::json reference(const std::string& name);
std::string read_file(const std::string& path);

Matrix matrix_from_json(const nlohmann::json& rows);   // [[...], [...]] → n×d
Vector vector_from_json(const nlohmann::json& values);
Labels labels_from_json(const nlohmann::json& values);

// max |a - b| over all entries; shapes must match.
double max_abs_diff(const Matrix& a, const Matrix& b);
// Same, but each column of `b` may be the negative of `a`'s (eigenvector signs are arbitrary).
double max_abs_diff_up_to_column_sign(const Matrix& a, const Matrix& b);

}  // namespace genrelab::test

// Skip the rest of a test case with a visible reason (Catch2 v2 has no SKIP).
#define GENRELAB_SKIP(reason)                                    \
    do {                                                         \
        WARN("skipped: " << reason);                             \
        return;                                                  \
    } while (0)
