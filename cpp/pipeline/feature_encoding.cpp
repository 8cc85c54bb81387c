#include "pipeline/feature_encoding.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "core/error.hpp"

namespace genrelab::pipeline {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// "C"…"B" with one optional '#' or 'b' → 0…11; -1 when the text is not a note name.
int pitch_class(const std::string& s) {
    static const std::map<char, int> base{{'C', 0}, {'D', 2}, {'E', 4}, {'F', 5}, {'G', 7}, {'A', 9}, {'B', 11}};
    if (s.empty() || s.size() > 2) return -1;
    auto it = base.find(static_cast<char>(std::toupper(static_cast<unsigned char>(s[0]))));
    if (it == base.end()) return -1;
    int p = it->second;
    if (s.size() == 2) {
        if (s[1] == '#') p += 1;
        else if (s[1] == 'b') p += 11;
        else return -1;
    }
    return p % 12;
}

int major_minor(const std::string& s) {
    const std::string l = lower(s);
    return l == "major" ? 1 : l == "minor" ? 0 : -1;
}

const char* encoding_name(ColumnEncoding e) {
    switch (e) {
        case ColumnEncoding::Number: return "number";
        case ColumnEncoding::PitchClass: return "pitch_class";
        case ColumnEncoding::MajorMinor: return "major_minor";
        case ColumnEncoding::OneHot: return "one_hot";
    }
    return "number";
}

}  // namespace

std::vector<std::string> FeatureEncoding::output_names() const {
    std::vector<std::string> names;
    for (const auto& c : columns) {
        if (c.encoding == ColumnEncoding::OneHot)
            for (const auto& cat : c.categories) names.push_back(c.name + "=" + cat);
        else
            names.push_back(c.name);
    }
    return names;
}

FeatureEncoding fit_encoding(const io::Table& table, const std::vector<std::string>& features, const std::vector<size_t>& rows) {
    FeatureEncoding enc;
    for (const auto& name : features) {
        const io::Column& col = table.column(name);
        EncodedColumn ec{name, ColumnEncoding::Number, {}};
        switch (col.type) {
            case io::ColumnType::Numeric:
            case io::ColumnType::Boolean: break;
            case io::ColumnType::Empty: throw Error("feature column '" + name + "' is empty: every cell is missing");
            case io::ColumnType::Text:
                throw Error("feature column '" + name +
                            "' holds free text (names or titles, nearly every value different); leave it out of the features");
            case io::ColumnType::Categorical: {
                bool all_pitch = true, all_mode = true;
                std::set<std::string> cats;
                for (size_t r : rows) {
                    if (col.missing[r]) continue;
                    const std::string& cell = col.cells[r];
                    all_pitch = all_pitch && pitch_class(cell) >= 0;
                    all_mode = all_mode && major_minor(cell) >= 0;
                    cats.insert(cell);
                }
                if (cats.empty()) throw Error("feature column '" + name + "' has no values in the training rows");
                if (all_pitch) ec.encoding = ColumnEncoding::PitchClass;
                else if (all_mode) ec.encoding = ColumnEncoding::MajorMinor;
                else {
                    if (cats.size() > 200)
                        throw Error("feature column '" + name + "' has " + with_thousands(static_cast<long long>(cats.size())) +
                                    " categories; one-hot encoding it would add that many columns — leave it out");
                    ec.encoding = ColumnEncoding::OneHot;
                    ec.categories.assign(cats.begin(), cats.end());   // std::set: sorted by byte value
                }
                break;
            }
        }
        enc.columns.push_back(std::move(ec));
    }
    return enc;
}

Matrix encode(const FeatureEncoding& enc, const io::Table& table, const std::vector<size_t>& rows, size_t* unseen) {
    const auto names = enc.output_names();
    Matrix X(static_cast<Index>(rows.size()), static_cast<Index>(names.size()));
    size_t unseen_count = 0;
    Index out = 0;
    for (const auto& ec : enc.columns) {
        const io::Column& col = table.column(ec.name);
        switch (ec.encoding) {
            case ColumnEncoding::Number:
                if (col.type != io::ColumnType::Numeric && col.type != io::ColumnType::Boolean)
                    throw Error("column '" + ec.name + "' was numeric when the model was trained but is " +
                                io::to_string(col.type) + " here");
                for (size_t i = 0; i < rows.size(); ++i) X(static_cast<Index>(i), out) = col.values[rows[i]];
                ++out;
                break;
            case ColumnEncoding::PitchClass:
            case ColumnEncoding::MajorMinor:
                for (size_t i = 0; i < rows.size(); ++i) {
                    const size_t r = rows[i];
                    int v = -1;
                    if (!col.missing[r]) {
                        v = ec.encoding == ColumnEncoding::PitchClass ? pitch_class(col.cells[r]) : major_minor(col.cells[r]);
                        if (v < 0) ++unseen_count;
                    }
                    X(static_cast<Index>(i), out) = v < 0 ? kNaN : v;
                }
                ++out;
                break;
            case ColumnEncoding::OneHot: {
                const Index width = static_cast<Index>(ec.categories.size());
                X.block(0, out, X.rows(), width).setZero();
                for (size_t i = 0; i < rows.size(); ++i) {
                    const size_t r = rows[i];
                    if (col.missing[r]) {
                        X.block(static_cast<Index>(i), out, 1, width).setConstant(kNaN);
                        continue;
                    }
                    auto it = std::lower_bound(ec.categories.begin(), ec.categories.end(), col.cells[r]);
                    if (it != ec.categories.end() && *it == col.cells[r])
                        X(static_cast<Index>(i), out + (it - ec.categories.begin())) = 1.0;
                    else
                        ++unseen_count;
                }
                out += width;
                break;
            }
        }
    }
    if (unseen) *unseen = unseen_count;
    return X;
}

void to_json(nlohmann::json& j, const FeatureEncoding& e) {
    j = nlohmann::json::array();
    for (const auto& c : e.columns) {
        nlohmann::json cj{{"name", c.name}, {"encoding", encoding_name(c.encoding)}};
        if (c.encoding == ColumnEncoding::OneHot) cj["categories"] = c.categories;
        j.push_back(cj);
    }
}

void from_json(const nlohmann::json& j, FeatureEncoding& e) {
    if (!j.is_array()) throw Error("model file: 'encoding' must be a list of columns");
    e.columns.clear();
    for (const auto& cj : j) {
        if (!cj.is_object() || !cj.contains("name") || !cj.at("name").is_string())
            throw Error("model file: an encoded column needs a 'name'");
        EncodedColumn c;
        c.name = cj.at("name").get<std::string>();
        const std::string kind = cj.value("encoding", "number");
        if (kind == "number") c.encoding = ColumnEncoding::Number;
        else if (kind == "pitch_class") c.encoding = ColumnEncoding::PitchClass;
        else if (kind == "major_minor") c.encoding = ColumnEncoding::MajorMinor;
        else if (kind == "one_hot") {
            c.encoding = ColumnEncoding::OneHot;
            c.categories = cj.at("categories").get<std::vector<std::string>>();
            if (!std::is_sorted(c.categories.begin(), c.categories.end()))
                throw Error("model file: categories of column '" + c.name + "' are not sorted");
        } else
            throw Error("model file: unknown encoding '" + kind + "' for column '" + c.name + "'");
        e.columns.push_back(std::move(c));
    }
}

}  // namespace genrelab::pipeline
