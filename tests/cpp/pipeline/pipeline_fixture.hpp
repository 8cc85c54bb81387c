// A small song table made in the test (seeded), with the quirks of real files: a note-name key, a
// Major/Minor mode, missing cells and an impossible duration, and 3 genres whose features differ.
#pragma once
#include <string>

#include "core/rng.hpp"

namespace genrelab::test {

inline std::string synthetic_songs_csv(int rows_per_genre = 120, uint64_t seed = 5) {
    Rng rng(seed);
    const char* genres[] = {"metal", "classical", "hip-hop"};
    const double energy[] = {0.9, 0.2, 0.6}, acoustic[] = {0.1, 0.9, 0.2}, speech[] = {0.05, 0.03, 0.3};
    const char* notes[] = {"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"};
    std::string csv = "track_id,artist_name,energy,acousticness,speechiness,duration_ms,key,mode,genre\n";
    int id = 0;
    for (int g = 0; g < 3; ++g)
        for (int i = 0; i < rows_per_genre; ++i, ++id) {
            auto num = [&](double mean, double sd) { return std::to_string(mean + sd * rng.normal()); };
            const std::string e = rng.uniform() < 0.05 ? "" : num(energy[g], 0.15);
            const std::string dur = rng.uniform() < 0.05 ? "-1" : num(230000, 40000);
            csv += std::to_string(100000 + id) + ",\"Artist " + std::to_string(id / 2) + ", the\"," + e + "," +
                   num(acoustic[g], 0.15) + "," + num(speech[g], 0.05) + "," + dur + "," + notes[rng.below(12)] + "," +
                   (rng.uniform() < 0.5 ? "Major" : "Minor") + "," + genres[g] + "\n";
        }
    return csv;
}

inline const char* synthetic_recipe() {
    return R"({"label":"genre","features":["energy","acousticness","speechiness","duration_ms","key","mode"],"seed":3,
        "split":{"method":"stratified","test_fraction":0.25},
        "stages":[{"type":"missing_if","column":"duration_ms","less_than":0},{"type":"impute","strategy":"median"},
                  {"type":"scale","method":"standard"}],
        "classifier":{"type":"knn","k":5,"metric":"euclidean","weights":"uniform"}})";
}

}  // namespace genrelab::test
