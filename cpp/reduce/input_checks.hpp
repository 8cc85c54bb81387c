// Input checks shared by the reduce/ algorithms, so every one of them words the same problem the same way.
#pragma once
#include <cmath>
#include <string>

#include "core/error.hpp"
#include "core/types.hpp"

namespace genrelab::reduce::detail {

// Throws unless every entry of X is finite; names the first bad cell (1-based, as a spreadsheet shows it).
inline void require_finite(const Matrix& X, const std::string& what, const std::string& algorithm) {
    if (X.allFinite()) return;
    for (Index i = 0; i < X.rows(); ++i)
        for (Index j = 0; j < X.cols(); ++j)
            if (!std::isfinite(X(i, j)))
                throw Error(what + " has " + (std::isnan(X(i, j)) ? "a missing value (NaN)" : "an infinite value") +
                            " at row " + with_thousands(i + 1) + ", column " + with_thousands(j + 1) + "; " +
                            algorithm + " needs every value to be a finite number (impute or drop it first)");
}

// Throws when X's column count differs from what the model was fitted on.
inline void require_columns(const Matrix& X, Index expected, const std::string& what, const std::string& algorithm) {
    if (X.cols() != expected)
        throw Error(what + " has " + with_thousands(X.cols()) + " columns but the " + algorithm +
                    " model was fitted on " + with_thousands(expected));
}

}  // namespace genrelab::reduce::detail
