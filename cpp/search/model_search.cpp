#include "search/model_search.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/error.hpp"
#include "io/csv_writer.hpp"

namespace genrelab::search {

namespace {

constexpr const char* kMetrics[] = {"accuracy", "macro_f1", "roc_auc_macro", "log_loss"};

double& metric_of(Scores& s, const std::string& m) {
    if (m == "accuracy") return s.accuracy;
    if (m == "macro_f1") return s.macro_f1;
    if (m == "roc_auc_macro") return s.roc_auc_macro;
    return s.log_loss;
}
MeanStd& metric_of(ScoreSummary& s, const std::string& m) {
    if (m == "accuracy") return s.accuracy;
    if (m == "macro_f1") return s.macro_f1;
    if (m == "roc_auc_macro") return s.roc_auc_macro;
    return s.log_loss;
}
const MeanStd& metric_of(const ScoreSummary& s, const std::string& m) { return metric_of(const_cast<ScoreSummary&>(s), m); }

// Mean and population std; NaN when any value is NaN (a metric undefined on some fold).
MeanStd mean_std(const std::vector<double>& v) {
    MeanStd out;
    if (v.empty()) return out;
    double sum = 0;
    for (double x : v) sum += x;
    const double mean = sum / static_cast<double>(v.size());
    double ss = 0;
    for (double x : v) ss += (x - mean) * (x - mean);
    if (!std::isfinite(mean)) return out;
    out.mean = mean;
    out.std = std::sqrt(ss / static_cast<double>(v.size()));
    return out;
}

json num(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }
json ms_json(const MeanStd& m) { return json{{"mean", num(m.mean)}, {"std", num(m.std)}}; }
json summary_json(const ScoreSummary& s) {
    json o = json::object();
    for (const char* m : kMetrics) o[m] = ms_json(metric_of(s, m));
    return o;
}
json selection_json(const Selection& s) {
    return s.metric == "weighted" ? json{{"metric", "weighted"}, {"w1", s.w1}, {"w2", s.w2}} : json{{"metric", s.metric}};
}

bool better(double a, double b, bool lower) { return lower ? a < b : a > b; }
bool valid(const CandidateResult& c) { return c.error.empty() && std::isfinite(c.score); }

std::string value_text(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

}  // namespace

void summarize(CandidateResult& c, const Selection& select) {
    c.train = {};
    c.validation = {};
    c.fit_seconds = {};
    c.acc_gap = c.weighted_score = c.score = kNoScore;
    if (!c.error.empty() || c.folds.empty()) return;
    for (const char* m : kMetrics) {
        std::vector<double> tr, va;
        for (auto& f : c.folds) {
            tr.push_back(metric_of(f.train, m));
            va.push_back(metric_of(f.validation, m));
        }
        metric_of(c.train, m) = mean_std(tr);
        metric_of(c.validation, m) = mean_std(va);
    }
    std::vector<double> secs, gaps;
    for (const auto& f : c.folds) {
        secs.push_back(f.fit_seconds);
        gaps.push_back(f.train.accuracy - f.validation.accuracy);
    }
    c.fit_seconds = mean_std(secs);
    c.acc_gap = mean_std(gaps).mean;
    c.weighted_score = 0.5 * (select.w1 * (1.0 - c.acc_gap) + select.w2 * c.validation.accuracy.mean);
    c.score = select.metric == "weighted" ? c.weighted_score : metric_of(c.validation, select.metric).mean;
}

std::vector<size_t> rank(std::vector<CandidateResult>& cs, const Selection& select) {
    const bool lower = select.lower_is_better();
    std::vector<size_t> order(cs.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        const bool va = valid(cs[a]), vb = valid(cs[b]);
        if (va != vb) return va;
        if (!va) return false;
        return better(cs[a].score, cs[b].score, lower);
    });
    int n_valid = 0;
    for (size_t pos = 0; pos < order.size(); ++pos) {
        CandidateResult& c = cs[order[pos]];
        if (!valid(c)) {
            c.rank = n_valid + 1;
            continue;
        }
        ++n_valid;
        // Ties share the smaller rank ("min"): the same rank as the previous candidate when equal.
        c.rank = (pos > 0 && cs[order[pos - 1]].score == c.score && valid(cs[order[pos - 1]])) ? cs[order[pos - 1]].rank
                                                                                               : static_cast<int>(pos) + 1;
    }
    return order;
}

json table_json(const SearchResult& r) {
    std::vector<std::string> paths;
    for (const auto& c : r.candidates)
        for (auto it = c.params.begin(); it != c.params.end(); ++it)
            if (std::find(paths.begin(), paths.end(), it.key()) == paths.end()) paths.push_back(it.key());
    std::sort(paths.begin(), paths.end());
    json rows = json::array();
    for (size_t i : r.ranking) {
        const CandidateResult& c = r.candidates[i];
        json va = json::array(), ta = json::array();
        for (const auto& f : c.folds) {
            va.push_back(num(f.validation.accuracy));
            ta.push_back(num(f.train.accuracy));
        }
        rows.push_back(json{{"candidate", c.index},
                            {"rank", c.rank},
                            {"params", c.params},
                            {"error", c.error.empty() ? json(nullptr) : json(c.error)},
                            {"score", num(c.score)},
                            {"weighted_score", num(c.weighted_score)},
                            {"acc_gap", num(c.acc_gap)},
                            {"train", summary_json(c.train)},
                            {"validation", summary_json(c.validation)},
                            {"fit_seconds", ms_json(c.fit_seconds)},
                            {"folds", {{"validation_accuracy", va}, {"train_accuracy", ta}}}});
    }
    return json{{"method", r.spec.method},
                {"selection", selection_json(r.spec.select)},
                {"cv", {{"folds", r.spec.cv.folds}, {"stratified", r.spec.cv.stratified}, {"shuffle", r.spec.cv.shuffle}}},
                {"seed", r.spec.seed},
                {"n_train", r.n_train},
                {"n_test", r.n_test},
                {"classes", r.classes},
                {"paths", paths},
                {"n_candidates", r.candidates.size()},
                {"best", r.best},
                {"best_params", r.candidates.empty() ? json(nullptr) : r.candidates[r.best].params},
                {"rows", rows}};
}

std::string table_csv(const SearchResult& r) {
    const json t = table_json(r);
    std::vector<std::string> header{"rank", "candidate"};
    for (const auto& p : t.at("paths")) header.push_back(p.get<std::string>());
    for (const char* part : {"validation", "train"})
        for (const char* m : kMetrics) {
            header.push_back(std::string(part) + "_" + m + "_mean");
            header.push_back(std::string(part) + "_" + m + "_std");
        }
    for (const char* h : {"acc_gap", "weighted_score", "score", "fit_seconds_mean", "fit_seconds_std", "error"}) header.push_back(h);
    auto cell = [](const json& v) { return v.is_null() ? std::string() : v.is_number() ? io::format_number(v.get<double>()) : value_text(v); };
    std::vector<std::vector<std::string>> lines;
    for (const auto& row : t.at("rows")) {
        std::vector<std::string> line{std::to_string(row.at("rank").get<int>()), std::to_string(row.at("candidate").get<size_t>() + 1)};
        for (const auto& p : t.at("paths")) {
            const std::string key = p.get<std::string>();
            line.push_back(row.at("params").contains(key) ? value_text(row.at("params").at(key)) : "");
        }
        for (const char* part : {"validation", "train"})
            for (const char* m : kMetrics) {
                line.push_back(cell(row.at(part).at(m).at("mean")));
                line.push_back(cell(row.at(part).at(m).at("std")));
            }
        for (const char* k : {"acc_gap", "weighted_score", "score"}) line.push_back(cell(row.at(k)));
        line.push_back(cell(row.at("fit_seconds").at("mean")));
        line.push_back(cell(row.at("fit_seconds").at("std")));
        line.push_back(row.at("error").is_null() ? "" : row.at("error").get<std::string>());
        lines.push_back(std::move(line));
    }
    return io::write_csv(header, lines);
}

// ---------------------------------------------------------------- SearchFitter

SearchFitter::SearchFitter(const io::Table& table, SearchSpec spec) : table_(table), spec_(std::move(spec)) {
    candidates_ = expand(spec_);
    data_ = std::make_unique<CvData>(table_, pipeline::parse_recipe(spec_.recipe), spec_.cv, spec_.seed);
    results_.resize(candidates_.size());
    for (size_t i = 0; i < candidates_.size(); ++i) {
        results_[i].index = i;
        results_[i].params = candidates_[i].params;
    }
}

SearchFitter::~SearchFitter() = default;

void SearchFitter::finish_candidate() {
    summarize(results_[candidate_], spec_.select);
    ++candidate_;
    fold_ = 0;
}

void SearchFitter::select_winner() {
    result_.spec = spec_;
    result_.classes = data_->classes;
    result_.n_train = data_->train_rows.size();
    result_.n_test = data_->test_rows.size();
    result_.candidates = results_;
    result_.ranking = rank(result_.candidates, spec_.select);
    result_.best = result_.ranking.empty() ? 0 : result_.ranking.front();
    if (result_.candidates.empty() || !valid(result_.candidates[result_.best])) {
        const auto failed = std::find_if(results_.begin(), results_.end(), [](const CandidateResult& c) { return !c.error.empty(); });
        if (failed != results_.end())
            throw Error("every candidate of the search failed; candidate " + std::to_string(failed->index + 1) + " (" +
                        describe(failed->params) + "): " + failed->error);
        throw Error("no candidate has a " + spec_.select.metric + " score to rank by (undefined on some fold); choose another select.metric");
    }
}

bool SearchFitter::step() {
    switch (phase_) {
        case Phase::Folds: {
            if (candidate_ >= candidates_.size()) {
                select_winner();
                if (spec_.refit) {
                    refit_ = std::make_unique<pipeline::Trainer>(table_, candidates_[result_.best].recipe);
                    phase_ = Phase::Refit;
                    return false;
                }
                phase_ = Phase::Done;
                return true;
            }
            CandidateResult& res = results_[candidate_];
            try {
                if (!fold_fitter_) fold_fitter_ = std::make_unique<FoldFitter>(*data_, candidates_[candidate_].recipe, fold_, &cache_);
                if (!fold_fitter_->step()) return false;
                res.folds.push_back(fold_fitter_->result());
                fold_fitter_.reset();
                if (++fold_ == data_->folds.size()) finish_candidate();
            } catch (const Cancelled&) {
                throw;
            } catch (const Error& e) {
                // scikit-learn's error_score=nan: this candidate is out, the search goes on.
                fold_fitter_.reset();
                res.folds.clear();
                res.error = "fold " + std::to_string(fold_ + 1) + ": " + e.what();
                finish_candidate();
            }
            return false;
        }
        case Phase::Refit: {
            if (!refit_->step()) return false;
            pipeline::FittedPipeline m = refit_->take();
            refit_.reset();
            const CandidateResult& w = result_.candidates[result_.best];
            m.report["search"] = json{{"method", spec_.method},
                                      {"cv", {{"folds", spec_.cv.folds}, {"stratified", spec_.cv.stratified}}},
                                      {"selection", selection_json(spec_.select)},
                                      {"n_candidates", candidates_.size()},
                                      {"params", w.params},
                                      {"validation", summary_json(w.validation)},
                                      {"acc_gap", num(w.acc_gap)},
                                      {"weighted_score", num(w.weighted_score)}};
            result_.model = std::move(m);
            phase_ = Phase::Done;
            return true;
        }
        case Phase::Done: return true;
    }
    return true;
}

double SearchFitter::fraction() const {
    const double fits = static_cast<double>(candidates_.size() * data_->folds.size());
    const double total = fits + (spec_.refit ? 1.0 : 0.0);
    switch (phase_) {
        case Phase::Folds: {
            const double done = static_cast<double>(candidate_ * data_->folds.size() + fold_) + (fold_fitter_ ? fold_fitter_->fraction() : 0.0);
            return std::min(fits, done) / total;
        }
        case Phase::Refit: return (fits + (refit_ ? refit_->fraction() : 0.0)) / total;
        case Phase::Done: return 1.0;
    }
    return 1.0;
}

std::string SearchFitter::stage() const {
    switch (phase_) {
        case Phase::Folds: {
            if (candidate_ >= candidates_.size()) return "ranking the candidates";
            return "candidate " + std::to_string(candidate_ + 1) + "/" + std::to_string(candidates_.size()) + " (" +
                   describe(candidates_[candidate_].params) + "), fold " + std::to_string(fold_ + 1) + "/" +
                   std::to_string(data_->folds.size()) + (fold_fitter_ ? ": " + fold_fitter_->stage() : "");
        }
        case Phase::Refit:
            return "refitting the winner (" + describe(result_.candidates[result_.best].params) + ")" +
                   (refit_ ? ": " + refit_->stage() : "");
        case Phase::Done: return "done";
    }
    return "";
}

json SearchFitter::live() const {
    json best = nullptr;
    const bool lower = spec_.select.lower_is_better();
    for (size_t i = 0; i < candidate_ && i < results_.size(); ++i) {
        const CandidateResult& c = results_[i];
        if (!valid(c)) continue;
        if (best.is_null() || better(c.score, best.at("score").get<double>(), lower))
            best = json{{"candidate", c.index}, {"params", c.params}, {"score", c.score}};
    }
    return json{{"done", std::min(candidate_, candidates_.size())}, {"total", candidates_.size()}, {"best_so_far", best}};
}

SearchResult SearchFitter::take() {
    if (phase_ != Phase::Done) throw Error("the search has not finished");
    return std::move(result_);
}

SearchResult run_search(const io::Table& table, const SearchSpec& spec, Progress& progress) {
    SearchFitter f(table, spec);
    f.run(progress);
    return f.take();
}

}  // namespace genrelab::search
