// Shared numeric types. Every algorithm takes samples as rows: X is n×d, one sample per row.
#pragma once
#include <Eigen/Dense>
#include <cstdint>
#include <vector>

namespace genrelab {

using Matrix = Eigen::MatrixXd;     // n×d, one sample per row
using Vector = Eigen::VectorXd;     // length n or d
using RowVector = Eigen::RowVectorXd;
using Labels = std::vector<int>;    // class index per sample, 0..K-1 (class names live in the model)
using Index = Eigen::Index;

}  // namespace genrelab
