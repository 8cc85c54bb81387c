// genrelab — the native front door over the same core the page uses. `genrelab help` lists the commands;
// each lives in cpp/cli/<topic>_commands.cpp and registers itself (cli_support.hpp).
// Errors print one sentence to stderr and exit with status 2 (bad input) or 1 (anything else).
#include <cstdio>
#include <exception>
#include <string>

#include "cli/cli_support.hpp"
#include "core/error.hpp"

using namespace genrelab;

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fputs(cli::usage().c_str(), stderr);
        return 2;
    }
    const std::string name = argv[1];
    if (name == "--help" || name == "-h" || name == "help") {
        std::fputs(cli::usage().c_str(), stdout);
        return 0;
    }
    const auto it = cli::commands().find(name);
    if (it == cli::commands().end()) {
        std::fprintf(stderr, "genrelab: unknown command '%s'\n%s", name.c_str(), cli::usage().c_str());
        return 2;
    }
    try {
        return it->second.run(cli::parse_args(it->second, argc, argv));
    } catch (const Error& e) {
        std::fprintf(stderr, "\ngenrelab: %s\n", e.what());
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "\ngenrelab: internal error: %s\n", e.what());
        return 1;
    }
}
