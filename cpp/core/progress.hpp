// Progress and cancellation for long work. An algorithm calls `report(fraction, what)` between steps
// (an epoch, an EM iteration, a chunk of queries); `report` throws genrelab::Cancelled when the user
// has asked to stop. The CLI prints to stderr; the wasm worker cannot be interrupted while C++ runs, so
// it drives long jobs through a Stepper (core/stepper.hpp) and checks for cancel between steps.
#pragma once
#include <functional>
#include <string>

#include "core/error.hpp"

namespace genrelab {

class Progress {
public:
    using Callback = std::function<void(double fraction, const std::string& what)>;
    Progress() = default;
    explicit Progress(Callback cb) : callback_(std::move(cb)) {}

    void report(double fraction, const std::string& what) {
        if (cancel_requested_) throw Cancelled();
        if (callback_) callback_(fraction, what);
    }
    void cancel() { cancel_requested_ = true; }
    bool cancelled() const { return cancel_requested_; }

    // A shared do-nothing instance for callers that do not watch progress.
    static Progress& none() {
        static thread_local Progress quiet;
        return quiet;
    }

private:
    Callback callback_;
    bool cancel_requested_ = false;
};

}  // namespace genrelab
