// A first recipe for a freshly loaded table, so a user can press "Train" at once: the label is the
// categorical column named like a genre (genre, label, class, category, style), else the last
// categorical one; features are the numeric, boolean and categorical columns the profile does not flag
// as ids, names, dates or constants; median imputation and standard scaling; kNN with k = 12.
#pragma once
#include "io/table.hpp"
#include "pipeline/recipe.hpp"

namespace genrelab::pipeline {

Recipe suggest_recipe(const io::Table& table);

}  // namespace genrelab::pipeline
