#include "search/cross_validate.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <numeric>

#include "core/error.hpp"
#include "core/rng.hpp"
#include "metrics/classification.hpp"
#include "metrics/curves.hpp"
#include "pipeline/feature_encoding.hpp"
#include "pipeline/pipeline.hpp"

namespace genrelab::search {

namespace {

constexpr double kStepSeconds = 0.05;   // aim for scoring steps of about this long

template <class T>
std::vector<T> pick(const std::vector<T>& v, const std::vector<size_t>& idx) {
    std::vector<T> out;
    out.reserve(idx.size());
    for (size_t i : idx) out.push_back(v[i]);
    return out;
}

std::optional<io::Table> cleaned_copy(const io::Table& table, const pipeline::Recipe& r) {
    if (!r.clean) return std::nullopt;
    io::Table copy = table;
    preprocess::clean(*r.clean, copy);
    return copy;
}

void require_no_missing(const Matrix& X, const std::vector<std::string>& names, const char* where) {
    for (Index c = 0; c < X.cols(); ++c) {
        const auto missing = (X.col(c).array() != X.col(c).array()).count();
        if (missing > 0)
            throw Error("column '" + names[static_cast<size_t>(c)] + "' has " + with_thousands(missing) + " missing values in the " + where +
                        " rows; add an imputation stage (e.g. median) before the classifier");
        if (!X.col(c).allFinite())
            throw Error("column '" + names[static_cast<size_t>(c)] + "' holds an infinite value in the " + where + " rows");
    }
}

std::string preprocess_key(const pipeline::Recipe& r) {
    return json{{"features", r.features}, {"stages", r.stages}}.dump();
}

}  // namespace

// ---------------------------------------------------------------- CvData

CvData::CvData(const io::Table& table, const pipeline::Recipe& r, const CvSpec& cv, uint64_t seed)
    : source_(table), cleaned_(cleaned_copy(table, r)) {
    const io::Table& t = this->table();
    for (const auto& f : r.features) t.column(f);   // throws, naming the available columns
    pipeline::ClassDiscovery found = pipeline::discover_classes(t, r);
    classes = std::move(found.classes);
    const int K = n_classes();
    const pipeline::LabelledRows lr = pipeline::label_rows(t, r, classes);

    // The Trainer's split (pipeline.cpp, Trainer::prepare), so the refit winner trains on these very rows.
    preprocess::SplitIndices split;
    if (r.split.method == "group") {
        const io::Column& g = t.column(r.split.group_column);
        split = preprocess::group_split(pick(g.cells, lr.rows), lr.y, r.split.validation_fraction, r.split.test_fraction, r.seed);
    } else if (r.split.validation_fraction == 0.0) {
        split = preprocess::stratified_peer_split(lr.y, K, r.split.test_fraction, static_cast<uint32_t>(r.seed));
    } else {
        split = preprocess::stratified_split(lr.y, K, r.split.validation_fraction, r.split.test_fraction, r.seed);
    }
    train_rows = pick(lr.rows, split.train);
    y = pick(lr.y, split.train);
    test_rows = pick(lr.rows, split.test);

    const size_t k = static_cast<size_t>(cv.folds);
    train_scores = cv.train_scores;
    if (train_rows.size() < 2 * k)
        throw Error("cross-validation with " + std::to_string(k) + " folds needs at least " + std::to_string(2 * k) +
                    " training rows; the split left " + with_thousands(static_cast<long long>(train_rows.size())));
    if (r.split.method == "group") {
        grouped = true;
        folds = group_kfold(pick(t.column(r.split.group_column).cells, train_rows), cv.folds, cv.shuffle, seed);
    } else if (cv.stratified) {
        std::vector<size_t> counts(classes.size(), 0);
        for (int c : y) ++counts[static_cast<size_t>(c)];
        for (size_t c = 0; c < counts.size(); ++c)
            if (counts[c] < k)
                throw Error("stratified cross-validation with " + std::to_string(k) + " folds needs at least " + std::to_string(k) +
                            " training rows of every class, but class '" + classes[c] + "' has " + std::to_string(counts[c]) +
                            ": use fewer folds (\"cv\": {\"folds\": " + std::to_string(std::max<size_t>(2, counts[c])) +
                            "}) or drop rare classes (recipe \"labels\": {\"min_count\": …})");
        folds = preprocess::stratified_kfold(y, K, cv.folds, cv.shuffle, seed);
    } else {
        folds = preprocess::kfold(train_rows.size(), cv.folds, cv.shuffle, seed);
    }
}

std::vector<preprocess::SplitIndices> group_kfold(const std::vector<std::string>& groups, int k, bool shuffle, uint64_t seed) {
    std::map<std::string, size_t> id;   // name → group id in code point order
    for (const auto& g : groups) id.emplace(g, 0);
    size_t next = 0;
    for (auto& [name, gid] : id) gid = next++;
    if (id.size() < static_cast<size_t>(k))
        throw Error("group cross-validation with " + std::to_string(k) + " folds needs at least " + std::to_string(k) +
                    " groups among the training rows, but there are " + std::to_string(id.size()) + "; use fewer folds");
    std::vector<size_t> of_row(groups.size()), size(id.size(), 0);
    for (size_t i = 0; i < groups.size(); ++i) ++size[of_row[i] = id.at(groups[i])];
    std::vector<size_t> order(id.size());
    std::iota(order.begin(), order.end(), size_t{0});
    if (shuffle) {
        Rng rng(seed);
        rng.shuffle(order);
    }
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return size[a] > size[b]; });
    std::vector<size_t> fold_rows(static_cast<size_t>(k), 0), fold_of_group(id.size(), 0);
    for (size_t g : order) {
        const size_t lightest = static_cast<size_t>(std::min_element(fold_rows.begin(), fold_rows.end()) - fold_rows.begin());
        fold_rows[lightest] += size[g];
        fold_of_group[g] = lightest;
    }
    std::vector<preprocess::SplitIndices> folds(static_cast<size_t>(k));
    for (size_t i = 0; i < groups.size(); ++i)
        for (size_t f = 0; f < folds.size(); ++f) (fold_of_group[of_row[i]] == f ? folds[f].test : folds[f].train).push_back(i);
    return folds;
}

// ---------------------------------------------------------------- scores

Scores score(const Labels& y, const Labels& predicted, const Matrix& scores, bool probabilities, int K) {
    Scores s;
    if (y.empty()) return s;
    const metrics::ClassificationReport rep = metrics::classification_report(y, predicted, K);
    s.accuracy = rep.accuracy;
    s.macro_f1 = rep.macro_f1;
    std::vector<size_t> counts(static_cast<size_t>(K), 0);
    for (int c : y) ++counts[static_cast<size_t>(c)];
    const bool all_present = std::all_of(counts.begin(), counts.end(), [&](size_t n) { return n > 0 && n < y.size(); });
    if (all_present && scores.allFinite()) s.roc_auc_macro = metrics::roc_auc_ovr_macro(y, scores);
    if (probabilities) s.log_loss = metrics::log_loss(y, scores);
    return s;
}

// ---------------------------------------------------------------- PreprocessCache

std::shared_ptr<const Preprocessed> PreprocessCache::get(const std::string& key, size_t fold) const {
    if (key != key_) return nullptr;
    auto it = folds_.find(fold);
    return it == folds_.end() ? nullptr : it->second;
}

void PreprocessCache::put(const std::string& key, size_t fold, std::shared_ptr<const Preprocessed> p) {
    if (key != key_) {
        folds_.clear();
        key_ = key;
    }
    folds_[fold] = std::move(p);
}

// ---------------------------------------------------------------- FoldFitter

FoldFitter::FoldFitter(const CvData& data, const pipeline::Recipe& recipe, size_t fold, PreprocessCache* cache)
    : data_(data), recipe_(recipe), fold_(fold), cache_(cache) {
    if (fold >= data.folds.size()) throw Error("fold " + std::to_string(fold) + " does not exist");
    classifier_ = pipeline::make_classifier(recipe_.classifier);
}

void FoldFitter::prepare() {
    const preprocess::SplitIndices& f = data_.folds[fold_];
    y_train_ = pick(data_.y, f.train);
    y_validation_ = pick(data_.y, f.test);
    const std::string key = preprocess_key(recipe_);
    if (cache_) X_ = cache_->get(key, fold_);
    if (!X_) {
        // Everything is learned from this fold's training rows only: the encoding's categories, every stage.
        const io::Table& t = data_.table();
        const std::vector<size_t> rows_train = pick(data_.train_rows, f.train), rows_validation = pick(data_.train_rows, f.test);
        const pipeline::FeatureEncoding enc = pipeline::fit_encoding(t, recipe_.features, rows_train);
        auto p = std::make_shared<Preprocessed>();
        p->X_train = pipeline::encode(enc, t, rows_train);
        p->X_validation = pipeline::encode(enc, t, rows_validation);
        std::vector<std::string> names = enc.output_names();
        for (const auto& spec : recipe_.stages) {
            std::unique_ptr<pipeline::Stage> stage = pipeline::make_stage(spec);
            // The _rows forms: a stage may read more of the table than the features (group_impute: the artist).
            stage->fit_rows(p->X_train, y_train_, data_.n_classes(), names, t, rows_train);
            p->X_train = stage->transform_rows(p->X_train, t, rows_train);
            p->X_validation = stage->transform_rows(p->X_validation, t, rows_validation);
            names = stage->output_names(names);
        }
        require_no_missing(p->X_train, names, "training");
        require_no_missing(p->X_validation, names, "validation");
        X_ = std::move(p);
        if (cache_) cache_->put(key, fold_, X_);
    }
    fit_ = classifier_->start_fit(X_->X_train, y_train_, data_.n_classes());
}

bool FoldFitter::score_chunk() {
    const size_t n_train = y_train_.size(), n = n_train + y_validation_.size();
    const bool in_train = scored_ < n_train;
    const Matrix& X = in_train ? X_->X_train : X_->X_validation;
    const size_t offset = in_train ? scored_ : scored_ - n_train;
    const size_t end = std::min(static_cast<size_t>(X.rows()), offset + chunk_rows_);
    const auto t0 = std::chrono::steady_clock::now();
    Labels pred;
    Matrix sc;
    classifier_->predict_with_scores(X.middleRows(static_cast<Index>(offset), static_cast<Index>(end - offset)), pred, sc);
    if (scored_ == skipped_) scores_.resize(static_cast<Index>(n - skipped_), sc.cols());
    scores_.middleRows(static_cast<Index>(scored_ - skipped_), sc.rows()) = sc;
    predicted_.insert(predicted_.end(), pred.begin(), pred.end());
    scored_ += end - offset;
    const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (took < kStepSeconds / 2 && chunk_rows_ < (size_t{1} << 16)) chunk_rows_ *= 2;
    else if (took > kStepSeconds * 2 && chunk_rows_ > 8) chunk_rows_ /= 2;
    if (scored_ < n) return false;

    const bool probabilities = classifier_->scores_are_probabilities();
    const int K = data_.n_classes();
    const Index nt = static_cast<Index>(n_train - skipped_), nv = static_cast<Index>(y_validation_.size());
    if (skipped_ == 0) result_.train = score(y_train_, Labels(predicted_.begin(), predicted_.begin() + nt), scores_.topRows(nt), probabilities, K);
    result_.validation = score(y_validation_, Labels(predicted_.begin() + nt, predicted_.end()), scores_.bottomRows(nv), probabilities, K);
    predicted_.clear();
    scores_.resize(0, 0);
    return true;
}

bool FoldFitter::step() {
    switch (phase_) {
        case Phase::Prepare:
            prepare();
            phase_ = Phase::Fit;
            return false;
        case Phase::Fit: {
            const auto t0 = std::chrono::steady_clock::now();
            const bool done = fit_->step();
            result_.fit_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            if (done) {
                fit_.reset();
                phase_ = Phase::Score;
                scored_ = skipped_ = data_.train_scores ? 0 : y_train_.size();
            }
            return false;
        }
        case Phase::Score:
            if (!score_chunk()) return false;
            X_.reset();
            phase_ = Phase::Done;
            return true;
        case Phase::Done: return true;
    }
    return true;
}

double FoldFitter::fraction() const {
    const double prepare = 0.03, fit = (1.0 - prepare) * classifier_->fit_share();
    const size_t n = y_train_.size() + y_validation_.size();
    switch (phase_) {
        case Phase::Prepare: return 0.0;
        case Phase::Fit: return prepare + fit * (fit_ ? fit_->fraction() : 0.0);
        case Phase::Score:
            return prepare + fit + (1.0 - prepare - fit) * (n ? static_cast<double>(scored_) / static_cast<double>(n) : 1.0);
        case Phase::Done: return 1.0;
    }
    return 1.0;
}

std::string FoldFitter::stage() const {
    switch (phase_) {
        case Phase::Prepare: return "preprocessing";
        case Phase::Fit: return "training " + classifier_->type() + (fit_ ? ": " + fit_->stage() : "");
        case Phase::Score: return "scoring";
        case Phase::Done: return "done";
    }
    return "";
}

std::vector<FoldResult> cross_validate(const CvData& data, const pipeline::Recipe& recipe, Progress& progress) {
    std::vector<FoldResult> out;
    PreprocessCache cache;
    for (size_t f = 0; f < data.folds.size(); ++f) {
        FoldFitter fitter(data, recipe, f, &cache);
        while (!fitter.step())
            progress.report((static_cast<double>(f) + fitter.fraction()) / static_cast<double>(data.folds.size()),
                            "fold " + std::to_string(f + 1) + "/" + std::to_string(data.folds.size()) + ": " + fitter.stage());
        out.push_back(fitter.result());
    }
    progress.report(1.0, "done");
    return out;
}

}  // namespace genrelab::search
