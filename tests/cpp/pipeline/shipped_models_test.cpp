// The model files in models/ are what visitors use first, and they are load-compatibility fixtures:
// each must load, carry a card, and — where its training data is here — reproduce its recorded metrics
// when retrained from its committed recipe (the file is the project's own output, not hand-edited).
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "io/csv_reader.hpp"
#include "pipeline/model_file.hpp"
#include "support/test_support.hpp"

using namespace genrelab;
using namespace genrelab::pipeline;

namespace {

std::vector<std::pair<std::string, std::string>> shipped_models() {
    std::ifstream in(test::source_dir() + "/models/sources.txt");
    std::vector<std::pair<std::string, std::string>> out;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream ss(line);
        std::string name, data;
        ss >> name >> data;
        out.emplace_back(name, data);
    }
    return out;
}

}  // namespace

TEST_CASE("every shipped model loads and retrains to the same metrics from its recipe", "[pipeline][models]") {
    const auto models = shipped_models();
    REQUIRE(!models.empty());
    for (const auto& [name, data] : models) {
        INFO("model " << name);
        const std::string dir = test::source_dir() + "/models/";
        const FittedPipeline m = load_model_text(test::read_file(dir + name + ".model.json"));
        const json card = save_model(m).at("card");
        CHECK(card.at("classes").size() >= 2);
        CHECK(!card.at("intended_use").get<std::string>().empty());
        const std::string data_path = test::source_dir() + "/" + data;
        if (!std::ifstream(data_path).good()) {
            WARN("skipped retraining " << name << ": " << data_path << " is absent");
            continue;
        }
        const io::Table t = io::read_csv_file(data_path);
        const FittedPipeline again = train(t, parse_recipe_text(test::read_file(dir + name + ".recipe.json")));
        const json& a = again.report.at("metrics");
        const json& b = m.report.at("metrics");
        CHECK(a.at("accuracy").get<double>() == Approx(b.at("accuracy").get<double>()).margin(1e-12));
        CHECK(a.at("confusion") == b.at("confusion"));
        // The shipped file predicts its own data as the retrained model does.
        CHECK(predict(m, t).predicted == predict(again, t).predicted);
    }
}
