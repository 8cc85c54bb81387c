#include "preprocess/split.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cmath>
#include <numeric>
#include <unordered_map>

#include "core/error.hpp"
#include "core/rng.hpp"

namespace genrelab::preprocess {

namespace {

enum Part { kTrain = 0, kValidation = 1, kTest = 2 };
const char* const kPartName[3] = {"train", "validation", "test"};

std::string percent(double f) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g%%", 100.0 * f);
    return buf;
}

void check_fractions(double validation_fraction, double test_fraction) {
    if (!std::isfinite(validation_fraction) || validation_fraction < 0 || validation_fraction >= 1)
        throw Error("the validation fraction must be at least 0 and below 1 (got " + std::to_string(validation_fraction) + ")");
    if (!std::isfinite(test_fraction) || test_fraction < 0 || test_fraction >= 1)
        throw Error("the test fraction must be at least 0 and below 1 (got " + std::to_string(test_fraction) + ")");
    if (validation_fraction + test_fraction >= 1)
        throw Error("validation (" + percent(validation_fraction) + ") and test (" + percent(test_fraction) +
                    ") leave no rows for training: their sum must be below 100%");
}

// Counts rows per class; throws when a label is outside 0..n_classes−1.
std::vector<size_t> class_counts(const Labels& y, int n_classes) {
    if (n_classes < 1) throw Error("a split needs at least one class (n_classes = " + std::to_string(n_classes) + ")");
    std::vector<size_t> counts(static_cast<size_t>(n_classes), 0);
    for (size_t i = 0; i < y.size(); ++i) {
        if (y[i] < 0 || y[i] >= n_classes)
            throw Error("label " + std::to_string(y[i]) + " of row " + std::to_string(i) + " is outside 0.." +
                        std::to_string(n_classes - 1));
        ++counts[static_cast<size_t>(y[i])];
    }
    return counts;
}

std::vector<std::vector<size_t>> rows_by_class(const Labels& y, int n_classes) {
    std::vector<std::vector<size_t>> rows(static_cast<size_t>(n_classes));
    for (size_t i = 0; i < y.size(); ++i) rows[static_cast<size_t>(y[i])].push_back(i);
    return rows;
}

// floor(q) that treats q = 2.9999999999999996 (0.3·10 in floating point) as 3.
double robust_floor(double q) { return std::floor(q + 1e-9 * std::max(1.0, q)); }

// Largest-remainder rounding of quotas to integers summing to `total`; ties go to the earlier entry of
// `priority` (a permutation of 0..m−1). `capacity[i]` caps entry i.
std::vector<size_t> apportion(const std::vector<double>& quota, size_t total, const std::vector<size_t>& priority,
                              const std::vector<size_t>& capacity) {
    const size_t m = quota.size();
    std::vector<size_t> out(m);
    std::vector<double> rem(m);
    size_t assigned = 0;
    for (size_t i = 0; i < m; ++i) {
        const double f = robust_floor(quota[i]);
        out[i] = std::min(static_cast<size_t>(std::max(0.0, f)), capacity[i]);
        rem[i] = std::max(0.0, quota[i] - f);
        assigned += out[i];
    }
    std::vector<size_t> order = priority;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return rem[a] > rem[b]; });
    for (size_t r = 0; assigned < total && r < m; ++r) {
        const size_t i = order[r];
        if (out[i] < capacity[i]) {
            ++out[i];
            ++assigned;
        }
    }
    return out;
}

SplitIndices sorted(SplitIndices s) {
    std::sort(s.train.begin(), s.train.end());
    std::sort(s.validation.begin(), s.validation.end());
    std::sort(s.test.begin(), s.test.end());
    return s;
}

std::string split_name(const double f[3]) {
    std::string s;
    for (int p = 0; p < 3; ++p)
        if (f[p] > 0) s += (s.empty() ? "" : "/") + std::string(kPartName[p]);
    return s;
}

}  // namespace

SplitIndices stratified_peer_split(const Labels& y, int n_classes, double test_fraction, uint32_t seed) {
    if (!std::isfinite(test_fraction) || test_fraction <= 0 || test_fraction >= 1)
        throw Error("the test fraction must be above 0 and below 1 (got " + std::to_string(test_fraction) + ")");
    const long long num = std::llround(test_fraction * 100.0), den = 100;
    if (num < 1 || num > 99)
        throw Error("the peers' split works in whole percent: a test fraction of " + std::to_string(test_fraction) +
                    " rounds to " + std::to_string(num) + "%");
    const auto counts = class_counts(y, n_classes);
    auto test_count = [&](long long n_c) { return (n_c * num + den / 2) / den; };
    for (size_t c = 0; c < counts.size(); ++c) {
        const long long n_c = static_cast<long long>(counts[c]);
        const long long k = test_count(n_c);
        if (k < 1 || n_c - k < 1) {
            long long need = 2;
            while (test_count(need) < 1 || need - test_count(need) < 1) ++need;
            throw Error("class " + std::to_string(c) + " has " + std::to_string(n_c) + " rows, too few for a " +
                        std::to_string(num) + "% test split: it would get " + std::to_string(k) + " test and " +
                        std::to_string(n_c - k) + " training rows (each class needs at least " + std::to_string(need) +
                        " rows)");
        }
    }
    auto by_class = rows_by_class(y, n_classes);
    Mulberry32 rng(seed);
    SplitIndices s;
    for (auto& rows : by_class) {
        rng.shuffle(rows);
        const size_t k = static_cast<size_t>(test_count(static_cast<long long>(rows.size())));
        s.test.insert(s.test.end(), rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(k));
        s.train.insert(s.train.end(), rows.begin() + static_cast<std::ptrdiff_t>(k), rows.end());
    }
    return sorted(std::move(s));
}

SplitIndices stratified_split(const Labels& y, int n_classes, double validation_fraction, double test_fraction,
                              uint64_t seed) {
    check_fractions(validation_fraction, test_fraction);
    const auto counts = class_counts(y, n_classes);
    const size_t n = y.size(), K = counts.size();
    const double f[3] = {1.0 - validation_fraction - test_fraction, validation_fraction, test_fraction};
    const int n_parts = 1 + (validation_fraction > 0) + (test_fraction > 0);
    for (size_t c = 0; c < K; ++c)
        if (counts[c] < static_cast<size_t>(n_parts))
            throw Error("class " + std::to_string(c) + " has " + std::to_string(counts[c]) + " rows, too few for a " +
                        split_name(f) + " split: every class needs at least " + std::to_string(n_parts) +
                        " rows (one in each part)");

    // Part sizes: largest remainder of n·f, ties favouring test, then validation.
    const auto totals = apportion({n * f[0], n * f[1], n * f[2]}, n, {kTest, kValidation, kTrain}, {n, n, n});

    // Per class, test then validation: largest remainder of n_c·f within each part's total.
    std::vector<size_t> by_index(K);
    std::iota(by_index.begin(), by_index.end(), size_t{0});
    std::vector<std::array<size_t, 3>> alloc(K, {0, 0, 0});
    std::vector<size_t> room(counts);
    for (int p : {kTest, kValidation}) {
        std::vector<double> quota(K);
        for (size_t c = 0; c < K; ++c) quota[c] = static_cast<double>(counts[c]) * f[p];
        // Keep one row per class free for every part still to come (train always comes last).
        std::vector<size_t> cap(K);
        for (size_t c = 0; c < K; ++c) cap[c] = room[c] > 0 ? room[c] - 1 : 0;
        const auto got = f[p] > 0 ? apportion(quota, totals[static_cast<size_t>(p)], by_index, cap) : std::vector<size_t>(K, 0);
        for (size_t c = 0; c < K; ++c) {
            alloc[c][static_cast<size_t>(p)] = got[c];
            room[c] -= got[c];
        }
    }
    for (size_t c = 0; c < K; ++c) {
        alloc[c][kTrain] = room[c];
        // Rounding may leave a small class out of a part: move one row there from its largest part.
        for (int p : {kTest, kValidation, kTrain}) {
            if (f[p] <= 0 || alloc[c][static_cast<size_t>(p)] > 0) continue;
            size_t from = kTrain;
            for (size_t q : {size_t{kTrain}, size_t{kValidation}, size_t{kTest}})
                if (alloc[c][q] > alloc[c][from]) from = q;
            --alloc[c][from];
            ++alloc[c][static_cast<size_t>(p)];
        }
    }

    auto by_class = rows_by_class(y, n_classes);
    Rng rng(seed);
    SplitIndices s;
    for (size_t c = 0; c < K; ++c) {
        auto& rows = by_class[c];
        rng.shuffle(rows);
        auto it = rows.begin();
        const auto t = static_cast<std::ptrdiff_t>(alloc[c][kTest]);
        const auto v = static_cast<std::ptrdiff_t>(alloc[c][kValidation]);
        s.test.insert(s.test.end(), it, it + t);
        s.validation.insert(s.validation.end(), it + t, it + t + v);
        s.train.insert(s.train.end(), it + t + v, rows.end());
    }
    return sorted(std::move(s));
}

SplitIndices group_split(const std::vector<std::string>& groups, const Labels& y, double validation_fraction,
                         double test_fraction, uint64_t seed) {
    check_fractions(validation_fraction, test_fraction);
    if (groups.size() != y.size())
        throw Error("group_split got " + std::to_string(groups.size()) + " group names for " + std::to_string(y.size()) +
                    " labels");
    int n_classes = 0;
    for (size_t i = 0; i < y.size(); ++i) {
        if (y[i] < 0) throw Error("label " + std::to_string(y[i]) + " of row " + std::to_string(i) + " is negative");
        n_classes = std::max(n_classes, y[i] + 1);
    }
    const auto counts = class_counts(y, std::max(n_classes, 1));
    const size_t K = counts.size();

    // Group ids in order of first appearance (the map is only looked up, never iterated).
    std::unordered_map<std::string, size_t> id_of;
    std::vector<std::vector<size_t>> members;
    for (size_t i = 0; i < groups.size(); ++i) {
        auto [it, fresh] = id_of.emplace(groups[i], members.size());
        if (fresh) members.emplace_back();
        members[it->second].push_back(i);
    }
    const size_t G = members.size();
    const double f[3] = {1.0 - validation_fraction - test_fraction, validation_fraction, test_fraction};
    std::vector<int> parts;
    for (int p : {kTest, kValidation, kTrain})  // tie order: test, validation, train
        if (f[p] > 0) parts.push_back(p);
    if (G < parts.size())
        throw Error("a " + split_name(f) + " split by group needs at least " + std::to_string(parts.size()) +
                    " distinct groups, but there " + (G == 1 ? "is 1" : "are " + std::to_string(G)));

    std::vector<size_t> order(G);
    std::iota(order.begin(), order.end(), size_t{0});
    Rng rng(seed);
    rng.shuffle(order);
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return members[a].size() > members[b].size(); });

    // counts[c][p] − target[c][p], updated as groups are placed.
    std::vector<std::array<double, 3>> excess(K);
    for (size_t c = 0; c < K; ++c)
        for (int p = 0; p < 3; ++p) excess[c][static_cast<size_t>(p)] = -static_cast<double>(counts[c]) * f[p];
    std::vector<int> part_of(G, kTrain);
    std::vector<std::pair<size_t, double>> group_classes;  // (class, rows) of the current group
    std::vector<double> tally(K, 0.0);
    for (size_t g : order) {
        group_classes.clear();
        for (size_t i : members[g]) tally[static_cast<size_t>(y[i])] += 1;
        for (size_t i : members[g]) {
            const size_t c = static_cast<size_t>(y[i]);
            if (tally[c] > 0) {
                group_classes.emplace_back(c, tally[c]);
                tally[c] = 0;
            }
        }
        int best = parts[0];
        double best_delta = 0;
        for (size_t q = 0; q < parts.size(); ++q) {
            // Change of Σ_c (count − target)² if the group joins part p.
            double delta = 0;
            for (const auto& [c, m] : group_classes) delta += m * (2 * excess[c][static_cast<size_t>(parts[q])] + m);
            if (q == 0 || delta < best_delta) {
                best_delta = delta;
                best = parts[q];
            }
        }
        part_of[g] = best;
        for (const auto& [c, m] : group_classes) excess[c][static_cast<size_t>(best)] += m;
    }

    SplitIndices s;
    for (size_t g = 0; g < G; ++g) {
        auto& dst = part_of[g] == kTest ? s.test : part_of[g] == kValidation ? s.validation : s.train;
        dst.insert(dst.end(), members[g].begin(), members[g].end());
    }
    for (int p : parts) {
        const auto& part = p == kTest ? s.test : p == kValidation ? s.validation : s.train;
        if (part.empty())
            throw Error(std::string("group_split could not give the ") + kPartName[p] + " part any rows: the " +
                        std::to_string(G) + " groups are too few or too uneven for a " + percent(f[p]) + " share");
    }
    return sorted(std::move(s));
}

std::vector<SplitIndices> kfold(size_t n, int k, bool shuffle, uint64_t seed) {
    if (k < 2) throw Error("k-fold cross-validation needs at least 2 folds (k = " + std::to_string(k) + ")");
    if (static_cast<size_t>(k) > n)
        throw Error("k-fold cross-validation cannot make " + std::to_string(k) + " folds out of " + std::to_string(n) +
                    " rows");
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), size_t{0});
    if (shuffle) {
        Rng rng(seed);
        rng.shuffle(order);
    }
    std::vector<int> fold_of(n);
    const size_t K = static_cast<size_t>(k);
    size_t start = 0;
    for (size_t fi = 0; fi < K; ++fi) {
        const size_t size = n / K + (fi < n % K ? 1 : 0);  // scikit-learn: the first n % k folds are one larger
        for (size_t r = start; r < start + size; ++r) fold_of[order[r]] = static_cast<int>(fi);
        start += size;
    }
    std::vector<SplitIndices> folds(K);
    for (size_t i = 0; i < n; ++i)
        for (size_t fi = 0; fi < K; ++fi) (static_cast<size_t>(fold_of[i]) == fi ? folds[fi].test : folds[fi].train).push_back(i);
    return folds;
}

std::vector<SplitIndices> stratified_kfold(const Labels& y, int n_classes, int k, bool shuffle, uint64_t seed) {
    if (k < 2) throw Error("k-fold cross-validation needs at least 2 folds (k = " + std::to_string(k) + ")");
    const auto counts = class_counts(y, n_classes);
    for (size_t c = 0; c < counts.size(); ++c)
        if (counts[c] < static_cast<size_t>(k))
            throw Error("class " + std::to_string(c) + " has " + std::to_string(counts[c]) + " rows, fewer than the " +
                        std::to_string(k) + " folds: stratified k-fold needs at least k rows of every class");
    const size_t n = y.size(), K = counts.size(), F = static_cast<size_t>(k);

    // scikit-learn numbers classes by first appearance, lays them out sorted by that number and deals the
    // positions round-robin to the folds; allocation[e][f] = rows of class e in fold f.
    std::vector<size_t> encoded_of(K, K), class_of;
    for (int label : y)
        if (encoded_of[static_cast<size_t>(label)] == K) {
            encoded_of[static_cast<size_t>(label)] = class_of.size();
            class_of.push_back(static_cast<size_t>(label));
        }
    std::vector<std::vector<size_t>> allocation(K, std::vector<size_t>(F, 0));
    size_t position = 0;
    for (size_t e = 0; e < K; ++e)
        for (size_t r = 0; r < counts[class_of[e]]; ++r, ++position) ++allocation[e][position % F];

    auto by_class = rows_by_class(y, n_classes);
    Rng rng(seed);
    std::vector<size_t> fold_of(n);
    for (size_t e = 0; e < K; ++e) {
        std::vector<size_t> folds_for_class;
        for (size_t fi = 0; fi < F; ++fi) folds_for_class.insert(folds_for_class.end(), allocation[e][fi], fi);
        if (shuffle) rng.shuffle(folds_for_class);
        const auto& rows = by_class[class_of[e]];
        for (size_t r = 0; r < rows.size(); ++r) fold_of[rows[r]] = folds_for_class[r];
    }
    std::vector<SplitIndices> folds(F);
    for (size_t i = 0; i < n; ++i)
        for (size_t fi = 0; fi < F; ++fi) (fold_of[i] == fi ? folds[fi].test : folds[fi].train).push_back(i);
    return folds;
}

}  // namespace genrelab::preprocess
