// Shared plumbing of the `genrelab` CLI: argument parsing, file helpers and the command table.
// Each command lives in its own <name>_command.cpp and registers itself with a static CommandRegistrar,
// so adding a command never edits main.cpp (and parallel work on commands never collides).
#pragma once
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace genrelab::cli {

struct Args {
    std::vector<std::string> positional;
    std::map<std::string, std::string> options;   // --name value, or --flag → ""
    std::string usage;                              // the command's usage line, for error messages
    bool has(const std::string& o) const { return options.count(o) > 0; }
    std::string get(const std::string& o, const std::string& fallback = "") const {
        auto it = options.find(o);
        return it == options.end() ? fallback : it->second;
    }
};

struct Command {
    std::string name;
    std::string usage;                 // one line: "genrelab train FILE.csv --recipe R.json --out M.json [--quiet]"
    std::set<std::string> flags;       // options without a value (e.g. "--json"); every other --option takes one
    std::function<int(const Args&)> run;
};

// Registered commands in name order.
std::map<std::string, Command>& commands();
struct CommandRegistrar {
    explicit CommandRegistrar(Command c);
};

// Parses argv[2..] for `c`: unknown flags are fine as value options; a value option at the end is an error.
Args parse_args(const Command& c, int argc, char** argv);
// The usage text of every command.
std::string usage();

// The whole file; refused by its size when over max_bytes (default 64 MB: recipes and specs are small).
std::string read_text(const std::string& path, long long max_bytes = 64LL << 20);
void write_text(const std::string& path, const std::string& text);
// Throws a genrelab::Error "expected <what>" plus the command's usage unless exactly n positional arguments.
void need(const Args& a, size_t n, const char* what);
// "0.5093" (digits after the point), "-" for NaN.
std::string fixed(double v, int digits = 4);
// --name as a number, `fallback` when absent; "--repeat needs a whole number (got 'x')" when it is not one.
long long int_option(const Args& a, const std::string& name, long long fallback);
double number_option(const Args& a, const std::string& name, double fallback);

}  // namespace genrelab::cli
