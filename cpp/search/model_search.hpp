// Model search: every candidate of a SearchSpec (search_spec.hpp) cross-validated on the training part of
// the base recipe's split (cross_validate.hpp), a results table with mean ± std per metric, a winner chosen
// by a metric or by the weighted score of the issue, and the winner refitted on the whole training part
// with its report on the untouched test part — scikit-learn's GridSearchCV / RandomizedSearchCV
// (refit=True, return_train_score=True) followed by a score on X_test.
//
// Per candidate, over its k folds (std is the population std, ddof = 0, as scikit-learn's std_test_score):
//   train.*, validation.*   mean and std of accuracy, macro_f1, roc_auc_macro, log_loss (null when undefined)
//   fit_seconds             mean and std of the classifier's fit time (the only number that varies run to run)
//   acc_gap                 mean over folds of (train accuracy − validation accuracy)
//   weighted_score          ½·(w1·(1 − acc_gap) + w2·validation accuracy mean), w1 = w2 = 1 unless
//                           select.weighted says otherwise (always reported, whatever selects)
//   score                   the selection value: the chosen metric's validation mean, or weighted_score
//   rank                    1 = best; ties share the smaller rank (scikit-learn's rank_test_score, method
//                           "min"); log_loss ranks lower-is-better; the winner is the best-ranked candidate
//                           with the lowest index (scikit-learn's best_index_). A candidate whose fit failed
//                           (error set) or whose score is undefined ranks after all others.
//
// A fit that throws genrelab::Error (e.g. kNN's k larger than a fold) marks that candidate failed with the
// message and the search goes on (scikit-learn's error_score=nan); the search fails only when every
// candidate does. Cancellation (genrelab::Cancelled) always stops it.
//
// SearchFitter is a Stepper: each step is one step of one fold's FoldFitter (preprocessing, one step of the
// classifier's own fitter, or ≈50 ms of scoring) and then of the refit's pipeline::Trainer, so the worker
// can report progress (fraction over all candidate × fold fits plus the refit) and cancel inside a fit.
// Deterministic: the same spec and table give the same table natively and in wasm, except fit_seconds.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "pipeline/pipeline.hpp"
#include "search/cross_validate.hpp"
#include "search/search_spec.hpp"

namespace genrelab::search {

struct MeanStd {
    double mean = kNoScore, std = kNoScore;
};
struct ScoreSummary {
    MeanStd accuracy, macro_f1, roc_auc_macro, log_loss;
};

struct CandidateResult {
    size_t index = 0;                   // position in the candidate list (0-based)
    json params;                        // {path: value}
    std::vector<FoldResult> folds;      // one per fold when the candidate succeeded
    std::string error;                  // non-empty when a fit failed
    ScoreSummary train, validation;
    MeanStd fit_seconds;
    double acc_gap = kNoScore;
    double weighted_score = kNoScore;
    double score = kNoScore;            // by the selection rule (see above)
    int rank = 0;
};

// Fills the summaries, acc_gap, weighted_score and score of `c` from its folds.
void summarize(CandidateResult& c, const Selection& select);
// Ranks candidates in place (sets rank); returns the candidate indices best first.
std::vector<size_t> rank(std::vector<CandidateResult>& candidates, const Selection& select);

struct SearchResult {
    SearchSpec spec;
    std::vector<std::string> classes;
    size_t n_train = 0, n_test = 0;
    std::vector<CandidateResult> candidates;   // candidate order
    std::vector<size_t> ranking;               // candidate indices, best first
    size_t best = 0;
    std::optional<pipeline::FittedPipeline> model;   // the winner refitted (spec.refit), with its test report
};

// {"method","selection":{"metric"[,"w1","w2"]},"cv":{"folds","stratified","shuffle"},"seed","n_train","n_test",
//  "classes","paths":[varied paths, sorted],
//  "n_candidates","best","best_params","rows":[…ranked: {"candidate","rank","params","error","score",
//  "weighted_score","acc_gap","train":{metric:{"mean","std"}},"validation":{…},"fit_seconds":{…},
//  "folds":{"validation_accuracy":[…],"train_accuracy":[…]}}]}
json table_json(const SearchResult& r);
// One line per candidate (ranked) with the same numbers, for spreadsheets.
std::string table_csv(const SearchResult& r);

class SearchFitter : public Stepper {
public:
    // Expands and checks every candidate and makes the folds (throws Error before any fitting).
    // `table` must outlive the fitter.
    SearchFitter(const io::Table& table, SearchSpec spec);
    ~SearchFitter() override;
    bool step() override;
    double fraction() const override;
    std::string stage() const override;
    json live() const;                                  // {"done","total","best_so_far"} while running
    const CvData& data() const { return *data_; }
    const std::vector<Candidate>& candidates() const { return candidates_; }
    SearchResult take();                                 // after the last step

private:
    void finish_candidate();
    void select_winner();

    const io::Table& table_;
    SearchSpec spec_;
    std::vector<Candidate> candidates_;
    std::unique_ptr<CvData> data_;
    PreprocessCache cache_;
    std::vector<CandidateResult> results_;
    size_t candidate_ = 0, fold_ = 0;
    std::unique_ptr<FoldFitter> fold_fitter_;
    std::unique_ptr<pipeline::Trainer> refit_;
    SearchResult result_;
    enum class Phase { Folds, Refit, Done } phase_ = Phase::Folds;
};

// Convenience: runs a SearchFitter to the end.
SearchResult run_search(const io::Table& table, const SearchSpec& spec, Progress& progress = Progress::none());

}  // namespace genrelab::search
