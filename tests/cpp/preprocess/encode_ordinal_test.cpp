#include <catch2/catch.hpp>
#include <cmath>

#include "core/error.hpp"
#include "preprocess/encode_ordinal.hpp"
#include "support/test_support.hpp"

using namespace genrelab;
using namespace genrelab::preprocess;
using Catch::Matchers::Contains;

namespace {
std::vector<CategoricalColumn> columns_from_json(const nlohmann::json& names, const nlohmann::json& cols) {
    std::vector<CategoricalColumn> out;
    for (size_t j = 0; j < cols.size(); ++j) {
        CategoricalColumn c;
        c.name = names[j].get<std::string>();
        for (const auto& v : cols[j]) {
            c.cells.push_back(v.is_null() ? "" : v.get<std::string>());
            c.missing.push_back(v.is_null());
        }
        out.push_back(std::move(c));
    }
    return out;
}

// Equal, treating NaN as equal to NaN.
bool same(const Matrix& a, const Matrix& b) {
    if (a.rows() != b.rows() || a.cols() != b.cols()) return false;
    for (Index i = 0; i < a.rows(); ++i)
        for (Index j = 0; j < a.cols(); ++j)
            if (!(a(i, j) == b(i, j) || (std::isnan(a(i, j)) && std::isnan(b(i, j))))) return false;
    return true;
}
}  // namespace

TEST_CASE("OrdinalEncoder matches scikit-learn", "[preprocess][encode][reference]") {
    // tests/data/reference/encode_ordinal.json: scripts/reference/encode_ordinal.py runs scikit-learn 1.2.1's
    // OrdinalEncoder; its use_encoded_value with unknown_value=np.nan is our handle_unknown 'ignore'.
    const auto ref = test::reference("encode_ordinal");
    const auto train = columns_from_json(ref["columns"], ref["train"]);
    const auto test_cols = columns_from_json(ref["columns"], ref["test"]);
    for (const auto& c : ref["cases"]) {
        INFO("case " << c["name"].get<std::string>());
        const OrdinalModel m = fit(c["params"].get<OrdinalParams>(), train);
        CHECK(same(transform(m, train), test::matrix_from_json(c["train_out"])));
        if (c.contains("test_out")) CHECK(same(transform(m, test_cols), test::matrix_from_json(c["test_out"])));
        if (c.contains("categories")) CHECK(m.categories == c["categories"].get<std::vector<std::vector<std::string>>>());
    }
}

TEST_CASE("OrdinalEncoder codes are positions in the sorted categories", "[preprocess][encode]") {
    CategoricalColumn c;
    c.name = "genre";
    c.cells = {"Rock", "Électro", "Anime", "Rock", ""};
    const OrdinalModel m = fit(OrdinalParams{}, {c});
    REQUIRE(m.categories[0] == std::vector<std::string>{"Anime", "Rock", "Électro"});   // É (U+00C9) after ASCII
    const Matrix out = transform(m, {c});
    for (Index r = 0; r < 4; ++r) CHECK(m.categories[0][static_cast<size_t>(out(r, 0))] == c.cells[static_cast<size_t>(r)]);
    CHECK(std::isnan(out(4, 0)));
    const OrdinalModel back = nlohmann::json::parse(nlohmann::json(m).dump()).get<OrdinalModel>();
    CHECK(same(transform(back, {c}), out));
}

TEST_CASE("OrdinalEncoder refuses bad input with clear messages", "[preprocess][encode][errors]") {
    CategoricalColumn c;
    c.name = "key";
    c.cells = {"C", "D"};
    const OrdinalModel m = fit(OrdinalParams{}, {c});
    CategoricalColumn t = c;
    t.cells = {"C", "H"};
    t.lines = {10, 11};
    REQUIRE_THROWS_WITH(transform(m, {t}), Contains("column 'key' has the value 'H' on line 11") && Contains("known: C, D"));
    OrdinalParams p;
    p.handle_unknown = HandleUnknown::UseEncodedValue;
    p.unknown_value = 1;
    REQUIRE_THROWS_WITH(fit(p, {c}), Contains("unknown_value 1 is already the code of 'D'"));
    p.handle_unknown = HandleUnknown::InfrequentIfExist;
    REQUIRE_THROWS_WITH(fit(p, {c}), Contains("only for the one-hot encoder"));
    CategoricalColumn empty;
    empty.name = "x";
    empty.cells = {"", ""};
    REQUIRE_THROWS_WITH(fit(OrdinalParams{}, {empty}), Contains("column 'x' has no values"));
    nlohmann::json j = m;
    j["categories"] = nlohmann::json::array({nlohmann::json::array({"C", "C"})});
    REQUIRE_THROWS_WITH(j.get<OrdinalModel>(), Contains("distinct and sorted"));
}
