// A first recipe for a freshly loaded table, so a user can press "Train" at once: the label is the
// categorical column named like a genre (genre, label, class, category, style), else the last
// categorical one; features are the numeric, boolean and categorical columns the profile does not flag
// as ids, names, dates or constants; median imputation and standard scaling; kNN with k = 12.
// Also: a fine-genre label that a shipped map covers (Top-2000's "Top Genre") is grouped with it (unknown
// genres → "other", classes under 10 rows dropped); a negative duration and a text placeholder
// ("empty_field") become missing; (artist, track) pairs under several labels are reported; a small file
// (< 10,000 rows) whose genres were grouped and that has an artist column is split by artist.
#pragma once
#include "io/table.hpp"
#include "pipeline/recipe.hpp"

namespace genrelab::pipeline {

Recipe suggest_recipe(const io::Table& table);

}  // namespace genrelab::pipeline
