#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "core/error.hpp"
#include "core/rng.hpp"
#include "preprocess/split.hpp"
#include "support/test_support.hpp"

using namespace genrelab;
using namespace genrelab::preprocess;
using Catch::Matchers::Contains;

namespace {

std::vector<size_t> sizes(const nlohmann::json& j) { return j.get<std::vector<size_t>>(); }

std::vector<size_t> per_class(const std::vector<size_t>& rows, const Labels& y, int K) {
    std::vector<size_t> c(static_cast<size_t>(K), 0);
    for (size_t i : rows) ++c[static_cast<size_t>(y[i])];
    return c;
}

// The parts are sorted, disjoint and cover 0..n−1.
void check_partition(const SplitIndices& s, size_t n) {
    for (const auto* part : {&s.train, &s.validation, &s.test}) REQUIRE(std::is_sorted(part->begin(), part->end()));
    std::vector<int> seen(n, 0);
    for (const auto* part : {&s.train, &s.validation, &s.test})
        for (size_t i : *part) {
            REQUIRE(i < n);
            ++seen[i];
        }
    for (size_t i = 0; i < n; ++i) REQUIRE(seen[i] == 1);
}

Labels random_labels(size_t n, const std::vector<double>& p, uint64_t seed) {
    Rng rng(seed);
    Labels y(n);
    for (auto& v : y) {
        double u = rng.uniform(), acc = 0;
        v = static_cast<int>(p.size()) - 1;
        for (size_t c = 0; c < p.size(); ++c)
            if (u < (acc += p[c])) {
                v = static_cast<int>(c);
                break;
            }
    }
    return y;
}

}  // namespace

TEST_CASE("stratified_peer_split reproduces the peers' rows", "[preprocess][split][reference]") {
    // tests/data/reference/peer_split.json: scripts/reference/peer_split.py runs ../shared/peers/peers_common.py's
    // stratified_pick (the peers' protocol, rule 6) on 157 seeded labels of 4 unequal classes for several
    // seeds and test percentages; scripts/reference/peer_split.mjs checks that lib/data.mjs (JS) agrees.
    const auto ref = test::reference("peer_split");
    const Labels y = test::labels_from_json(ref["y"]);
    for (const auto& c : ref["cases"]) {
        INFO("seed " << c["seed"] << ", test fraction " << c["test_fraction"]);
        const auto s = stratified_peer_split(y, ref["n_classes"].get<int>(), c["test_fraction"].get<double>(),
                                             c["seed"].get<uint32_t>());
        CHECK(s.test == sizes(c["test"]));
        CHECK(s.train == sizes(c["train"]));
        CHECK(s.validation.empty());
    }
}

TEST_CASE("kfold and stratified_kfold match scikit-learn's folds", "[preprocess][split][reference]") {
    // tests/data/reference/split_folds.json: scripts/reference/split_folds.py runs scikit-learn 1.2.1's KFold and
    // StratifiedKFold (k = 2 and 5, shuffled and not) on 87 labels whose classes first appear in the order
    // 2, 0, 3, 1. Unshuffled folds are compared row for row; shuffled ones by fold size and per-class counts
    // (scikit-learn's rows come from numpy's RNG).
    const auto ref = test::reference("split_folds");
    const Labels y = test::labels_from_json(ref["y"]);
    const int K = ref["n_classes"].get<int>();
    for (const auto& c : ref["kfold"]) {
        const size_t n = c["n"].get<size_t>();
        const int k = c["k"].get<int>();
        for (bool shuffle : {false, true}) {
            INFO("n " << n << ", k " << k << ", shuffle " << shuffle);
            const auto folds = kfold(n, k, shuffle, 3);
            REQUIRE(folds.size() == static_cast<size_t>(k));
            for (size_t f = 0; f < folds.size(); ++f) {
                const auto expected = sizes(c["test"][f]);
                if (shuffle) CHECK(folds[f].test.size() == expected.size());
                else CHECK(folds[f].test == expected);
                check_partition(folds[f], n);
                CHECK(folds[f].validation.empty());
            }
        }
    }
    for (const auto& c : ref["stratified_kfold"]) {
        const int k = c["k"].get<int>();
        const bool shuffle = c["shuffle"].get<bool>();
        INFO("k " << k << ", shuffle " << shuffle);
        const auto folds = stratified_kfold(y, K, k, shuffle, 11);
        REQUIRE(folds.size() == static_cast<size_t>(k));
        for (size_t f = 0; f < folds.size(); ++f) {
            check_partition(folds[f], y.size());
            CHECK(folds[f].test.size() == c["sizes"][f].get<size_t>());
            CHECK(per_class(folds[f].test, y, K) == sizes(c["class_counts"][f]));
            if (!shuffle) CHECK(folds[f].test == sizes(c["test"][f]));
        }
    }
}

TEST_CASE("stratified_split sizes agree with scikit-learn's train_test_split", "[preprocess][split][reference]") {
    // Same file: train_test_split(stratify=y, test_size=t) test-part size and per-class counts. scikit-learn
    // takes ceil(n·t) rows and breaks rounding ties at random, so ours may differ by one row per class.
    const auto ref = test::reference("split_folds");
    const Labels y = test::labels_from_json(ref["y"]);
    const int K = ref["n_classes"].get<int>();
    for (const auto& c : ref["holdout"]) {
        const double t = c["test_fraction"].get<double>();
        INFO("test fraction " << t);
        const auto s = stratified_split(y, K, 0.0, t, 1);
        check_partition(s, y.size());
        CHECK(std::abs(static_cast<double>(s.test.size()) - c["n_test"].get<double>()) <= 1);
        const auto got = per_class(s.test, y, K);
        for (int k = 0; k < K; ++k) CHECK(std::abs(static_cast<double>(got[k]) - c["class_counts"][k].get<double>()) <= 1);
    }
}

TEST_CASE("stratified_split keeps every class proportional in every part", "[preprocess][split]") {
    const Labels y = random_labels(2003, {0.4, 0.3, 0.15, 0.1, 0.04, 0.01}, 17);
    const int K = 6;
    std::vector<size_t> n_c(K, 0);
    for (int v : y) ++n_c[v];
    for (auto [v, t] : {std::pair{0.2, 0.2}, {0.3, 0.21}, {0.0, 0.3}, {0.0, 0.2}, {0.1, 0.0}}) {
        INFO("validation " << v << ", test " << t);
        const auto s = stratified_split(y, K, v, t, 99);
        check_partition(s, y.size());
        const double n = static_cast<double>(y.size());
        CHECK(std::abs(static_cast<double>(s.test.size()) - n * t) <= 1);
        CHECK(std::abs(static_cast<double>(s.validation.size()) - n * v) <= 1);
        const auto ct = per_class(s.test, y, K), cv = per_class(s.validation, y, K), cr = per_class(s.train, y, K);
        for (int c = 0; c < K; ++c) {
            CHECK(std::abs(static_cast<double>(ct[c]) - n_c[c] * t) <= 1);
            CHECK(std::abs(static_cast<double>(cv[c]) - n_c[c] * v) <= 1);
            CHECK(std::abs(static_cast<double>(cr[c]) - n_c[c] * (1 - v - t)) <= 2);
            if (t > 0) CHECK(ct[c] >= 1);
            if (v > 0) CHECK(cv[c] >= 1);
        }
        CHECK(stratified_split(y, K, v, t, 99).train == s.train);  // deterministic per seed
        CHECK(stratified_split(y, K, v, t, 100).train != s.train);
    }
    // A class of 3 rows in a 60/20/20 split: quotas 0.6 would round to nothing; it still gets one row per part.
    Labels tiny(100, 0);
    tiny[10] = tiny[50] = tiny[90] = 1;
    const auto s = stratified_split(tiny, 2, 0.2, 0.2, 5);
    CHECK(per_class(s.test, tiny, 2)[1] == 1);
    CHECK(per_class(s.validation, tiny, 2)[1] == 1);
    CHECK(per_class(s.train, tiny, 2)[1] == 1);
}

TEST_CASE("group_split never puts a group in two parts", "[preprocess][split]") {
    Rng rng(4);
    std::vector<std::string> groups;
    Labels y;
    for (int g = 0; g < 400; ++g) {
        const int size = 1 + static_cast<int>(rng.below(12));
        const int genre = static_cast<int>(rng.below(5));
        for (int r = 0; r < size; ++r) {
            groups.push_back("artist " + std::to_string(g));
            y.push_back(rng.uniform() < 0.8 ? genre : static_cast<int>(rng.below(5)));
        }
    }
    const double n = static_cast<double>(y.size());
    const auto s = group_split(groups, y, 0.2, 0.2, 8);
    check_partition(s, y.size());
    std::map<std::string, std::set<int>> parts_of;
    for (size_t i : s.train) parts_of[groups[i]].insert(0);
    for (size_t i : s.validation) parts_of[groups[i]].insert(1);
    for (size_t i : s.test) parts_of[groups[i]].insert(2);
    for (const auto& [g, parts] : parts_of) CHECK(parts.size() == 1);
    CHECK(std::abs(s.test.size() / n - 0.2) < 0.02);
    CHECK(std::abs(s.validation.size() / n - 0.2) < 0.02);
    std::vector<size_t> n_c(5, 0);
    for (int v : y) ++n_c[v];
    const auto ct = per_class(s.test, y, 5);
    for (int c = 0; c < 5; ++c) CHECK(std::abs(static_cast<double>(ct[c]) / n_c[c] - 0.2) < 0.04);
    CHECK(group_split(groups, y, 0.2, 0.2, 8).test == s.test);
    CHECK(group_split(groups, y, 0.2, 0.2, 9).test != s.test);
}

TEST_CASE("splits reject bad input with clear messages", "[preprocess][split][errors]") {
    Labels y(50, 0);
    y[3] = 1;
    y[7] = 1;
    CHECK_THROWS_WITH(stratified_peer_split(y, 2, 0.2, 42), Contains("class 1 has 2 rows, too few for a 20% test split"));
    CHECK_THROWS_WITH(stratified_peer_split(y, 2, 1.0, 42), Contains("test fraction must be above 0 and below 1"));
    CHECK_THROWS_WITH(stratified_split(y, 2, 0.2, 0.2, 1),
                      Contains("class 1 has 2 rows, too few for a train/validation/test split"));
    CHECK_THROWS_WITH(stratified_split(y, 2, 0.5, 0.5, 1), Contains("sum must be below 100%"));
    CHECK_THROWS_WITH(stratified_split(y, 2, -0.1, 0.2, 1), Contains("validation fraction must be at least 0"));
    CHECK_THROWS_WITH(stratified_split(y, 1, 0.0, 0.2, 1), Contains("label 1 of row 3 is outside 0..0"));
    CHECK_THROWS_WITH(stratified_kfold(y, 2, 5, false, 1), Contains("class 1 has 2 rows, fewer than the 5 folds"));
    CHECK_THROWS_WITH(kfold(4, 5, false, 1), Contains("cannot make 5 folds out of 4 rows"));
    CHECK_THROWS_WITH(kfold(4, 1, false, 1), Contains("at least 2 folds"));
    CHECK_THROWS_WITH(group_split({"a", "a", "b"}, {0, 1, 0}, 0.2, 0.2, 1), Contains("needs at least 3 distinct groups"));
    CHECK_THROWS_WITH(group_split({"a", "b"}, {0, 1, 0}, 0.0, 0.2, 1), Contains("2 group names for 3 labels"));
    // One giant group: the greedy placement cannot fill the test part.
    std::vector<std::string> g(20, "big");
    g[0] = "x";
    g[1] = "y";
    CHECK_NOTHROW(group_split(g, Labels(20, 0), 0.0, 0.2, 1));
    CHECK_THROWS_WITH(group_split(std::vector<std::string>{"big", "big", "big", "small"}, Labels(4, 0), 0.0, 0.1, 1),
                      Contains("could not give the"));
}
