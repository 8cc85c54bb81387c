// libFuzzer target: see fuzz_bodies.hpp for what one input goes through. genrelab::Error is a clean refusal;
// any other exception aborts (libFuzzer saves the input as a crash). Built by -DGENRELAB_FUZZ=ON; run by scripts/fuzz.
//
// Seeds: with GENRELAB_FUZZ_WRITE_SEEDS=<dir> in the environment, LLVMFuzzerInitialize trains one small
// model per classifier and stage type on a generated table, writes each model file (and its recipe) into
// <dir> and exits — scripts/fuzz builds the model and recipe corpora that way, so they follow the current
// model format without committing megabytes of JSON.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <string>
#include <vector>

#include "core/rng.hpp"
#include "fuzz/fuzz_bodies.hpp"

namespace {

std::string small_songs_csv() {
    genrelab::Rng rng(11);
    const char* genres[] = {"metal", "classical", "hip-hop"};
    const char* notes[] = {"C", "C#", "D", "E", "F#", "A"};
    std::string csv = "energy,acousticness,tempo,key,mode,genre\n";
    for (int i = 0; i < 45; ++i) {
        const int g = i % 3;
        const bool gap = rng.uniform() < 0.08;
        csv += (gap ? std::string() : std::to_string(0.2 + 0.3 * g + 0.1 * rng.normal())) + "," + std::to_string(0.8 - 0.3 * g + 0.1 * rng.normal()) +
               "," + std::to_string(90 + 20 * g + 5 * rng.normal()) + "," + notes[rng.below(6)] + "," + (rng.uniform() < 0.5 ? "Major" : "Minor") +
               "," + genres[g] + "\n";
    }
    return csv;
}

void write_seeds(const std::string& dir) {
    using genrelab::pipeline::json;
    const auto table = genrelab::io::read_csv(small_songs_csv());
    const json base = json::parse(R"({"format":"genrelab-recipe","version":1,"label":"genre",
        "features":["energy","acousticness","tempo","key","mode"],"seed":7,"split":{"method":"stratified","test_fraction":0.3}})");
    const std::vector<json> stages = {
        json::parse(R"([{"type":"impute","strategy":"median"},{"type":"scale","method":"standard"}])"),
        json::parse(R"([{"type":"missing_if","column":"tempo","less_than":0},{"type":"impute","strategy":"mean"},{"type":"scale","method":"minmax"}])"),
        json::parse(R"([{"type":"knn_impute","n_neighbors":3},{"type":"scale","method":"quantile"},{"type":"pca","n_components":2}])"),
        json::parse(R"([{"type":"impute","strategy":"most_frequent"},{"type":"lda","n_components":2}])"),
    };
    const std::vector<json> classifiers = {
        json::parse(R"({"type":"knn","k":3,"metric":"manhattan","weights":"distance"})"),
        json::parse(R"({"type":"logistic","C":1.0})"),
        json::parse(R"({"type":"baseline","strategy":"most_frequent"})"),
        json::parse(R"({"type":"decision_tree","max_depth":3})"),
        json::parse(R"({"type":"random_forest","n_trees":3,"max_depth":3})"),
        json::parse(R"({"type":"gradient_boosting","n_estimators":3,"max_depth":2})"),
        json::parse(R"({"type":"svm","C":1.0,"kernel":"rbf","probability":true})"),
        json::parse(R"({"type":"mlp","hidden":[4],"epochs":3,"batch_size":8})"),
        json::parse(R"({"type":"lda"})"),
    };
    int n = 0;
    for (size_t c = 0; c < classifiers.size(); ++c) {
        json recipe = base;
        recipe["stages"] = stages[c % stages.size()];
        recipe["classifier"] = classifiers[c];
        const std::string name = dir + "/" + classifiers[c].at("type").get<std::string>();
        try {
            const auto model = genrelab::pipeline::train(table, genrelab::pipeline::parse_recipe(recipe));
            std::ofstream(name + ".model.json") << genrelab::pipeline::save_model(model).dump();
            ++n;
        } catch (const genrelab::Error& e) {
            std::fprintf(stderr, "seed %s skipped: %s\n", name.c_str(), e.what());
        }
        std::ofstream(name + ".recipe.json") << recipe.dump(1);
    }
    std::fprintf(stderr, "wrote %d seed models into %s\n", n, dir.c_str());
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    if (const char* dir = std::getenv("GENRELAB_FUZZ_WRITE_SEEDS")) {
        write_seeds(dir);
        std::exit(0);
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        genrelab::fuzz::model_file_body(data, size);
    } catch (const genrelab::Error&) {
        // a clear refusal: fine
    } catch (const std::exception& e) {
        std::fprintf(stderr, "fuzz_model_file: uncaught %s\n", e.what());
        std::abort();
    } catch (...) {
        std::fprintf(stderr, "fuzz_model_file: uncaught non-std exception\n");
        std::abort();
    }
    return 0;
}
