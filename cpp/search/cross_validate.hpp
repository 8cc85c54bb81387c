// k-fold cross-validation of one recipe on the TRAINING part of its split.
//
// CvData is what every candidate of a search is scored on: the base recipe's cleaning applied to a copy of
// the table, its class set and label grouping, its train/validation/test split (the Trainer's exact rows:
// the peers' stratified split when validation_fraction is 0, else stratified_split, or group_split), and
// the training rows cut into k folds. The test rows are never touched here, so the winner's final test
// report stays an honest estimate (scikit-learn's advice: GridSearchCV on X_train, score on X_test).
//
// Folds: preprocess::stratified_kfold (scikit-learn's StratifiedKFold; every class needs ≥ k training rows)
// or preprocess::kfold (KFold). Without shuffle they are scikit-learn's exact folds of the training rows
// in table order; with shuffle the rows are shuffled by Rng(seed). When the recipe splits by group
// (split.method "group", e.g. artist_name), the folds are group folds too, or a model could score well by
// recognising an artist from another fold: scikit-learn's GroupKFold — groups by size (largest first), each
// into the fold with the fewest rows so far (lowest fold index on ties) — except that groups of equal size
// are taken in a fixed order (shuffle: Rng(seed) order; else code point order of the group name) where
// GroupKFold's unstable argsort leaves it open. Needs at least k groups among the training rows.
//
// FoldFitter fits the WHOLE pipeline of a recipe — feature encoding, every stage, the classifier — on the
// k−1 training folds only, then scores both its training folds and its validation fold, as scikit-learn's
// cross_validate(return_train_score=True) with a Pipeline does. One step = the preprocessing, one step of
// the classifier's own fitter (an epoch, an L-BFGS batch, a tree …), or a chunk of rows scored (≈50 ms), so
// a search can be cancelled inside a long fit. Preprocessing results may be shared between candidates
// with the same features and stages through a PreprocessCache (the matrices are identical, so sharing
// changes no number, only time).
//
// Scores per part: accuracy, macro F1 (every class counts, zero_division = 0), macro one-vs-rest AUROC
// (on probabilities or decision values; NaN when a class is absent from the part) and log-loss (scikit-
// learn's, clipped at machine ε; NaN when the classifier gives decision values, not probabilities);
// fit_seconds = wall time of the classifier's fit (not of the stages, which the cache may skip).
#pragma once
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/stepper.hpp"
#include "core/types.hpp"
#include "io/table.hpp"
#include "pipeline/recipe.hpp"
#include "pipeline/stage.hpp"
#include "preprocess/split.hpp"
#include "search/search_spec.hpp"

namespace genrelab::search {

class CvData {
public:
    // `table` must outlive this object (unless the recipe cleans it: then a cleaned copy is kept here).
    CvData(const io::Table& table, const pipeline::Recipe& base, const CvSpec& cv, uint64_t seed);
    CvData(const CvData&) = delete;
    CvData& operator=(const CvData&) = delete;

    const io::Table& table() const { return cleaned_ ? *cleaned_ : source_; }
    std::vector<std::string> classes;                 // class index → name (code point order)
    std::vector<size_t> train_rows;                   // table rows of the split's training part, ascending
    Labels y;                                         // their classes
    std::vector<size_t> test_rows;                    // the held-out rows: never used by cross-validation
    std::vector<preprocess::SplitIndices> folds;      // positions into train_rows / y (validation = fold.test)
    bool grouped = false;                             // group folds (the recipe splits by group)
    bool train_scores = true;                         // CvSpec::train_scores
    int n_classes() const { return static_cast<int>(classes.size()); }

private:
    const io::Table& source_;
    std::optional<io::Table> cleaned_;
};

constexpr double kNoScore = std::numeric_limits<double>::quiet_NaN();

struct Scores {
    double accuracy = kNoScore;
    double macro_f1 = kNoScore;
    double roc_auc_macro = kNoScore;
    double log_loss = kNoScore;
};
// y: n labels in 0..K−1; predicted: n labels; scores: n×K.
Scores score(const Labels& y, const Labels& predicted, const Matrix& scores, bool probabilities, int n_classes);

struct FoldResult {
    Scores train, validation;
    double fit_seconds = 0;
};

// The encoded, preprocessed training and validation matrices of one fold.
struct Preprocessed {
    Matrix X_train, X_validation;
};

// Keeps the preprocessed folds of the last (features, stages) seen, so candidates that vary only the
// classifier preprocess each fold once.
class PreprocessCache {
public:
    std::shared_ptr<const Preprocessed> get(const std::string& key, size_t fold) const;
    void put(const std::string& key, size_t fold, std::shared_ptr<const Preprocessed> p);

private:
    std::string key_;
    std::map<size_t, std::shared_ptr<const Preprocessed>> folds_;
};

class FoldFitter : public Stepper {
public:
    // `data` (and `cache`, when given) must outlive the fitter. The recipe is copied.
    FoldFitter(const CvData& data, const pipeline::Recipe& recipe, size_t fold, PreprocessCache* cache = nullptr);
    bool step() override;
    double fraction() const override;
    std::string stage() const override;
    const FoldResult& result() const { return result_; }

private:
    void prepare();
    bool score_chunk();   // true when every row is scored

    const CvData& data_;
    pipeline::Recipe recipe_;
    size_t fold_;
    PreprocessCache* cache_;
    std::unique_ptr<pipeline::Classifier> classifier_;
    std::shared_ptr<const Preprocessed> X_;
    Labels y_train_, y_validation_;
    std::unique_ptr<Stepper> fit_;
    enum class Phase { Prepare, Fit, Score, Done } phase_ = Phase::Prepare;
    size_t scored_ = 0;           // rows scored so far, training rows first, then validation rows
    size_t skipped_ = 0;          // training rows not scored (CvSpec::train_scores false)
    size_t chunk_rows_ = 256;
    Labels predicted_;
    Matrix scores_;
    FoldResult result_;
};

// Group k-fold (see above): groups[i] is row i's group; positions 0..n−1 into `groups`.
std::vector<preprocess::SplitIndices> group_kfold(const std::vector<std::string>& groups, int k, bool shuffle, uint64_t seed);

// Convenience: every fold of `recipe` on `data`, in fold order.
std::vector<FoldResult> cross_validate(const CvData& data, const pipeline::Recipe& recipe, Progress& progress = Progress::none());

}  // namespace genrelab::search
