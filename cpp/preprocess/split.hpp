// Ways to divide the rows of a data set into train / validation / test parts, and k-fold
// cross-validation folds. Every function returns row indices (0-based, into the rows it was given),
// each part sorted ascending; the parts are disjoint and together cover every row.
//
//   stratified_peer_split — the peers' protocol (../shared/peers/README.md, "Data protocol" rule 6),
//       bit for bit, so that results are comparable with the scikit-learn / JS benchmarks: one
//       Mulberry32(seed) stream; per class in index order its rows ascending are Fisher–Yates shuffled
//       and the first floor((num·n_c + den/2)/den) go to test, with num/den = round(100·test_fraction)/100.
//       validation stays empty.
//   stratified_split — any proportions (60/20/20, 49/30/21, 70/30 …). The part sizes are the
//       largest-remainder rounding of n·fraction (ties favour test, then validation); each class's share
//       of each part is the largest-remainder rounding of n_c·fraction (ties favour the lower class index),
//       so each class is within one row of its quota in test and validation. Every class gets at least
//       one row in every part whose fraction is > 0 (a row is moved from the class's largest part if
//       rounding left a part without it). Rows are chosen by an Rng(seed) shuffle per class.
//       Like scikit-learn's train_test_split(stratify=y) in spirit; its exact rows depend on numpy's
//       RNG and cannot be reproduced.
//   group_split — no group (e.g. artist) has rows in two parts, so a model cannot score well by
//       recognising an artist it saw in training. Groups are shuffled with Rng(seed), stable-sorted by
//       size (largest first) and each is put greedily into the part where it most reduces the squared
//       distance of the per-class row counts from their targets (n_c·fraction). Proportions are met only
//       approximately (one large group can overshoot). Every distinct string is one group, "" included.
//       Like scikit-learn's GroupShuffleSplit, but class-aware and with three parts.
//   kfold / stratified_kfold — k folds; fold f's test part is the fold, train the other rows,
//       validation empty. Fold sizes and per-class counts per fold are exactly scikit-learn's
//       KFold / StratifiedKFold (n % k folds get one row more, first folds first; StratifiedKFold's
//       round-robin allocation over classes ordered by first appearance in y). Without shuffle the folds
//       are scikit-learn's exact rows; with shuffle the rows come from Rng(seed) instead of numpy.
//
// Errors (genrelab::Error): fractions outside [0, 1) or summing to ≥ 1, labels outside 0..n_classes−1,
// a class with too few rows for the requested parts or folds (the message names the class index and
// the counts), k < 2 or more folds than rows.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/types.hpp"

namespace genrelab::preprocess {

struct SplitIndices {
    std::vector<size_t> train, validation, test;
};

// y: n labels in 0..n_classes−1. test_fraction in (0, 1), taken to whole percent as the peers do.
SplitIndices stratified_peer_split(const Labels& y, int n_classes, double test_fraction, uint32_t seed);

// y: n labels in 0..n_classes−1; fractions ≥ 0 with validation_fraction + test_fraction < 1.
SplitIndices stratified_split(const Labels& y, int n_classes, double validation_fraction, double test_fraction,
                              uint64_t seed);

// groups: n group names (artist), y: n labels ≥ 0 (used to balance classes across parts).
SplitIndices group_split(const std::vector<std::string>& groups, const Labels& y, double validation_fraction,
                         double test_fraction, uint64_t seed);

// n rows, 2 ≤ k ≤ n.
std::vector<SplitIndices> kfold(size_t n, int k, bool shuffle, uint64_t seed);
// y: n labels in 0..n_classes−1; every class needs at least k rows (so every fold's test part has it).
std::vector<SplitIndices> stratified_kfold(const Labels& y, int n_classes, int k, bool shuffle, uint64_t seed);

}  // namespace genrelab::preprocess
