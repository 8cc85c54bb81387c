// Turns the recipe's feature columns of an io::Table into the numeric matrix every stage works on.
// Learned from the training rows only: numeric and boolean columns pass through (NaN = missing);
// categorical columns become numbers — note names ("C#") → pitch class 0–11 and Major/Minor → 1/0
// (the peers' rules, so 'key' and 'mode' are one column each), any other category → one-hot over the
// categories seen in training, with categories unseen at predict time encoded as all zeros (and counted).
// Text columns (names, titles) are refused with a message suggesting to leave them out.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "io/table.hpp"

namespace genrelab::pipeline {

enum class ColumnEncoding { Number, PitchClass, MajorMinor, OneHot };

struct EncodedColumn {
    std::string name;
    ColumnEncoding encoding = ColumnEncoding::Number;
    std::vector<std::string> categories;   // OneHot only: sorted by code point
};

struct FeatureEncoding {
    std::vector<EncodedColumn> columns;
    std::vector<std::string> output_names() const;   // one per matrix column ("mode", "genre_hint=x", …)
};

// rows: the table rows to learn categories from (the training split).
FeatureEncoding fit_encoding(const io::Table& table, const std::vector<std::string>& features, const std::vector<size_t>& rows);
// n_rows(rows)×output_names().size(); `unseen` (optional) counts cells whose category was not seen in training.
Matrix encode(const FeatureEncoding& enc, const io::Table& table, const std::vector<size_t>& rows, size_t* unseen = nullptr);

void to_json(nlohmann::json& j, const FeatureEncoding& e);
void from_json(const nlohmann::json& j, FeatureEncoding& e);

}  // namespace genrelab::pipeline
