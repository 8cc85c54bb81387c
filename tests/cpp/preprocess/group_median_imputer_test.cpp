#include <catch2/catch.hpp>
#include <cmath>

#include "core/error.hpp"
#include "preprocess/group_median_imputer.hpp"
#include "support/test_support.hpp"

using namespace genrelab;
using namespace genrelab::preprocess;
using Catch::Matchers::Contains;

namespace {
CategoricalColumn groups_from_json(const nlohmann::json& g) {
    CategoricalColumn c;
    c.name = "artist";
    for (const auto& v : g) {
        c.cells.push_back(v.is_null() ? "" : v.get<std::string>());
        c.missing.push_back(v.is_null());
    }
    return c;
}
}  // namespace

TEST_CASE("Group median imputer matches pandas", "[preprocess][group_median][reference]") {
    // tests/data/reference/group_median_imputer.json: scripts/reference/group_median_imputer.py computes
    // X.groupby(artist).median() and X.median() with pandas (checked against SimpleImputer(strategy="median"))
    // and fills the missing cells by hand: group median where the group has one, else the global median.
    const auto ref = test::reference("group_median_imputer");
    const Matrix train = test::matrix_from_json(ref["train"]);
    const Matrix test_x = test::matrix_from_json(ref["test"]);
    const auto g_train = groups_from_json(ref["train_groups"]);
    const auto g_test = groups_from_json(ref["test_groups"]);
    const GroupMedianModel m = fit(GroupMedianParams{}, train, g_train);
    CHECK(test::max_abs_diff(m.global_median, test::vector_from_json(ref["global_median"])) < 1e-12);
    REQUIRE(m.group_median.size() == 3);
    for (size_t j = 0; j < 3; ++j) {
        const auto expected = ref["group_median"][j].get<std::map<std::string, double>>();
        REQUIRE(m.group_median[j].size() == expected.size());
        for (const auto& [k, v] : expected) CHECK(m.group_median[j].at(k) == Approx(v).margin(1e-12));
    }
    CHECK(m.group_median[1].count("Zaz") == 0);   // its column b is always missing: falls back to global
    GroupMedianCounts counts;
    const Matrix out = transform(m, test_x, g_test, &counts);
    CHECK(test::max_abs_diff(out, test::matrix_from_json(ref["test_out"])) < 1e-12);
    CHECK(test::max_abs_diff(transform(m, train, g_train), test::matrix_from_json(ref["train_out"])) < 1e-12);
    CHECK(counts.from_group + counts.from_global == static_cast<long long>(test_x.array().isNaN().count()));
    CHECK(counts.from_global > 0);
    CHECK(counts.from_group > 0);
}

TEST_CASE("Group median imputer respects min_group_count and round-trips", "[preprocess][group_median][json]") {
    Matrix X(6, 1);
    X << 1, 3, NAN, 10, 20, NAN;
    CategoricalColumn g;
    g.name = "artist";
    g.cells = {"a", "a", "a", "b", "c", "b"};
    GroupMedianParams p;
    const GroupMedianModel m = fit(p, X, g);
    CHECK(m.global_median[0] == 6.5);   // median of 1, 3, 10, 20
    const Matrix out = transform(m, X, g);
    CHECK(out(2, 0) == 2.0);   // group a: median of 1 and 3
    CHECK(out(5, 0) == 10.0);  // group b
    p.min_group_count = 2;
    const GroupMedianModel strict = fit(p, X, g);
    CHECK(transform(strict, X, g)(5, 0) == 6.5);   // b has one known value: global median
    const nlohmann::json j = m;
    CHECK(j["group_median"][0].dump() == R"({"a":2.0,"b":10.0,"c":20.0})");   // sorted by key
    const GroupMedianModel back = nlohmann::json::parse(j.dump()).get<GroupMedianModel>();
    CHECK(transform(back, X, g) == out);
}

TEST_CASE("Group median imputer refuses bad input with clear messages", "[preprocess][group_median][errors]") {
    Matrix X(3, 2);
    X << 1, NAN, 2, NAN, 3, NAN;
    CategoricalColumn g;
    g.name = "artist";
    g.cells = {"a", "b", "c"};
    REQUIRE_THROWS_WITH(fit(GroupMedianParams{}, X, g), Contains("column 2 has no known value in the training rows"));
    X.col(1).setOnes();
    const GroupMedianModel m = fit(GroupMedianParams{}, X, g);
    g.cells.pop_back();
    REQUIRE_THROWS_WITH(transform(m, X, g), Contains("X has 3 rows but the group column 'artist' has 2"));
    nlohmann::json j = m;
    j["group_median"][0]["a"] = "x";
    REQUIRE_THROWS_WITH(j.get<GroupMedianModel>(), Contains("the median of group 'a' is not a number"));
    j = m;
    j["global_median"] = {1.0};
    REQUIRE_THROWS_WITH(j.get<GroupMedianModel>(), Contains("1 global medians but 2 group tables"));
}
