#include "io/column_typing.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <unordered_set>

#include "core/error.hpp"

#if defined(_LIBCPP_VERSION) || defined(__EMSCRIPTEN__)
#define GENRELAB_USE_STRTOD 1  // libc++ (Emscripten 3.1.6) declares from_chars(double) deleted
#else
#include <charconv>
#endif

namespace genrelab::io {

bool is_missing_marker(std::string_view s) {
    switch (s.size()) {
        case 0: return true;
        case 1: return s[0] == '?';
        case 2: return s == "NA";
        case 3: return s == "N/A" || s == "NaN" || s == "nan";
        case 4: return s == "null" || s == "NULL" || s == "None";
        default: return false;
    }
}

namespace {

constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                             1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
constexpr uint64_t kTwoTo53 = uint64_t{1} << 53;

inline bool is_digit(char c) { return static_cast<unsigned char>(c - '0') < 10; }

// Correctly rounded conversion of a plain decimal ("-12.5e3": no '+', no commas) by the C++ library.
// Returns false on overflow; underflow gives ±0 (what strtod returns).
bool library_convert(const char* text, size_t len, bool tiny, double& out) {
#ifdef GENRELAB_USE_STRTOD
    // strtod needs a terminated string; musl's strtod ignores the locale's decimal point (it has none).
    char small[64];
    std::string big;
    char* buf = small;
    if (len + 1 > sizeof small) {
        big.assign(text, len);
        buf = big.data();
    } else {
        std::memcpy(small, text, len);
        small[len] = '\0';
    }
    char* end = nullptr;
    const double v = std::strtod(buf, &end);
    if (end != buf + len) return false;
    if (std::isinf(v)) return false;
    out = v;
    return true;
#else
    double v = 0;
    const auto r = std::from_chars(text, text + len, v);
    if (r.ptr != text + len) return false;
    if (r.ec == std::errc::result_out_of_range) {
        // from_chars reports both ends; strtod's answer for the tiny end is ±0, so give the same.
        if (!tiny) return false;
        out = text[0] == '-' ? -0.0 : 0.0;
        return true;
    }
    if (r.ec != std::errc()) return false;
    out = v;
    return true;
#endif
}

// The grammar of column_typing.hpp. *had_commas tells the caller a thousands separator was used.
bool parse_number_impl(std::string_view s, double& out, bool allow_thousands, bool* had_commas) {
    const char* p = s.data();
    const char* const e = p + s.size();
    if (p == e) return false;
    bool neg = false;
    if (*p == '+' || *p == '-') {
        neg = *p == '-';
        ++p;
    }
    uint64_t w = 0;          // up to 19 significant digits
    int nsig = 0;
    bool truncated = false;  // a non-zero digit beyond the 19th was dropped
    long long exp10 = 0;
    auto digit = [&](char c, bool fraction) {
        const unsigned d = static_cast<unsigned>(c - '0');
        if (w == 0 && d == 0) {
            // a leading zero carries no significance
        } else if (nsig < 19) {
            w = w * 10 + d;
            ++nsig;
        } else {
            truncated = truncated || d != 0;
            ++exp10;
        }
        if (fraction) --exp10;
    };
    int int_digits = 0, frac_digits = 0;
    const char* const int_start = p;
    while (p < e && is_digit(*p)) {
        digit(*p++, false);
        ++int_digits;
    }
    bool commas = false;
    if (p < e && *p == ',') {
        // "0,125" is a decimal comma, never a thousands group.
        if (!allow_thousands || int_digits < 1 || int_digits > 3 || *int_start == '0') return false;
        while (p < e && *p == ',') {
            if (e - p < 4 || !is_digit(p[1]) || !is_digit(p[2]) || !is_digit(p[3])) return false;
            digit(p[1], false);
            digit(p[2], false);
            digit(p[3], false);
            p += 4;
        }
        if (p < e && is_digit(*p)) return false;  // "1,2345"
        commas = true;
    }
    if (p < e && *p == '.') {
        ++p;
        while (p < e && is_digit(*p)) {
            digit(*p++, true);
            ++frac_digits;
        }
    }
    if (int_digits == 0 && frac_digits == 0) return false;
    long long exp_part = 0;
    if (p < e && (*p == 'e' || *p == 'E')) {
        if (commas) return false;
        ++p;
        bool eneg = false;
        if (p < e && (*p == '+' || *p == '-')) {
            eneg = *p == '-';
            ++p;
        }
        if (p == e || !is_digit(*p)) return false;
        while (p < e && is_digit(*p)) {
            if (exp_part < 100000000) exp_part = exp_part * 10 + (*p - '0');
            ++p;
        }
        if (eneg) exp_part = -exp_part;
    }
    if (p != e) return false;
    if (had_commas) *had_commas = commas;
    const long long total_exp = exp10 + exp_part;
    if (w == 0) {
        out = neg ? -0.0 : 0.0;
        return true;
    }
    // Clinger's fast path: w and 10^|e| are exact doubles, so one IEEE operation rounds correctly.
    if (!truncated && w <= kTwoTo53 && total_exp >= -22 && total_exp <= 22) {
        double v = static_cast<double>(w);
        v = total_exp < 0 ? v / kPow10[-total_exp] : v * kPow10[total_exp];
        out = neg ? -v : v;
        return true;
    }
    // The rare rest (17-digit float noise like -5.2010000000000005, huge exponents): the library,
    // on a copy without '+' and thousands separators.
    char small[96];
    std::string big;
    char* buf = small;
    if (s.size() > sizeof small) {
        big.resize(s.size());
        buf = big.data();
    }
    size_t n = 0;
    for (char c : s)
        if (c != '+' && c != ',') buf[n++] = c;
    // Decimal exponent of the leading digit: below −330 every double rounds to 0 (the "tiny" end).
    const bool tiny = total_exp + nsig < 0;
    return library_convert(buf, n, tiny, out);
}

// "0,25", "12,5": a decimal comma, not a thousands separator (that needs groups of exactly three).
bool looks_like_decimal_comma(std::string_view s) {
    size_t i = 0;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    size_t a = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i == a || i >= s.size() || s[i] != ',') return false;
    ++i;
    size_t b = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    return i == s.size() && i > b && (i - b != 3 || b - 1 - a > 3 || s[a] == '0');
}

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// 1 for true-like, 0 for false-like, -1 otherwise; `pair` receives which vocabulary (0..3).
int boolean_word(std::string_view s, int& pair) {
    if (s.size() > 5) return -1;
    std::string low(s.size(), '\0');
    for (size_t i = 0; i < s.size(); ++i) low[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[i])));
    static const char* const kTrue[] = {"true", "yes", "t", "y"};
    static const char* const kFalse[] = {"false", "no", "f", "n"};
    for (int k = 0; k < 4; ++k) {
        if (low == kTrue[k]) return pair = k, 1;
        if (low == kFalse[k]) return pair = k, 0;
    }
    return -1;
}

void reset(Column& c) {
    c.values.clear();
    c.n_invalid = 0;
    c.first_invalid.clear();
    c.first_invalid_line = 0;
}

void note_invalid(Column& c, size_t r, const std::vector<long>& lines) {
    if (c.n_invalid++ == 0) {
        c.first_invalid = c.cells[r];
        c.first_invalid_line = lines[r];
    }
}

// Numeric pass. Stops early (returns false) once more than 10 % of the present cells failed.
// decimal_comma: the first cell shaped like "0,25"; n_decimal_comma: how many such cells were seen.
bool try_numeric(Column& c, size_t present, const std::vector<long>& lines, bool allow_thousands,
                 std::string& decimal_comma, size_t& n_decimal_comma, size_t& with_commas) {
    reset(c);
    const size_t n = c.cells.size();
    c.values.assign(n, kNaN);
    decimal_comma.clear();
    n_decimal_comma = 0;
    with_commas = 0;
    for (size_t r = 0; r < n; ++r) {
        if (c.missing[r]) continue;
        double v;
        bool commas = false;
        if (parse_number_impl(c.cells[r], v, allow_thousands, &commas)) {
            c.values[r] = v;
            with_commas += commas;
        } else {
            note_invalid(c, r, lines);
            if (looks_like_decimal_comma(c.cells[r]) && n_decimal_comma++ == 0) decimal_comma = c.cells[r];
            if (c.n_invalid * 10 > present) return false;  // fewer than 90 % numbers: not numeric
        }
    }
    return true;
}

void check_lines(const Column& c, const std::vector<long>& lines) {
    if (lines.size() != c.cells.size())
        throw Error("column '" + c.name + "' has " + std::to_string(c.cells.size()) + " cells but the table has " +
                    std::to_string(lines.size()) + " rows");
}

}  // namespace

bool parse_number(std::string_view cell, double& out, bool allow_thousands) {
    return parse_number_impl(cell, out, allow_thousands, nullptr);
}

std::string type_column(Column& c, const std::vector<long>& lines) {
    check_lines(c, lines);
    const size_t n = c.cells.size();
    c.missing.assign(n, false);
    reset(c);
    size_t present = 0;
    for (size_t r = 0; r < n; ++r) {
        if (is_missing_marker(c.cells[r]))
            c.missing[r] = true;
        else
            ++present;
    }
    if (present == 0) {
        c.type = ColumnType::Empty;
        return "";
    }

    std::string warning;
    std::string decimal_comma;
    size_t n_decimal_comma = 0, with_commas = 0;
    bool numeric = try_numeric(c, present, lines, true, decimal_comma, n_decimal_comma, with_commas);
    if (numeric && with_commas > 0 && n_decimal_comma >= with_commas) {
        // "1,500" among as many "0,25"-like cells probably means 1.5: refuse to guess a factor of 1000.
        // (A stray "1,23" among many "1,234" does not switch this on.)
        const std::string example = decimal_comma;
        numeric = try_numeric(c, present, lines, false, decimal_comma, n_decimal_comma, with_commas);
        warning = "column '" + c.name + "' seems to use ',' as the decimal mark (e.g. '" + example +
                  "'); its values with ',' were not read as numbers";
    }
    if (numeric) {
        bool zero = false, one = false, other = false;
        for (size_t r = 0; r < n && !other; ++r) {
            const double v = c.values[r];
            if (std::isnan(v)) continue;
            zero = zero || v == 0.0;
            one = one || v == 1.0;
            other = v != 0.0 && v != 1.0;
        }
        c.type = (zero && one && !other && c.n_invalid == 0) ? ColumnType::Boolean : ColumnType::Numeric;
        for (size_t r = 0; r < n && c.type == ColumnType::Boolean; ++r)
            if (c.values[r] == 0.0) c.values[r] = 0.0;  // "-0" → +0
        return warning;
    }
    if (!decimal_comma.empty() && warning.empty())
        warning = "column '" + c.name + "' seems to use ',' as the decimal mark (e.g. '" + decimal_comma +
                  "'), so it was not read as numbers; save the file with '.' as the decimal mark";
    reset(c);

    // Distinct values, counted only up to the categorical limit: past it the column is Text anyway.
    const size_t limit = std::max<size_t>(50, present / 20);
    std::unordered_set<std::string_view> distinct;  // only its size is used: iteration order never matters
    distinct.reserve(std::min(limit + 1, present) * 2);
    for (size_t r = 0; r < n && distinct.size() <= limit; ++r)
        if (!c.missing[r]) distinct.insert(c.cells[r]);
    const size_t n_distinct = distinct.size();

    if (n_distinct <= 8) {
        // true/false, yes/no, t/f, y/n in any case; both values present, one vocabulary.
        int pair = -1;
        bool seen[2] = {false, false}, ok = true;
        for (std::string_view v : distinct) {
            int k = -1;
            const int b = boolean_word(v, k);
            if (b < 0 || (pair >= 0 && k != pair)) {
                ok = false;
                break;
            }
            pair = k;
            seen[b] = true;
        }
        if (ok && seen[0] && seen[1]) {
            c.type = ColumnType::Boolean;
            c.values.assign(n, kNaN);
            for (size_t r = 0; r < n; ++r) {
                if (c.missing[r]) continue;
                int k;
                c.values[r] = boolean_word(c.cells[r], k);
            }
            return warning;
        }
    }
    c.type = (n_distinct <= limit && n_distinct * 10 < present * 9) ? ColumnType::Categorical : ColumnType::Text;
    return warning;
}

void force_type(Column& c, ColumnType type, const std::vector<long>& lines) {
    check_lines(c, lines);
    const size_t n = c.cells.size();
    c.missing.assign(n, false);
    for (size_t r = 0; r < n; ++r) c.missing[r] = is_missing_marker(c.cells[r]);
    reset(c);
    switch (type) {
        case ColumnType::Empty: throw Error("column '" + c.name + "' cannot be forced to be empty");
        case ColumnType::Categorical:
        case ColumnType::Text: break;
        case ColumnType::Numeric:
            c.values.assign(n, kNaN);
            for (size_t r = 0; r < n; ++r) {
                if (c.missing[r]) continue;
                if (!parse_number(c.cells[r], c.values[r])) note_invalid(c, r, lines);
            }
            break;
        case ColumnType::Boolean:
            c.values.assign(n, kNaN);
            for (size_t r = 0; r < n; ++r) {
                if (c.missing[r]) continue;
                double v;
                int k;
                if (parse_number(c.cells[r], v) && (v == 0.0 || v == 1.0))
                    c.values[r] = v == 0.0 ? 0.0 : 1.0;
                else if (const int b = boolean_word(c.cells[r], k); b >= 0)
                    c.values[r] = b;
                else
                    note_invalid(c, r, lines);
            }
            break;
    }
    c.type = type;
}

}  // namespace genrelab::io
