#include "io/csv_writer.hpp"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <cstring>

#include "core/error.hpp"
#include "io/column_typing.hpp"

namespace genrelab::io {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

bool needs_quotes(std::string_view s, char delim) {
    if (s.empty()) return false;
    if (is_space(s.front()) || is_space(s.back())) return true;
    if (s.substr(0, 3) == "\xEF\xBB\xBF") return true;  // U+FEFF first in the file would be taken for a BOM
    for (char c : s)
        if (c == delim || c == '"' || c == '\n' || c == '\r') return true;
    return false;
}

void append_field(std::string& out, std::string_view s, char delim) {
    if (!needs_quotes(s, delim)) {
        out.append(s.data(), s.size());
        return;
    }
    out += '"';
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

// A decimal d₁d₂…dₙ × 10^(exp10 − n + 1): `digits` without a point, exp10 the exponent of the first digit.
struct Decimal {
    std::string digits;
    int exp10 = 0;
};

// The correctly rounded `n`-digit decimal of |x| (printf rounds correctly in glibc and musl alike); the
// C locale's decimal point, whatever it is, is skipped.
Decimal rounded(double ax, int n) {
    char buf[48];
    const int len = std::snprintf(buf, sizeof buf, "%.*e", n - 1, ax);
    Decimal d;
    int i = 0;
    for (; i < len && buf[i] != 'e'; ++i)
        if (buf[i] >= '0' && buf[i] <= '9') d.digits += buf[i];
    d.exp10 = std::atoi(buf + i + 1);
    return d;
}

// The next n-digit decimal above d ("1.99" → "2.00", "9.99" → "1.00e+1").
Decimal next_up(Decimal d) {
    int i = static_cast<int>(d.digits.size()) - 1;
    while (i >= 0 && d.digits[static_cast<size_t>(i)] == '9') d.digits[static_cast<size_t>(i--)] = '0';
    if (i >= 0) {
        d.digits[static_cast<size_t>(i)]++;
    } else {
        d.digits.insert(d.digits.begin(), '1');
        d.digits.pop_back();
        d.exp10++;
    }
    return d;
}

bool round_trips(const Decimal& d, double x) {
    std::string s = x < 0 ? "-" : "";
    s += d.digits[0];
    s += '.';
    s.append(d.digits, 1, std::string::npos);
    s += 'e' + std::to_string(d.exp10);
    double back;
    return parse_number(s, back, false) && back == x;
}

// Fewest digits that read back to x, the closest to x among those (what Python's repr gives).
Decimal shortest(double x) {
    const double ax = std::fabs(x);
    uint64_t bits;
    std::memcpy(&bits, &ax, sizeof bits);
    const bool power_of_two = (bits & ((uint64_t{1} << 52) - 1)) == 0 && (bits >> 52) != 0;
    if (!power_of_two) {
        // The rounding interval is symmetric, so the correctly rounded n-digit decimal is the best n-digit
        // candidate and "it reads back" is monotone in n: bisect 1..17.
        int lo = 1, hi = 17;
        while (lo < hi) {
            const int mid = (lo + hi) / 2;
            if (round_trips(rounded(ax, mid), x))
                hi = mid;
            else
                lo = mid + 1;
        }
        return rounded(ax, lo);
    }
    // At a power of two the interval below is half as wide as above, so a decimal just above x may read
    // back where the closer one below does not, and monotonicity fails: scan, trying both.
    for (int n = 1; n < 17; ++n) {
        const Decimal d = rounded(ax, n);
        if (round_trips(d, x)) return d;
        const Decimal up = next_up(d);
        if (round_trips(up, x)) return up;
    }
    return rounded(ax, 17);
}

}  // namespace

std::string csv_field(std::string_view cell, char delimiter) {
    std::string out;
    append_field(out, cell, delimiter);
    return out;
}

std::string write_csv(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                      char delimiter) {
    if (delimiter == '"' || delimiter == '\n' || delimiter == '\r' || delimiter == 0)
        throw Error("write_csv: the delimiter cannot be a quote, a line break or NUL");
    std::string out;
    auto line = [&](const std::vector<std::string>& cells) {
        if (cells.size() == 1 && cells[0].empty()) {
            out += "\"\"\n";  // otherwise an empty line, which readers skip
            return;
        }
        for (size_t j = 0; j < cells.size(); ++j) {
            if (j) out += delimiter;
            append_field(out, cells[j], delimiter);
        }
        out += '\n';
    };
    line(header);
    for (size_t r = 0; r < rows.size(); ++r) {
        if (rows[r].size() != header.size())
            throw Error("write_csv: row " + std::to_string(r + 1) + " has " + std::to_string(rows[r].size()) +
                        " cells but the header has " + std::to_string(header.size()));
        line(rows[r]);
    }
    return out;
}

std::string format_number(double x) {
    if (std::isnan(x)) return "NaN";
    if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
    if (x == 0) return std::signbit(x) ? "-0" : "0";
    if (x == std::trunc(x) && std::fabs(x) < 1e15) {
        char buf[32];
        const int n = std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(x));
        return std::string(buf, static_cast<size_t>(n));
    }
    const Decimal d = shortest(x);
    const bool neg = x < 0;
    std::string digits = d.digits;
    while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
    const int exp10 = d.exp10;

    std::string out = neg ? "-" : "";
    const int nd = static_cast<int>(digits.size());
    if (exp10 >= -4 && exp10 < 16) {
        if (exp10 < 0) {
            out += "0.";
            out.append(static_cast<size_t>(-exp10 - 1), '0');
            out += digits;
        } else if (nd <= exp10 + 1) {
            out += digits;
            out.append(static_cast<size_t>(exp10 + 1 - nd), '0');
        } else {
            out.append(digits, 0, static_cast<size_t>(exp10 + 1));
            out += '.';
            out.append(digits, static_cast<size_t>(exp10 + 1), std::string::npos);
        }
    } else {
        out += digits[0];
        if (nd > 1) {
            out += '.';
            out.append(digits, 1, std::string::npos);
        }
        char e[16];
        std::snprintf(e, sizeof e, "e%c%02d", exp10 < 0 ? '-' : '+', exp10 < 0 ? -exp10 : exp10);
        out += e;
    }
    return out;
}

}  // namespace genrelab::io
