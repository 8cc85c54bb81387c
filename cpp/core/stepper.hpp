// A long job cut into bounded steps, so a single-threaded host (the wasm worker) can return to its
// event loop between steps to post progress and receive a cancel message. `step()` does one unit of
// work (an epoch, an EM iteration, a chunk of predictions) and returns true when the job is finished.
#pragma once
#include <string>

#include "core/progress.hpp"

namespace genrelab {

class Stepper {
public:
    virtual ~Stepper() = default;
    virtual bool step() = 0;                   // one bounded unit of work; true when done
    virtual double fraction() const = 0;       // 0..1 of the whole job
    virtual std::string stage() const = 0;     // what is running now, for the progress bar

    // Runs to the end, reporting after each step (the native way: CLI and tests).
    void run(Progress& progress = Progress::none()) {
        while (!step()) progress.report(fraction(), stage());
        progress.report(1.0, stage());
    }
};

}  // namespace genrelab
