#include "cli/cli_support.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/error.hpp"

namespace genrelab::cli {

std::map<std::string, Command>& commands() {
    static std::map<std::string, Command> table;
    return table;
}

CommandRegistrar::CommandRegistrar(Command c) {
    const std::string name = c.name;
    commands().emplace(name, std::move(c));
}

Args parse_args(const Command& c, int argc, char** argv) {
    Args a;
    a.usage = c.usage;
    for (int i = 2; i < argc; ++i) {
        std::string s = argv[i];
        if (s.rfind("--", 0) == 0 && s.size() > 2) {
            if (c.flags.count(s)) {
                a.options[s] = "";
            } else {
                if (i + 1 >= argc) throw Error(s + " needs a value\nusage: " + c.usage);
                a.options[s] = argv[++i];
            }
        } else {
            a.positional.push_back(s);
        }
    }
    return a;
}

std::string usage() {
    std::string u = "usage:\n";
    for (const auto& [name, c] : commands()) u += "  " + c.usage + "\n";
    return u;
}

std::string read_text(const std::string& path, long long max_bytes) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) throw Error("cannot open '" + path + "'");
    // Refuse a file over the limit from its size, before reading it (a recipe or spec is a few KB).
    if (in.tellg() > static_cast<std::streamoff>(max_bytes))
        throw Error("'" + path + "' is " + std::to_string(static_cast<long long>(in.tellg())) + " bytes; the limit here is " +
                    std::to_string(max_bytes) + " bytes");
    in.seekg(0);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write_text(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    if (!out) throw Error("cannot write '" + path + "'");
    out << text;
    if (!out) throw Error("writing '" + path + "' failed (disk full?)");
}

void need(const Args& a, size_t n, const char* what) {
    if (a.positional.size() != n) throw Error(std::string("expected ") + what + "\nusage: " + a.usage);
}

std::string fixed(double v, int digits) {
    if (v != v) return "-";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

long long int_option(const Args& a, const std::string& name, long long fallback) {
    if (!a.has(name)) return fallback;
    const std::string& s = a.options.at(name);
    char* end = nullptr;
    const long long v = std::strtoll(s.c_str(), &end, 10);
    if (s.empty() || *end != '\0') throw Error(name + " needs a whole number (got '" + s + "')");
    return v;
}

double number_option(const Args& a, const std::string& name, double fallback) {
    if (!a.has(name)) return fallback;
    const std::string& s = a.options.at(name);
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (s.empty() || *end != '\0' || v != v) throw Error(name + " needs a number (got '" + s + "')");
    return v;
}

}  // namespace genrelab::cli
