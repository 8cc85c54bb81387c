#include "pipeline/pipeline.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numeric>
#include <map>
#include <set>

#include "core/error.hpp"
#include "metrics/classification.hpp"
#include "metrics/curves.hpp"
#include "preprocess/leakage.hpp"
#include "preprocess/split.hpp"

namespace genrelab::pipeline {

namespace {

constexpr double kStepSeconds = 0.05;        // aim for evaluation steps of about this long
constexpr size_t kMaxClasses = 1000;
constexpr long long kMinClassRows = 3;      // fewest rows of a class a stratified train/test split can use

std::vector<size_t> all_rows(size_t n) {
    std::vector<size_t> rows(n);
    std::iota(rows.begin(), rows.end(), size_t{0});
    return rows;
}

template <class T>
std::vector<T> pick(const std::vector<T>& v, const std::vector<size_t>& idx) {
    std::vector<T> out;
    out.reserve(idx.size());
    for (size_t i : idx) out.push_back(v[i]);
    return out;
}

// The first column (by encoded name) that still has missing values, with the count, for the message.
void require_no_missing(const Matrix& X, const std::vector<std::string>& names, const char* where) {
    for (Index c = 0; c < X.cols(); ++c) {
        const auto missing = (X.col(c).array() != X.col(c).array()).count();
        if (missing > 0)
            throw Error("column '" + names[static_cast<size_t>(c)] + "' has " + with_thousands(missing) + " missing values in the " +
                        where + " rows; add an imputation stage (e.g. median) before the classifier");
        if (!X.col(c).allFinite())
            throw Error("column '" + names[static_cast<size_t>(c)] + "' holds an infinite value in the " + where + " rows");
    }
}

}  // namespace

std::vector<std::string> mapped_labels(const io::Table& table, const Recipe& recipe) {
    const io::Column& col = table.column(recipe.label);
    preprocess::LabelMapParams only_map = recipe.labels;   // the class set is fixed at training: no dropping here
    only_map.min_count = 0;
    only_map.top_n = 0;
    const preprocess::LabelMapResult res = preprocess::apply_label_map(only_map, col.cells, col.missing);
    std::vector<std::string> labels(table.n_rows());
    for (size_t i = 0; i < res.kept_rows.size(); ++i) labels[res.kept_rows[i]] = res.labels[i];
    return labels;
}

ClassDiscovery discover_classes(const io::Table& table, const Recipe& recipe) {
    const std::string& label = recipe.label;
    const io::Column& col = table.column(label);
    ClassDiscovery out;
    const preprocess::LabelMapResult res = preprocess::apply_label_map(recipe.labels, col.cells, col.missing);
    out.report = res.report;
    std::set<std::string> distinct(res.labels.begin(), res.labels.end());
    if (distinct.empty())
        throw Error(res.report.rows_before > res.report.missing_label_rows
                        ? "no class of '" + label + "' is left after grouping and dropping rare classes (" + res.report.summary + ")"
                        : "label column '" + label + "' has no values: every cell is missing");
    if (distinct.size() == 1)
        throw Error("label column '" + label + "' has only one class ('" + *distinct.begin() +
                    "'); a classifier needs at least two — is this the genre column?");
    if (distinct.size() > kMaxClasses || distinct.size() * 2 > table.n_rows())
        throw Error("label column '" + label + "' has " + with_thousands(static_cast<long long>(distinct.size())) +
                    " distinct values among " + with_thousands(static_cast<long long>(table.n_rows())) +
                    " rows — that looks like an id or a measurement, not a genre; choose another label column");
    out.classes.assign(distinct.begin(), distinct.end());   // std::set orders by byte value = code point order for UTF-8
    // A stratified split needs a few rows of every class on each side: name the smallest classes.
    std::map<std::string, long long> counts;
    for (const auto& l : res.labels) ++counts[l];
    std::vector<std::pair<std::string, long long>> rare;
    for (const auto& [name, n] : counts)
        if (n < kMinClassRows) rare.emplace_back(name, n);
    if (!rare.empty())
        throw Error("class '" + rare.front().first + "' of '" + label + "' has only " + std::to_string(rare.front().second) +
                    (rare.front().second == 1 ? " row" : " rows") +
                    (rare.size() > 1 ? " (" + std::to_string(rare.size()) + " classes have fewer than " + std::to_string(kMinClassRows) + ")" : "") +
                    ": too few to put some in the training and some in the test rows. Group fine genres into broad ones or drop "
                    "rare classes (recipe \"labels\": {\"min_count\": " + std::to_string(kMinClassRows) + "})");
    return out;
}

LabelledRows label_rows(const io::Table& table, const Recipe& recipe, const std::vector<std::string>& classes) {
    const io::Column& col = table.column(recipe.label);
    const std::vector<std::string> labels = mapped_labels(table, recipe);
    LabelledRows out;
    for (size_t r = 0; r < table.n_rows(); ++r) {
        if (col.missing[r]) {
            ++out.n_missing;
            continue;
        }
        auto it = std::lower_bound(classes.begin(), classes.end(), labels[r]);
        if (labels[r].empty() || it == classes.end() || *it != labels[r]) {
            ++out.n_unknown;
            continue;
        }
        out.rows.push_back(r);
        out.y.push_back(static_cast<int>(it - classes.begin()));
    }
    return out;
}

LabelledRows label_rows(const io::Table& table, const std::string& label, const std::vector<std::string>& classes) {
    Recipe raw;
    raw.label = label;
    return label_rows(table, raw, classes);
}

std::vector<std::string> FittedPipeline::feature_names() const {
    auto names = encoding.output_names();
    for (const auto& s : stages) names = s->output_names(names);
    return names;
}

Matrix FittedPipeline::features(const io::Table& table, const std::vector<size_t>& rows) const {
    const std::vector<size_t> which = rows.empty() ? all_rows(table.n_rows()) : rows;
    Matrix X = encode(encoding, table, which);
    for (const auto& s : stages) X = s->transform_rows(X, table, which);
    return X;
}

Predictions predict(const FittedPipeline& model, const io::Table& table, const std::vector<size_t>& rows) {
    const Matrix X = model.features(table, rows);
    require_no_missing(X, model.feature_names(), "predicted");
    Predictions p;
    model.classifier->predict_with_scores(X, p.predicted, p.scores);
    p.probabilities = model.classifier->scores_are_probabilities();
    return p;
}

namespace {

// Up to `max_points` of a curve (x[i], y[i]): evenly spaced indices, the first and last always kept. The page
// draws these; the areas are computed on the full curves.
json thinned_curve(const std::vector<double>& x, const std::vector<double>& y, const char* xname, const char* yname,
                   size_t max_points = 200) {
    std::vector<double> tx, ty;
    const size_t n = x.size();
    const size_t m = std::min(n, max_points);
    size_t last = n;   // index of the previous point kept
    for (size_t i = 0; i < m; ++i) {
        const size_t at = m == 1 ? 0 : static_cast<size_t>(std::llround(static_cast<double>(i) * static_cast<double>(n - 1) / static_cast<double>(m - 1)));
        if (at == last) continue;
        // 4 decimals are finer than a chart's pixel and keep the model file small (nlohmann prints the shortest form).
        tx.push_back(std::round(x[at] * 1e4) / 1e4);
        ty.push_back(std::round(y[at] * 1e4) / 1e4);
        last = at;
    }
    return json{{xname, tx}, {yname, ty}};
}

// One-vs-rest ROC and precision–recall curves per class plus the micro-averaged ones (all n·K one-hot
// (label, score) pairs pooled), thinned for the page. A class absent from (or alone in) y_true gets null.
json compact_curves(const Labels& y_true, const Matrix& scores) {
    const Index n = scores.rows(), K = scores.cols();
    json per_class = json::array();
    const auto roc = metrics::roc_curves_ovr(y_true, scores);
    const auto pr = metrics::precision_recall_curves_ovr(y_true, scores);
    auto num = [](double v) { return std::isfinite(v) ? json(v) : json(nullptr); };
    for (Index c = 0; c < K; ++c) {
        const auto& r = roc[static_cast<size_t>(c)];
        const auto& q = pr[static_cast<size_t>(c)];
        per_class.push_back(json{{"roc", r.fpr.empty() ? json(nullptr) : thinned_curve(r.fpr, r.tpr, "fpr", "tpr")},
                                 {"auc", num(r.auc)},
                                 {"pr", q.positives == 0 ? json(nullptr) : thinned_curve(q.recall, q.precision, "recall", "precision")},
                                 {"average_precision", q.positives == 0 ? json(nullptr) : num(q.average_precision)},
                                 {"positives", r.positives}});
    }
    Labels flat_y(static_cast<size_t>(n * K));
    Vector flat_s(n * K);
    for (Index i = 0; i < n; ++i)
        for (Index c = 0; c < K; ++c) {
            flat_y[static_cast<size_t>(i * K + c)] = y_true[static_cast<size_t>(i)] == c ? 1 : 0;
            flat_s(i * K + c) = scores(i, c);
        }
    json micro = nullptr;
    if (n > 0 && K > 1) {
        const auto r = metrics::roc_curve(flat_y, flat_s, 1);
        const auto q = metrics::precision_recall_curve(flat_y, flat_s, 1);
        micro = json{{"roc", thinned_curve(r.fpr, r.tpr, "fpr", "tpr")}, {"auc", num(r.auc)},
                     {"pr", thinned_curve(q.recall, q.precision, "recall", "precision")}, {"average_precision", num(q.average_precision)}};
    }
    return json{{"per_class", per_class}, {"micro", micro},
                {"roc_auc_macro", num(metrics::roc_auc_ovr_macro(y_true, scores))},
                {"average_precision_macro", num(metrics::average_precision_macro(y_true, scores))}};
}

}  // namespace

json metrics_json(const Labels& y_true, const Predictions& p, const std::vector<std::string>& classes) {
    const int K = static_cast<int>(classes.size());
    const metrics::ClassificationReport report = metrics::classification_report(y_true, p.predicted, K);
    json m = report;
    m["classes"] = classes;
    json per_class = json::array();
    for (size_t c = 0; c < classes.size(); ++c)
        per_class.push_back(json{{"class", classes[c]},
                                 {"precision", report.precision[c]},
                                 {"recall", report.recall[c]},
                                 {"f1", report.f1[c]},
                                 {"support", report.support[c]}});
    m["per_class"] = per_class;
    // AUC needs both classes of each one-vs-rest problem present; skip it (null) otherwise.
    std::vector<int> counts(static_cast<size_t>(K), 0);
    for (int c : y_true) ++counts[static_cast<size_t>(c)];
    const bool all_present = std::all_of(counts.begin(), counts.end(), [&](int n) { return n > 0 && n < static_cast<int>(y_true.size()); });
    m["roc_auc_macro"] = all_present ? json(metrics::roc_auc_ovr_macro(y_true, p.scores)) : json(nullptr);
    m["scores_are_probabilities"] = p.probabilities;
    m["curves"] = y_true.empty() || !p.scores.allFinite() ? json(nullptr) : compact_curves(y_true, p.scores);
    return m;
}

json evaluate(const FittedPipeline& model, const io::Table& table) {
    const LabelledRows lr = label_rows(table, model.recipe, model.classes);
    if (lr.rows.empty()) throw Error("no row of this file has a label the model knows (column '" + model.recipe.label + "')");
    json m = metrics_json(lr.y, predict(model, table, lr.rows), model.classes);
    m["rows_without_label"] = lr.n_missing;
    m["rows_with_unknown_label"] = lr.n_unknown;
    return m;
}

// ---------------------------------------------------------------- Trainer

namespace {

std::optional<io::Table> cleaned_copy(const io::Table& table, const Recipe& r, json& report) {
    if (!r.clean) return std::nullopt;
    io::Table copy = table;
    report = preprocess::clean(*r.clean, copy);
    return copy;
}

// What each fitted stage measured (regression imputer R², group imputer counts …), in recipe order.
json stage_reports(const FittedPipeline& m) {
    json out = json::array();
    for (const auto& s : m.stages) {
        json r = s->report();
        if (!r.is_null()) out.push_back(json{{"type", s->type()}, {"report", std::move(r)}});
    }
    return out;
}

// The (artist, track) columns when the table has them, for the leakage report; else whole rows.
preprocess::LeakageParams leakage_keys(const io::Table& t, const std::string& label) {
    auto find = [&](std::initializer_list<const char*> words) -> std::string {
        for (const auto& name : t.column_names()) {
            std::string l = name;
            for (auto& ch : l) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            for (const char* w : words)
                if (l.find(w) != std::string::npos) return name;
        }
        return "";
    };
    preprocess::LeakageParams p;
    const std::string artist = find({"artist"}), track = find({"track_name", "title", "song", "track"});
    if (!artist.empty() && !track.empty() && artist != track) p.key_columns = {artist, track};
    else p.exclude_columns = {label};
    return p;
}

}  // namespace

Trainer::Trainer(const io::Table& table, Recipe recipe)
    : source_(table),
      cleaned_(cleaned_copy(table, recipe, clean_report_)),
      table_(cleaned_ ? *cleaned_ : source_) {
    model_.recipe = std::move(recipe);
    const Recipe& r = model_.recipe;
    for (const auto& f : r.features) table_.column(f);   // throws, naming the available columns
    ClassDiscovery found = discover_classes(table_, r);
    model_.classes = std::move(found.classes);
    label_report_ = std::move(found.report);
    model_.classifier = make_classifier(r.classifier);
    for (const auto& spec : r.stages) model_.stages.push_back(make_stage(spec));
    if (r.split.method == "group") table_.column(r.split.group_column);
}

void Trainer::prepare() {
    const Recipe& r = model_.recipe;
    const int K = static_cast<int>(model_.classes.size());
    const LabelledRows lr = label_rows(table_, r, model_.classes);
    if (lr.n_missing > 0)
        warnings_.push_back(with_thousands(static_cast<long long>(lr.n_missing)) + " rows have no label in '" + r.label +
                            "' and were left out");
    if (lr.n_unknown > 0)
        warnings_.push_back(with_thousands(static_cast<long long>(lr.n_unknown)) + " rows were left out by the label grouping: " +
                            label_report_.summary);

    preprocess::SplitIndices split;
    if (r.split.method == "group") {
        const io::Column& g = table_.column(r.split.group_column);
        split = preprocess::group_split(pick(g.cells, lr.rows), lr.y, r.split.validation_fraction, r.split.test_fraction, r.seed);
    } else if (r.split.validation_fraction == 0.0) {
        // The peers' exact protocol, so the rows match scikit-learn's run for the same seed.
        split = preprocess::stratified_peer_split(lr.y, K, r.split.test_fraction, static_cast<uint32_t>(r.seed));
    } else {
        split = preprocess::stratified_split(lr.y, K, r.split.validation_fraction, r.split.test_fraction, r.seed);
    }
    train_rows_ = pick(lr.rows, split.train);
    {
        const preprocess::SplitRows rows{pick(lr.rows, split.train), pick(lr.rows, split.validation), pick(lr.rows, split.test)};
        leakage_ = preprocess::check_leakage(leakage_keys(table_, r.label), table_, rows);
    }
    validation_rows_ = pick(lr.rows, split.validation);
    test_rows_ = pick(lr.rows, split.test);
    y_train_ = pick(lr.y, split.train);
    y_validation_ = pick(lr.y, split.validation);
    y_test_ = pick(lr.y, split.test);
    if (train_rows_.size() < 2 || test_rows_.empty())
        throw Error("the split left " + std::to_string(train_rows_.size()) + " training and " + std::to_string(test_rows_.size()) +
                    " test rows; the file needs more labelled rows");
    std::set<int> train_classes(y_train_.begin(), y_train_.end());
    if (train_classes.size() < 2) throw Error("the training rows hold only one class; a classifier needs at least two");

    // Everything below is fitted on the training rows only (no leakage into the test metrics).
    model_.encoding = fit_encoding(table_, r.features, train_rows_);
    X_train_ = encode(model_.encoding, table_, train_rows_);
    auto names = model_.encoding.output_names();
    for (auto& stage : model_.stages) {
        stage->fit_rows(X_train_, y_train_, K, names, table_, train_rows_);
        X_train_ = stage->transform_rows(X_train_, table_, train_rows_);
        names = stage->output_names(names);
    }
    require_no_missing(X_train_, names, "training");
    X_test_ = model_.features(table_, test_rows_);
    require_no_missing(X_test_, names, "test");
    fit_ = model_.classifier->start_fit(X_train_, y_train_, K);
    fit_started_ = std::chrono::steady_clock::now();
}

void Trainer::evaluate_chunk() {
    const size_t n = test_rows_.size();
    const size_t end = std::min(n, evaluated_ + chunk_rows_);
    const auto t0 = std::chrono::steady_clock::now();
    const Matrix chunk = X_test_.middleRows(static_cast<Index>(evaluated_), static_cast<Index>(end - evaluated_));
    Labels pred;
    Matrix sc;
    model_.classifier->predict_with_scores(chunk, pred, sc);
    if (evaluated_ == 0) test_scores_.resize(static_cast<Index>(n), sc.cols());
    test_scores_.middleRows(static_cast<Index>(evaluated_), sc.rows()) = sc;
    test_predicted_.insert(test_predicted_.end(), pred.begin(), pred.end());
    evaluated_ = end;
    // Rows are scored independently, so the chunk size changes only how often the worker can report.
    const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (took < kStepSeconds / 2 && chunk_rows_ < (size_t{1} << 16)) chunk_rows_ *= 2;
    else if (took > kStepSeconds * 2 && chunk_rows_ > 8) chunk_rows_ /= 2;
}

bool Trainer::step() {
    switch (phase_) {
        case Phase::Prepare:
            prepare();
            phase_ = Phase::Fit;
            return false;
        case Phase::Fit: {
            const auto t0 = std::chrono::steady_clock::now();
            const bool done = fit_->step();
            fit_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            if (done) phase_ = Phase::Evaluate;
            return false;
        }
        case Phase::Evaluate: {
            evaluate_chunk();
            if (evaluated_ < test_rows_.size()) return false;
            Predictions p{test_predicted_, test_scores_, model_.classifier->scores_are_probabilities()};
            model_.report = json{{"classes", model_.classes},
                                 {"features", model_.feature_names()},
                                 {"n_train", train_rows_.size()},
                                 {"n_validation", validation_rows_.size()},
                                 {"n_test", test_rows_.size()},
                                 {"fit_seconds", fit_seconds_},
                                 {"metrics", metrics_json(y_test_, p, model_.classes)},
                                 {"history", model_.classifier->live_history()},
                                 {"labels", label_report_},
                                 {"leakage", leakage_},
                                 {"clean", clean_report_},
                                 {"stages", stage_reports(model_)},
                                 {"warnings", warnings_}};
            phase_ = Phase::Done;
            return true;
        }
        case Phase::Done: return true;
    }
    return true;
}

double Trainer::fraction() const {
    // Preparing ≈ 3 %, then fitting and scoring the held-out rows in the classifier's proportion.
    const double prepare = 0.03, fit = (1.0 - prepare) * model_.classifier->fit_share();
    switch (phase_) {
        case Phase::Prepare: return 0.0;
        case Phase::Fit: return prepare + fit * (fit_ ? fit_->fraction() : 0.0);
        case Phase::Evaluate:
            return prepare + fit +
                   (1.0 - prepare - fit) *
                       (test_rows_.empty() ? 1.0 : static_cast<double>(evaluated_) / static_cast<double>(test_rows_.size()));
        case Phase::Done: return 1.0;
    }
    return 1.0;
}

std::string Trainer::stage() const {
    switch (phase_) {
        case Phase::Prepare: return "splitting and preprocessing";
        case Phase::Fit: return "training " + model_.classifier->type() + (fit_ ? ": " + fit_->stage() : "");
        case Phase::Evaluate: return "evaluating on the test rows";
        case Phase::Done: return "done";
    }
    return "";
}

json Trainer::live() const { return model_.classifier ? model_.classifier->live_history() : json(nullptr); }

FittedPipeline Trainer::take() {
    if (phase_ != Phase::Done) throw Error("the model is not trained yet");
    return std::move(model_);
}

FittedPipeline train(const io::Table& table, const Recipe& recipe, Progress& progress) {
    Trainer t(table, recipe);
    t.run(progress);
    return t.take();
}

}  // namespace genrelab::pipeline
