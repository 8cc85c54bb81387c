// The one exception type of the core. Its message is a sentence a user understands and names the
// place of the problem ("column 'tempo' has 4,980 values that are not numbers, e.g. '?' on line 7").
// Thrown anywhere in the core; caught only at the front doors (cli, bindings/api, tests).
#pragma once
#include <stdexcept>
#include <string>

namespace genrelab {

struct Error : std::runtime_error {
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// Thrown when a Progress reports that the user cancelled; front doors turn it into "cancelled".
struct Cancelled : Error {
    Cancelled() : Error("cancelled by the user") {}
};

// Formats 4980 as "4,980" for messages.
std::string with_thousands(long long n);

}  // namespace genrelab
