#include "bindings/api_explore.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <numeric>

#include "bindings/registry.hpp"
#include "core/error.hpp"
#include "io/column_typing.hpp"
#include "io/csv_writer.hpp"
#include "io/profile.hpp"
#include "metrics/descriptive.hpp"
#include "pipeline/feature_encoding.hpp"
#include "pipeline/model_file.hpp"
#include "pipeline/pipeline.hpp"

namespace genrelab::api {

using nlohmann::json;
using namespace detail;

namespace {

constexpr size_t kMaxRowsPerCall = 10000;

json num(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }

json nums(const std::vector<double>& v) {
    json a = json::array();
    for (double x : v) a.push_back(num(x));
    return a;
}

json matrix_json(const Matrix& M) {
    json rows = json::array();
    for (Index r = 0; r < M.rows(); ++r) {
        json row = json::array();
        for (Index c = 0; c < M.cols(); ++c) row.push_back(num(M(r, c)));
        rows.push_back(std::move(row));
    }
    return rows;
}

json box_json(const metrics::BoxStats& b) {
    return json{{"n", b.n},           {"min", num(b.min)},   {"q1", num(b.q1)},
                {"median", num(b.median)}, {"q3", num(b.q3)}, {"max", num(b.max)},
                {"mean", num(b.mean)},     {"whisker_low", num(b.whisker_low)},
                {"whisker_high", num(b.whisker_high)},   {"outliers", b.outliers}};
}

std::string plural(size_t n, const char* one, const char* many) {
    return with_thousands(static_cast<long long>(n)) + " " + (n == 1 ? one : many);
}

std::vector<size_t> all_rows(size_t n) {
    std::vector<size_t> rows(n);
    std::iota(rows.begin(), rows.end(), size_t{0});
    return rows;
}

// ---- explore -------------------------------------------------------------------------------------

struct NumericView {
    std::string name;
    std::string kind;              // numeric | boolean | pitch_class | major_minor
    std::vector<double> values;    // NaN = missing
};

// The column as numbers the way the model's encoding sees it, or nullopt-like false when it is not numeric.
bool numeric_view(const io::Table& table, const io::Column& col, NumericView& out) {
    out.name = col.name;
    if (col.type == io::ColumnType::Numeric || col.type == io::ColumnType::Boolean) {
        out.kind = col.type == io::ColumnType::Numeric ? "numeric" : "boolean";
        out.values = col.values;
        return true;
    }
    if (col.type != io::ColumnType::Categorical) return false;
    try {
        const auto rows = all_rows(table.n_rows());
        const pipeline::FeatureEncoding enc = pipeline::fit_encoding(table, {col.name}, rows);
        const auto e = enc.columns.at(0).encoding;
        if (e != pipeline::ColumnEncoding::PitchClass && e != pipeline::ColumnEncoding::MajorMinor) return false;
        out.kind = e == pipeline::ColumnEncoding::PitchClass ? "pitch_class" : "major_minor";
        const Matrix X = pipeline::encode(enc, table, rows);
        out.values.assign(X.data(), X.data() + X.rows());
        return true;
    } catch (const Error&) {
        return false;   // too many categories or no values: not something to plot as numbers
    }
}

std::string type_words(const io::Column& col) {
    return std::string(io::to_string(col.type));
}

int bins_option(const json& o) {
    if (!o.contains("bins") || o.at("bins").is_null()) return 0;
    const json& b = o.at("bins");
    if (b.is_string()) {
        if (b.get<std::string>() == "auto") return 0;
        throw Error("explore: 'bins' must be \"auto\" or a whole number of bins, got \"" + b.get<std::string>() + "\"");
    }
    if (!b.is_number_integer() || b.get<long long>() < 0 || b.get<long long>() > 10000)
        throw Error("explore: 'bins' must be \"auto\" or a whole number between 1 and 10,000");
    return b.get<int>();
}

int int_option(const json& o, const char* key, int fallback, int lo, int hi) {
    if (!o.contains(key) || o.at(key).is_null()) return fallback;
    const json& v = o.at(key);
    if (!v.is_number_integer() || v.get<long long>() < lo || v.get<long long>() > hi)
        throw Error(std::string("explore: '") + key + "' must be a whole number between " + std::to_string(lo) + " and " +
                    with_thousands(hi));
    return v.get<int>();
}

// ---- predictions ---------------------------------------------------------------------------------

bool has_imputer(const pipeline::FittedPipeline& m) {
    return std::any_of(m.recipe.stages.begin(), m.recipe.stages.end(),
                       [](const json& s) { return s.value("type", "").find("impute") != std::string::npos; });
}

const char* encoding_word(pipeline::ColumnEncoding e) {
    switch (e) {
        case pipeline::ColumnEncoding::Number: return "number";
        case pipeline::ColumnEncoding::PitchClass: return "pitch_class";
        case pipeline::ColumnEncoding::MajorMinor: return "major_minor";
        case pipeline::ColumnEncoding::OneHot: return "one_hot";
    }
    return "number";
}

// A table whose feature columns have the types the model was trained with: a number-encoded column that
// this file's reader typed as categorical or text (e.g. many '?' cells) is read again as numbers.
std::shared_ptr<const io::Table> conformed(const std::shared_ptr<const io::Table>& table, const pipeline::FittedPipeline& m,
                                           std::vector<std::string>& warnings) {
    std::shared_ptr<io::Table> copy;
    for (const auto& ec : m.encoding.columns) {
        const io::Column& col = table->column(ec.name);   // names the available columns when absent
        if (ec.encoding != pipeline::ColumnEncoding::Number) continue;
        if (col.type == io::ColumnType::Numeric || col.type == io::ColumnType::Boolean) continue;
        if (!copy) copy = std::make_shared<io::Table>(*table);
        io::Column& c = copy->column(ec.name);
        const std::string was = type_words(c);
        io::force_type(c, io::ColumnType::Numeric, copy->line_of_row);
        std::string w = "column '" + ec.name + "' looked " + was + " in this file; it was read as numbers because the model expects numbers";
        if (c.n_invalid > 0)
            w += " (" + plural(c.n_invalid, "value is", "values are") + " not a number, e.g. '" + c.first_invalid + "' on line " +
                 std::to_string(c.first_invalid_line) + ", and counted as missing)";
        warnings.push_back(w);
    }
    return copy ? std::shared_ptr<const io::Table>(copy) : table;
}

// The last finished prediction of a whole dataset, kept for predictions_csv.
struct LastPrediction {
    std::weak_ptr<pipeline::FittedPipeline> model;
    std::weak_ptr<const io::Table> table;
    pipeline::Predictions predictions;
};
LastPrediction& last_prediction() {
    static LastPrediction p;
    return p;
}

class PredictionStepper : public Stepper {
public:
    PredictionStepper(std::shared_ptr<pipeline::FittedPipeline> model, std::shared_ptr<const io::Table> table)
        : model_(std::move(model)), table_(std::move(table)) {
        const auto K = static_cast<Index>(model_->classes.size());
        out_.scores.resize(static_cast<Index>(table_->n_rows()), K);
        out_.predicted.reserve(table_->n_rows());
        out_.probabilities = model_->classifier->scores_are_probabilities();
    }
    bool step() override {
        const size_t n = table_->n_rows();
        if (done_ >= n) return true;
        const size_t end = std::min(n, done_ + chunk_);
        std::vector<size_t> rows(end - done_);
        std::iota(rows.begin(), rows.end(), done_);
        const auto start = std::chrono::steady_clock::now();
        pipeline::Predictions p;
        try {
            p = pipeline::predict(*model_, *table_, rows);
        } catch (const Error& e) {
            throw Error(std::string(e.what()) + " (rows " + with_thousands(static_cast<long long>(done_ + 1)) + "–" +
                        with_thousands(static_cast<long long>(end)) + ")");
        }
        out_.predicted.insert(out_.predicted.end(), p.predicted.begin(), p.predicted.end());
        out_.scores.middleRows(static_cast<Index>(done_), static_cast<Index>(rows.size())) = p.scores;
        done_ = end;
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        // aim for steps of about 50 ms
        if (seconds < 0.02) chunk_ = std::min<size_t>(chunk_ * 2, 65536);
        else if (seconds > 0.1 && chunk_ > 16) chunk_ /= 2;
        return done_ >= n;
    }
    double fraction() const override {
        return table_->n_rows() ? static_cast<double>(done_) / static_cast<double>(table_->n_rows()) : 1.0;
    }
    std::string stage() const override {
        return "predicting " + with_thousands(static_cast<long long>(done_)) + " / " +
               with_thousands(static_cast<long long>(table_->n_rows())) + " songs";
    }
    pipeline::Predictions& result() { return out_; }

private:
    std::shared_ptr<pipeline::FittedPipeline> model_;
    std::shared_ptr<const io::Table> table_;
    pipeline::Predictions out_;
    size_t done_ = 0;
    size_t chunk_ = 64;
};

// One JSON value of a row → the cell text the CSV reader would have kept for it.
std::string cell_text(const json& v, pipeline::ColumnEncoding enc) {
    static const char* notes[] = {"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"};
    if (v.is_null()) return "";
    if (v.is_boolean()) {
        if (enc == pipeline::ColumnEncoding::MajorMinor) return v.get<bool>() ? "Major" : "Minor";
        return v.get<bool>() ? "1" : "0";
    }
    if (v.is_number()) {
        const double x = v.get<double>();
        if (enc == pipeline::ColumnEncoding::PitchClass && x == std::floor(x) && x >= 0 && x < 12) return notes[static_cast<int>(x)];
        if (enc == pipeline::ColumnEncoding::MajorMinor && (x == 0 || x == 1)) return x == 1 ? "Major" : "Minor";
        return io::format_number(x);
    }
    if (v.is_string()) {
        std::string s = v.get<std::string>();
        const auto b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
        return b == std::string::npos ? "" : s.substr(b, e - b + 1);
    }
    throw Error("a value must be a number, a text, true/false or null, not " + std::string(v.type_name()));
}

std::string unique_name(std::string name, const std::vector<std::string>& taken) {
    const std::string base = name;
    for (int i = 2; std::find(taken.begin(), taken.end(), name) != taken.end(); ++i) name = base + "_" + std::to_string(i);
    return name;
}

std::string score_text(double x) {
    if (!std::isfinite(x)) return io::format_number(x);
    return io::format_number(std::round(x * 1e6) / 1e6);
}

}  // namespace

std::string explore(int dataset_id, const std::string& options_json) {
    return guarded([&] {
        const auto table = dataset(dataset_id);
        const json o = options_json.empty() ? json::object() : json::parse(options_json);
        if (!o.is_object()) throw Error("explore: the options must be a JSON object");
        const int bins = bins_option(o);
        const int max_bins = int_option(o, "max_bins", 100, 1, 10000);
        const int max_classes = int_option(o, "max_classes", 60, 1, 1000);
        const int max_columns = int_option(o, "max_columns", 60, 1, 1000);
        std::string label = o.value("label", json(nullptr)).is_string() ? o.at("label").get<std::string>() : "";
        json warnings = json::array();

        // The label and its classes.
        const size_t n = table->n_rows();
        std::vector<std::string> classes;
        std::vector<int> class_of(n, -1);
        size_t label_missing = 0;
        if (!label.empty()) {
            const io::Column& lc = table->column(label);
            std::map<std::string, int> index;
            for (size_t r = 0; r < n; ++r)
                if (!lc.missing[r]) index.emplace(lc.cells[r], 0);
            if (index.size() > static_cast<size_t>(max_classes)) {
                warnings.push_back("column '" + label + "' has " + with_thousands(static_cast<long long>(index.size())) +
                                   " different values — too many to compare as genres (at most " + std::to_string(max_classes) +
                                   "); the charts show all songs together");
                label.clear();
            } else {
                int k = 0;
                for (auto& [name, i] : index) {
                    i = k++;
                    classes.push_back(name);
                }
                for (size_t r = 0; r < n; ++r) {
                    if (lc.missing[r]) ++label_missing;
                    else class_of[r] = index.at(lc.cells[r]);
                }
            }
        }
        const size_t K = classes.size();
        std::vector<size_t> class_counts(K, 0);
        for (int c : class_of)
            if (c >= 0) ++class_counts[static_cast<size_t>(c)];

        // The columns to describe.
        std::vector<NumericView> views;
        if (o.contains("columns") && !o.at("columns").is_null()) {
            if (!o.at("columns").is_array()) throw Error("explore: 'columns' must be a list of column names");
            for (const auto& name_json : o.at("columns")) {
                if (!name_json.is_string()) throw Error("explore: 'columns' must be a list of column names");
                const io::Column& col = table->column(name_json.get<std::string>());
                NumericView v;
                if (!numeric_view(*table, col, v))
                    throw Error("column '" + col.name + "' is " + type_words(col) +
                                "; only numbers (and note names or Major/Minor) can be drawn as histograms and correlations");
                views.push_back(std::move(v));
            }
        } else {
            for (const auto& col : table->columns) {
                if (col.name == label) continue;
                if (col.type == io::ColumnType::Empty || col.type == io::ColumnType::Text) continue;
                NumericView v;
                if (!numeric_view(*table, col, v)) continue;
                if (io::profile_column(col).suggestion.rfind("drop:", 0) == 0) continue;   // ids, constants
                views.push_back(std::move(v));
            }
        }
        if (views.size() > static_cast<size_t>(max_columns)) {
            warnings.push_back("only the first " + std::to_string(max_columns) + " of " + std::to_string(views.size()) +
                               " numeric columns are described");
            views.resize(static_cast<size_t>(max_columns));
        }

        json columns = json::array(), histograms = json::array(), boxes = json::array(), names = json::array();
        std::vector<std::vector<double>> values;
        json means = json::array();
        std::vector<std::vector<double>> mean_table(K, std::vector<double>(views.size()));
        std::vector<double> overall_mean, overall_std;
        for (size_t j = 0; j < views.size(); ++j) {
            const NumericView& v = views[j];
            const metrics::Histogram h = metrics::histogram(v.values, bins, max_bins);
            columns.push_back(json{{"name", v.name}, {"kind", v.kind}, {"missing", h.missing}});
            names.push_back(v.name);
            histograms.push_back(json{{"column", v.name}, {"edges", nums(h.edges)}, {"counts", h.counts},
                                      {"missing", h.missing}, {"capped", h.capped}});
            std::vector<std::vector<double>> per_class(K);
            for (size_t r = 0; r < n; ++r)
                if (class_of[r] >= 0 && !std::isnan(v.values[r])) per_class[static_cast<size_t>(class_of[r])].push_back(v.values[r]);
            const metrics::BoxStats all = metrics::box_stats(v.values);
            json by_class = json::array();
            for (size_t k = 0; k < K; ++k) {
                const metrics::BoxStats b = metrics::box_stats(per_class[k]);
                mean_table[k][j] = b.mean;
                by_class.push_back(box_json(b));
            }
            boxes.push_back(json{{"column", v.name}, {"all", box_json(all)}, {"by_class", by_class}});
            // overall mean and sample standard deviation (n − 1, as pandas)
            double ss = 0;
            size_t m = 0;
            for (double x : v.values)
                if (!std::isnan(x)) ss += (x - all.mean) * (x - all.mean), ++m;
            overall_mean.push_back(all.mean);
            overall_std.push_back(m >= 2 ? std::sqrt(ss / static_cast<double>(m - 1)) : std::nan(""));
            values.push_back(v.values);
        }
        for (size_t k = 0; k < K; ++k) means.push_back(nums(mean_table[k]));

        json result{{"n_rows", n},
                    {"label", label.empty() ? json(nullptr) : json(label)},
                    {"classes", classes},
                    {"class_counts", class_counts},
                    {"label_missing", label_missing},
                    {"columns", columns},
                    {"histograms", histograms},
                    {"boxes_by_class", boxes},
                    {"correlation",
                     {{"columns", names},
                      {"pearson", matrix_json(metrics::correlation_matrix(values, metrics::CorrelationMethod::Pearson))},
                      {"spearman", matrix_json(metrics::correlation_matrix(values, metrics::CorrelationMethod::Spearman))}}},
                    {"means_by_class", {{"columns", names}, {"means", means}, {"overall_mean", nums(overall_mean)}, {"overall_std", nums(overall_std)}}},
                    {"warnings", warnings}};
        return ok(std::move(result));
    });
}

std::string model_info(int model_id) {
    return guarded([&] {
        const auto m = model(model_id);
        json inputs = json::array();
        for (const auto& ec : m->encoding.columns) {
            json in{{"name", ec.name}, {"encoding", encoding_word(ec.encoding)}};
            if (ec.encoding == pipeline::ColumnEncoding::OneHot) in["categories"] = ec.categories;
            inputs.push_back(std::move(in));
        }
        return ok({{"label", m->recipe.label},
                   {"classes", m->classes},
                   {"inputs", inputs},
                   {"has_imputer", has_imputer(*m)},
                   {"card", pipeline::model_card(*m)},
                   {"recipe", pipeline::to_json(m->recipe)}});
    });
}

std::string predict_rows(int model_id, const std::string& rows_json) {
    return guarded([&] {
        const auto m = model(model_id);
        json parsed;
        try {
            parsed = json::parse(rows_json);
        } catch (const json::exception&) {
            throw Error("the songs to classify are not valid JSON");
        }
        const json& rows = parsed.is_object() && parsed.contains("rows") ? parsed.at("rows") : parsed;
        if (!rows.is_array()) throw Error("the songs to classify must be a list of {column: value} objects");
        if (rows.empty()) throw Error("there is no song to classify: the list is empty");
        if (rows.size() > kMaxRowsPerCall)
            throw Error("at most " + with_thousands(kMaxRowsPerCall) + " songs can be classified this way; upload a CSV file instead");
        const size_t n = rows.size();
        json warnings = json::array();

        io::Table t;
        for (size_t r = 0; r < n; ++r) {
            if (!rows[r].is_object()) throw Error("song " + std::to_string(r + 1) + " is not an object of column names and values");
            t.line_of_row.push_back(static_cast<long>(r + 1));
        }
        std::vector<std::string> used;
        const bool imputes = has_imputer(*m);
        for (const auto& ec : m->encoding.columns) {
            io::Column c;
            c.name = ec.name;
            c.cells.resize(n);
            for (size_t r = 0; r < n; ++r) {
                auto it = rows[r].find(ec.name);
                if (it == rows[r].end()) continue;
                try {
                    c.cells[r] = cell_text(*it, ec.encoding);
                } catch (const Error& e) {
                    throw Error("song " + std::to_string(r + 1) + ", '" + ec.name + "': " + e.what());
                }
            }
            used.push_back(ec.name);
            if (ec.encoding == pipeline::ColumnEncoding::Number) {
                bool all_numbers = true;
                for (const auto& cell : c.cells) {
                    double x;
                    if (!io::is_missing_marker(cell) && !io::parse_number(cell, x)) all_numbers = false;
                }
                io::force_type(c, all_numbers ? io::ColumnType::Numeric : io::ColumnType::Boolean, t.line_of_row);
                if (c.n_invalid > 0)
                    throw Error("song " + std::to_string(c.first_invalid_line) + ": '" + ec.name + "' must be a number, got '" +
                                c.first_invalid + "'");
            } else {
                io::force_type(c, io::ColumnType::Categorical, t.line_of_row);
            }
            const size_t missing = static_cast<size_t>(std::count(c.missing.begin(), c.missing.end(), true));
            if (missing > 0) {
                if (!imputes) {
                    size_t first = 0;
                    while (!c.missing[first]) ++first;
                    throw Error("this model has no imputation stage, so every feature needs a value: '" + ec.name +
                                "' is missing for song " + std::to_string(first + 1));
                }
                warnings.push_back("'" + ec.name + "' is missing for " + plural(missing, "song", "songs") +
                                   "; the model fills it in as it was trained to");
            }
            t.columns.push_back(std::move(c));
        }
        // keys the model does not use
        std::vector<std::string> ignored;
        for (const auto& row : rows)
            for (const auto& [key, value] : row.items())
                if (std::find(used.begin(), used.end(), key) == used.end() && std::find(ignored.begin(), ignored.end(), key) == ignored.end())
                    ignored.push_back(key);
        for (const auto& key : ignored) warnings.push_back("'" + key + "' is not a feature of this model and was ignored");

        size_t unseen = 0;
        pipeline::encode(m->encoding, t, all_rows(n), &unseen);
        if (unseen > 0)
            warnings.push_back(plural(unseen, "value was", "values were") +
                               " not among the categories the model learned (e.g. a key that is not a note name) and counted as unknown");

        const pipeline::Predictions p = pipeline::predict(*m, t);
        json labels = json::array(), scores = json::array();
        for (size_t r = 0; r < n; ++r) {
            labels.push_back(m->classes[static_cast<size_t>(p.predicted[r])]);
            std::vector<double> row(static_cast<size_t>(p.scores.cols()));
            for (Index c = 0; c < p.scores.cols(); ++c) row[static_cast<size_t>(c)] = p.scores(static_cast<Index>(r), c);
            scores.push_back(nums(row));
        }
        return ok({{"classes", m->classes},
                   {"predicted", p.predicted},
                   {"predicted_labels", labels},
                   {"scores", scores},
                   {"scores_are_probabilities", p.probabilities},
                   {"warnings", warnings}});
    });
}

std::string start_prediction(int model_id, int dataset_id, const std::string& options_json) {
    return guarded([&] {
        const auto m = model(model_id);
        const auto original = dataset(dataset_id);
        const json o = options_json.empty() ? json::object() : json::parse(options_json);
        if (!o.is_object()) throw Error("prediction options must be a JSON object");
        const long long limit_ll = o.value("limit", 100LL);
        if (limit_ll < 0 || limit_ll > 100000) throw Error("'limit' must be between 0 and 100,000 rows");
        const size_t limit = static_cast<size_t>(limit_ll);
        auto warnings = std::make_shared<std::vector<std::string>>();
        const auto table = conformed(original, *m, *warnings);
        if (table->n_rows() == 0) throw Error("the file has no rows to classify");

        Job j;
        j.table = table;
        auto stepper = std::make_unique<PredictionStepper>(m, table);
        PredictionStepper* s = stepper.get();
        j.stepper = std::move(stepper);
        j.finish = [s, m, table, original, warnings, limit, model_id, dataset_id] {
            pipeline::Predictions& p = s->result();
            const size_t n = table->n_rows(), K = m->classes.size();
            std::vector<size_t> counts(K, 0);
            for (int c : p.predicted) ++counts[static_cast<size_t>(c)];
            const size_t shown = std::min(limit, n);
            json rows = json::array(), predicted = json::array(), confidence = json::array();
            for (size_t r = 0; r < shown; ++r) {
                json cells = json::array();
                for (const auto& col : original->columns) cells.push_back(col.cells[r]);
                rows.push_back(std::move(cells));
                predicted.push_back(p.predicted[r]);
                confidence.push_back(num(p.scores(static_cast<Index>(r), p.predicted[r])));
            }
            json accuracy = nullptr;
            const bool label_present = original->has_column(m->recipe.label);
            if (label_present) {
                const pipeline::LabelledRows lr = pipeline::label_rows(*original, m->recipe.label, m->classes);
                if (!lr.rows.empty()) {
                    size_t right = 0;
                    for (size_t i = 0; i < lr.rows.size(); ++i)
                        if (p.predicted[lr.rows[i]] == lr.y[i]) ++right;
                    accuracy = static_cast<double>(right) / static_cast<double>(lr.rows.size());
                }
            }
            LastPrediction& last = last_prediction();
            last.model = m;
            last.table = original;
            last.predictions = std::move(p);
            return json{{"model", model_id},
                        {"dataset", dataset_id},
                        {"n_rows", n},
                        {"classes", m->classes},
                        {"label", m->recipe.label},
                        {"counts", counts},
                        {"columns", original->column_names()},
                        {"rows", rows},
                        {"predicted", predicted},
                        {"confidence", confidence},
                        {"scores_are_probabilities", last.predictions.probabilities},
                        {"label_present", label_present},
                        {"accuracy", accuracy},
                        {"warnings", *warnings}};
        };
        return ok({{"job", add_job(std::move(j))}});
    });
}

std::string predictions_csv(int model_id, int dataset_id) {
    return guarded([&] {
        const auto m = model(model_id);
        const auto original = dataset(dataset_id);
        LastPrediction& last = last_prediction();
        if (last.model.lock() != m || last.table.lock() != original) {
            std::vector<std::string> warnings;
            const auto table = conformed(original, *m, warnings);
            last.predictions = pipeline::predict(*m, *table);
            last.model = m;
            last.table = original;
        }
        const pipeline::Predictions& p = last.predictions;
        std::vector<std::string> header = original->column_names();
        const std::vector<std::string> taken = header;
        header.push_back(unique_name("predicted_" + m->recipe.label, taken));
        for (const auto& c : m->classes) header.push_back(unique_name((p.probabilities ? "p_" : "score_") + c, taken));
        const size_t n = original->n_rows();
        std::vector<std::vector<std::string>> rows(n);
        for (size_t r = 0; r < n; ++r) {
            auto& row = rows[r];
            row.reserve(header.size());
            for (const auto& col : original->columns) row.push_back(col.cells[r]);
            row.push_back(m->classes[static_cast<size_t>(p.predicted[r])]);
            for (Index c = 0; c < p.scores.cols(); ++c) row.push_back(score_text(p.scores(static_cast<Index>(r), c)));
        }
        return ok({{"csv", io::write_csv(header, rows, original->delimiter == '\t' ? '\t' : ',')}, {"n_rows", n}, {"columns", header}});
    });
}

}  // namespace genrelab::api
