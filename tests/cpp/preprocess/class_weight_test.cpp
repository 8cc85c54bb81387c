#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "preprocess/class_weight.hpp"
#include "support/test_support.hpp"

using namespace genrelab;
using namespace genrelab::preprocess;
using Catch::Matchers::Contains;

TEST_CASE("Balanced class weights match scikit-learn", "[preprocess][class_weight][reference]") {
    // tests/data/reference/class_weight.json: scripts/reference/class_weight.py runs scikit-learn 1.2.1's
    // compute_class_weight("balanced") and compute_sample_weight("balanced") on seeded imbalanced labels.
    const auto ref = test::reference("class_weight");
    const Labels y = test::labels_from_json(ref["y"]);
    const int k = ref["n_classes"].get<int>();
    CHECK(class_counts(y, k) == ref["counts"].get<std::vector<long long>>());
    const Vector w = balanced_class_weight(y, k);
    CHECK(test::max_abs_diff(w, test::vector_from_json(ref["balanced"])) < 1e-14);
    CHECK(test::max_abs_diff(sample_weight(w, y), test::vector_from_json(ref["sample_weight"])) < 1e-14);
    // Property: balanced weights make every class weigh n / K in total.
    const auto counts = class_counts(y, k);
    for (int c = 0; c < k; ++c) CHECK(w[c] * static_cast<double>(counts[static_cast<size_t>(c)]) == Approx(static_cast<double>(y.size()) / k));
}

TEST_CASE("Class weight settings by name", "[preprocess][class_weight]") {
    const Labels y = {0, 0, 0, 1, 2, 2};
    const std::vector<std::string> names = {"pop", "jazz", "rock"};
    ClassWeightParams p;
    CHECK(class_weight(p, y, names) == Vector::Ones(3));
    p = nlohmann::json::parse(R"({"mode":"manual","manual":{"jazz":3.5}})").get<ClassWeightParams>();
    const Vector w = class_weight(p, y, names);
    CHECK(w[0] == 1.0);
    CHECK(w[1] == 3.5);
    CHECK(w[2] == 1.0);
    p.mode = ClassWeightMode::Balanced;
    CHECK(class_weight(p, y, names)[1] == Approx(2.0));
}

TEST_CASE("Class weights refuse bad input with clear messages", "[preprocess][class_weight][errors]") {
    REQUIRE_THROWS_WITH(balanced_class_weight({0, 0, 2}, 3), Contains("class 1 has no rows"));
    REQUIRE_THROWS_WITH(class_counts({0, 3}, 3), Contains("label 3 at position 1 is outside 0..2"));
    ClassWeightParams p;
    p.mode = ClassWeightMode::Manual;
    p.manual = {{"metal", 2.0}};
    REQUIRE_THROWS_WITH(class_weight(p, {0, 1}, {"pop", "jazz"}), Contains("'metal', which is not among the model's classes"));
    p.manual = {{"pop", -1.0}};
    REQUIRE_THROWS_WITH(class_weight(p, {0, 1}, {"pop", "jazz"}), Contains("must be a positive number"));
}
