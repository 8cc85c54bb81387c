#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "preprocess/encode_onehot.hpp"
#include "support/test_support.hpp"

using namespace genrelab;
using namespace genrelab::preprocess;
using Catch::Matchers::Contains;

namespace {
// JSON columns of texts with null for missing → CategoricalColumns (lines = row + 2, as after a header).
std::vector<CategoricalColumn> columns_from_json(const nlohmann::json& names, const nlohmann::json& cols) {
    std::vector<CategoricalColumn> out;
    for (size_t j = 0; j < cols.size(); ++j) {
        CategoricalColumn c;
        c.name = names[j].get<std::string>();
        for (size_t r = 0; r < cols[j].size(); ++r) {
            const bool miss = cols[j][r].is_null();
            c.cells.push_back(miss ? "" : cols[j][r].get<std::string>());
            c.missing.push_back(miss);
            c.lines.push_back(static_cast<long>(r) + 2);
        }
        out.push_back(std::move(c));
    }
    return out;
}

CategoricalColumn column(const std::string& name, const std::vector<std::string>& cells) {
    CategoricalColumn c;
    c.name = name;
    c.cells = cells;
    return c;
}
}  // namespace

TEST_CASE("OneHotEncoder matches scikit-learn", "[preprocess][encode][reference]") {
    // tests/data/reference/encode_onehot.json: scripts/reference/encode_onehot.py runs scikit-learn 1.2.1's
    // OneHotEncoder (sparse_output=False) on a seeded table with missing cells; names are sklearn's with
    // "key_C#" written "key=C#", "nan" → "<missing>", "infrequent_sklearn" → "infrequent".
    const auto ref = test::reference("encode_onehot");
    const auto train = columns_from_json(ref["columns"], ref["train"]);
    const auto test_cols = columns_from_json(ref["columns"], ref["test"]);
    for (const auto& c : ref["cases"]) {
        INFO("case " << c["name"].get<std::string>());
        const auto params = c["params"].get<OneHotParams>();
        const OneHotModel m = fit(params, train);
        CHECK(feature_names(m) == c["feature_names"].get<std::vector<std::string>>());
        const Matrix out = transform(m, train);
        REQUIRE(out.cols() == static_cast<Index>(c["feature_names"].size()));
        CHECK(test::max_abs_diff(out, test::matrix_from_json(c["train_out"])) == 0.0);
        if (c.contains("test_out")) CHECK(test::max_abs_diff(transform(m, test_cols), test::matrix_from_json(c["test_out"])) == 0.0);
    }
}

TEST_CASE("OneHotEncoder puts exactly one 1 per known value and column", "[preprocess][encode]") {
    const auto ref = test::reference("encode_onehot");
    const auto train = columns_from_json(ref["columns"], ref["train"]);
    const OneHotModel m = fit(OneHotParams{}, train);
    const Matrix out = transform(m, train);
    for (size_t j = 0; j < m.layout.size(); ++j) {
        const auto& L = m.layout[j];
        const Matrix block = out.middleCols(L.offset, static_cast<Index>(L.names.size()));
        for (Index r = 0; r < block.rows(); ++r) CHECK(block.row(r).sum() == 1.0);
    }
    // Categories are sorted by code point: "Björk" (B, j) after "Adele" and before "Muse"; "ABBA" first.
    CHECK(m.columns[2].categories.front() == "ABBA");
    CHECK(std::is_sorted(m.columns[0].categories.begin(), m.columns[0].categories.end()));
}

TEST_CASE("OneHotEncoder missing policies", "[preprocess][encode]") {
    CategoricalColumn mode = column("mode", {"Major", "", "Minor", "Major"});
    OneHotParams p;
    p.missing = MissingPolicy::Zeros;
    const OneHotModel zeros = fit(p, {mode});
    CHECK(feature_names(zeros) == std::vector<std::string>{"mode=Major", "mode=Minor"});
    Matrix out = transform(zeros, {mode});
    CHECK(out.row(1).sum() == 0.0);
    CHECK(out(0, 0) == 1.0);

    p.missing = MissingPolicy::Category;
    const OneHotModel cat = fit(p, {mode});
    CHECK(feature_names(cat) == std::vector<std::string>{"mode=Major", "mode=Minor", "mode=<missing>"});
    CHECK(transform(cat, {mode})(1, 2) == 1.0);

    p.missing = MissingPolicy::Error;
    REQUIRE_THROWS_WITH(fit(p, {mode}), Contains("column 'mode' has a missing value on row 1"));
}

TEST_CASE("OneHotEncoder JSON round trip gives identical output", "[preprocess][encode][json]") {
    const auto ref = test::reference("encode_onehot");
    const auto train = columns_from_json(ref["columns"], ref["train"]);
    const auto test_cols = columns_from_json(ref["columns"], ref["test"]);
    OneHotParams p;
    p.handle_unknown = HandleUnknown::InfrequentIfExist;
    p.max_categories = 4;
    p.drop = OneHotDrop::First;
    const OneHotModel m = fit(p, train);
    const nlohmann::json j = m;
    const OneHotModel back = nlohmann::json::parse(j.dump()).get<OneHotModel>();
    CHECK(feature_names(back) == feature_names(m));
    CHECK(test::max_abs_diff(transform(back, test_cols), transform(m, test_cols)) == 0.0);
    CHECK(back.params.drop == OneHotDrop::First);
    CHECK_NOTHROW(validate(back));
    OneHotModel tampered = back;
    tampered.layout[0].output_of[0] = 7;
    REQUIRE_THROWS_WITH(validate(tampered), Contains("output layout of column 'key' does not match"));
}

TEST_CASE("OneHotEncoder refuses bad input with clear messages", "[preprocess][encode][errors]") {
    const CategoricalColumn key = column("key", {"C", "D", "E"});
    const OneHotModel m = fit(OneHotParams{}, {key});
    CategoricalColumn unseen = column("key", {"C", "B"});
    unseen.lines = {7, 8};
    REQUIRE_THROWS_WITH(transform(m, {unseen}), Contains("column 'key' has the value 'B' on line 8") && Contains("known: C, D, E"));
    REQUIRE_THROWS_WITH(transform(m, {column("mode", {"Major"})}), Contains("fitted on 'key'"));
    REQUIRE_THROWS_WITH(transform(m, {key, key}), Contains("got 2 columns but the model was fitted on 1"));
    REQUIRE_THROWS_WITH(transform(m, {column("key", {"", "C"})}), Contains("missing value on row 0"));

    OneHotParams bad;
    bad.handle_unknown = HandleUnknown::UseEncodedValue;
    REQUIRE_THROWS_WITH(fit(bad, {key}), Contains("only for the ordinal encoder"));
    bad = OneHotParams{};
    bad.max_categories = 1;
    REQUIRE_THROWS_WITH(fit(bad, {key}), Contains("max_categories must be 0"));
    REQUIRE_THROWS_WITH(fit(OneHotParams{}, {key, key}), Contains("'key' is given twice"));
    REQUIRE_THROWS_WITH(fit(OneHotParams{}, {key, column("mode", {"Major"})}), Contains("has 1 rows but column 'key' has 3"));

    nlohmann::json j = m;
    j["columns"][0]["categories"] = {"D", "C", "E"};
    REQUIRE_THROWS_WITH(j.get<OneHotModel>(), Contains("sorted by code point"));
    j = m;
    j["columns"][0]["counts"] = {1, 1};
    REQUIRE_THROWS_WITH(j.get<OneHotModel>(), Contains("3 categories but 2 counts"));
    j = m;
    j["columns"][0].erase("name");
    REQUIRE_THROWS_AS(j.get<OneHotModel>(), genrelab::Error);
}
