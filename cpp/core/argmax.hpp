// The class of each row of a score matrix: the column of its largest score, ties going to the lowest
// class index (like numpy's argmax and scikit-learn's predict). A strict comparison, no Eigen visitor, so
// the choice among equal scores is the same on every platform.
#pragma once
#include "core/types.hpp"

namespace genrelab {

// scores: n×K. Returns n labels in 0..K−1.
inline Labels argmax_rows(const Matrix& scores) {
    Labels out(static_cast<size_t>(scores.rows()));
    for (Index r = 0; r < scores.rows(); ++r) {
        Index best = 0;
        for (Index c = 1; c < scores.cols(); ++c)
            if (scores(r, c) > scores(r, best)) best = c;
        out[static_cast<size_t>(r)] = static_cast<int>(best);
    }
    return out;
}

}  // namespace genrelab
