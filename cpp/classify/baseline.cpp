#include "classify/baseline.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/error.hpp"
#include "core/rng.hpp"

namespace genrelab::classify {

namespace {
void require(bool ok, const std::string& message) {
    if (!ok) throw Error(message);
}
}  // namespace

BaselineModel fit(const BaselineParams& params, const Matrix& X, const Labels& y, int n_classes) {
    require(X.rows() > 0, "X has no rows");
    require(X.cols() > 0, "X has no columns");
    require(static_cast<Index>(y.size()) == X.rows(), "the baseline got " + with_thousands(X.rows()) +
                                                          " rows of X but " +
                                                          with_thousands(static_cast<long long>(y.size())) + " labels");
    require(n_classes >= 2, "a baseline classifier needs at least 2 classes (n_classes = " + std::to_string(n_classes) + ")");
    std::vector<long long> counts(static_cast<size_t>(n_classes), 0);
    for (size_t i = 0; i < y.size(); ++i) {
        if (y[i] < 0 || y[i] >= n_classes)
            throw Error("label " + std::to_string(y[i]) + " at row " + with_thousands(static_cast<long long>(i) + 1) +
                        " is outside 0.." + std::to_string(n_classes - 1) + " (n_classes = " +
                        std::to_string(n_classes) + ")");
        ++counts[static_cast<size_t>(y[i])];
    }
    BaselineModel m;
    m.strategy = params.strategy;
    m.seed = params.seed;
    m.n_inputs = static_cast<int>(X.cols());
    m.class_prior.resize(n_classes);
    for (int c = 0; c < n_classes; ++c)
        m.class_prior[c] = static_cast<double>(counts[static_cast<size_t>(c)]) / static_cast<double>(y.size());
    return m;
}

namespace {
void check_input(const BaselineModel& model, const Matrix& X) {
    validate(model);
    require(X.cols() == model.n_inputs, "X has " + std::to_string(X.cols()) + " columns but the baseline was fitted on " +
                                            std::to_string(model.n_inputs));
}
}  // namespace

Matrix predict_proba(const BaselineModel& model, const Matrix& X) {
    check_input(model, X);
    const Index K = model.class_prior.size();
    Matrix P(X.rows(), K);
    if (model.strategy == BaselineStrategy::Uniform)
        P.setConstant(1.0 / static_cast<double>(K));
    else
        P.rowwise() = model.class_prior.transpose();
    return P;
}

Labels predict(const BaselineModel& model, const Matrix& X) {
    check_input(model, X);
    const Index K = model.class_prior.size();
    Labels out(static_cast<size_t>(X.rows()));
    if (model.strategy == BaselineStrategy::Uniform) {
        Rng rng(model.seed);
        for (auto& v : out) v = static_cast<int>(rng.below(static_cast<uint64_t>(K)));
    } else {
        Index best = 0;
        for (Index c = 1; c < K; ++c)
            if (model.class_prior[c] > model.class_prior[best]) best = c;
        std::fill(out.begin(), out.end(), static_cast<int>(best));
    }
    return out;
}

void validate(const BaselineModel& m) {
    require(m.class_prior.size() >= 2, "baseline model: needs at least 2 classes (got " +
                                           std::to_string(m.class_prior.size()) + ")");
    require(m.n_inputs >= 1, "baseline model: n_inputs must be at least 1 (got " + std::to_string(m.n_inputs) + ")");
    double sum = 0;
    for (Index c = 0; c < m.class_prior.size(); ++c) {
        require(std::isfinite(m.class_prior[c]) && m.class_prior[c] >= 0,
                "baseline model: class prior " + std::to_string(c) + " is not a number in [0, 1]");
        sum += m.class_prior[c];
    }
    require(std::abs(sum - 1.0) <= 1e-9, "baseline model: the class priors must sum to 1");
}

void to_json(nlohmann::json& j, const BaselineModel& m) {
    j = nlohmann::json{{"strategy", m.strategy}, {"n_inputs", m.n_inputs}, {"class_prior", m.class_prior}, {"seed", m.seed}};
}

void from_json(const nlohmann::json& j, BaselineModel& m) {
    try {
        if (!j.is_object()) throw Error("baseline model: expected a JSON object");
        BaselineModel out;
        out.strategy = j.at("strategy").get<BaselineStrategy>();
        out.n_inputs = j.at("n_inputs").get<int>();
        out.class_prior = j.at("class_prior").get<Vector>();
        out.seed = j.value("seed", uint64_t{42});
        validate(out);
        m = std::move(out);
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("baseline model: the file is malformed (") + e.what() + ")");
    }
}

}  // namespace genrelab::classify
