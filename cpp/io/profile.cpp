#include "io/profile.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <limits>
#include <unordered_set>

#include "core/error.hpp"

namespace genrelab::io {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool name_like_id(const std::string& name) {
    std::string low;
    for (char c : name) low += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (low.rfind("unnamed", 0) == 0) return true;  // pandas' dumped index: "Unnamed: 0"
    // Words split at non-alphanumerics and at lower→upper case changes (trackId → track, Id).
    std::vector<std::string> words(1);
    for (size_t i = 0; i < name.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(name[i]);
        if (!std::isalnum(c)) {
            words.emplace_back();
            continue;
        }
        if (i > 0 && std::isupper(c) && std::islower(static_cast<unsigned char>(name[i - 1]))) words.emplace_back();
        words.back() += static_cast<char>(std::tolower(c));
    }
    for (const auto& w : words)
        if (w == "id" || w == "idx" || w == "index" || w == "uuid" || w == "guid") return true;
    return false;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool month_name(std::string_view s) {
    static const char* const kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept",
                                          "oct", "nov", "dec", "january", "february", "march", "april", "june",
                                          "july", "august", "september", "october", "november", "december"};
    if (s.size() < 3 || s.size() > 9) return false;
    const std::string l = lower(s);
    for (const char* m : kMonths)
        if (l == m) return true;
    return false;
}

// A tiny cursor over a cell, for the date patterns.
struct Cursor {
    std::string_view s;
    size_t i = 0;
    bool done() const { return i == s.size(); }
    // A run of 1..max digits; its value in *v.
    bool digits(size_t min_len, size_t max_len, int* v = nullptr) {
        size_t j = i;
        int x = 0;
        while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j])) && j - i < max_len) x = x * 10 + (s[j++] - '0');
        if (j - i < min_len || (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j])))) return false;
        i = j;
        if (v) *v = x;
        return true;
    }
    bool month() {
        size_t j = i;
        while (j < s.size() && std::isalpha(static_cast<unsigned char>(s[j]))) ++j;
        if (!month_name(s.substr(i, j - i))) return false;
        i = j;
        if (i < s.size() && s[i] == '.') ++i;  // "Apr." abbreviations
        return true;
    }
    bool sep(const char* allowed, char* which = nullptr) {
        if (i < s.size() && std::strchr(allowed, s[i]) && s[i]) {
            if (which) *which = s[i];
            ++i;
            return true;
        }
        return false;
    }
    bool lit(char c) {
        if (i < s.size() && s[i] == c) {
            ++i;
            return true;
        }
        return false;
    }
};

// "12:30", "12:30:45", "12:30:45.123", then an optional zone (Z, +01:00, -0500).
bool time_of_day(Cursor c) {
    int h, m;
    if (!c.digits(1, 2, &h) || !c.lit(':') || !c.digits(2, 2, &m) || h > 24 || m > 59) return false;
    if (c.lit(':')) {
        if (!c.digits(2, 2)) return false;
        if (c.lit('.') && !c.digits(1, 9)) return false;
    }
    if (c.done()) return true;
    if (c.lit(' ')) {
        const std::string rest = lower(c.s.substr(c.i));
        if (rest == "am" || rest == "pm") return true;
    }
    if (c.lit('Z')) return c.done();
    if (c.sep("+-")) {
        if (!c.digits(2, 2)) return false;
        c.lit(':');
        if (!c.done() && !c.digits(2, 2)) return false;
        return c.done();
    }
    return false;
}

bool date_part(Cursor& c) {
    const size_t start = c.i;
    int a = 0, b = 0, d = 0;
    char s1 = 0, s2 = 0;
    // 2019-01-02, 2019/1/2, 2019.01.02, 2019-01
    if (c.digits(4, 4, &a) && c.sep("-/.", &s1) && c.digits(1, 2, &b) && b >= 1 && b <= 12) {
        const size_t mark = c.i;
        if (c.sep("-/.", &s2) && s2 == s1 && c.digits(1, 2, &d) && d >= 1 && d <= 31) return true;
        c.i = mark;
        return s1 != '.';
    }
    // 02/01/2019, 1.2.19, 2-1-2019: day and month in either order
    c.i = start;
    if (c.digits(1, 2, &a) && c.sep("-/.", &s1) && c.digits(1, 2, &b) && c.sep("-/.", &s2) && s2 == s1 &&
        (c.digits(4, 4) || c.digits(2, 2)))
        return a >= 1 && b >= 1 && ((a <= 31 && b <= 12) || (a <= 12 && b <= 31));
    // 4-Apr, 04-Apr-2019, 4 Apr 2019
    c.i = start;
    if (c.digits(1, 2, &a) && a >= 1 && a <= 31 && c.sep("- .", &s1) && c.month()) {
        const size_t mark = c.i;
        if (c.sep("- .,", &s2) && (c.digits(4, 4) || c.digits(2, 2))) return true;
        c.i = mark;
        return true;
    }
    // Apr-4, Apr 4, 2019, Apr 2019
    c.i = start;
    if (c.month() && c.sep("- .", &s1)) {
        const size_t mark = c.i;
        if (c.digits(4, 4)) return true;
        c.i = mark;
        if (c.digits(1, 2, &a) && a >= 1 && a <= 31) {
            const size_t after_day = c.i;
            c.lit(',');
            if (c.lit(' ') && c.digits(4, 4)) return true;
            c.i = after_day;
            return true;
        }
    }
    c.i = start;
    return false;
}

}  // namespace

bool looks_like_date(std::string_view cell) {
    Cursor c{cell};
    if (!date_part(c)) return false;
    if (c.done()) return true;
    if (!c.lit('T') && !c.lit(' ')) return false;
    return time_of_day(c);
}

ColumnProfile profile_column(const Column& col) {
    ColumnProfile p;
    p.name = col.name;
    p.type = col.type;
    p.invalid = col.n_invalid;
    p.first_invalid = col.first_invalid;
    p.first_invalid_line = col.first_invalid_line;
    p.min = p.max = p.mean = p.stddev = kNaN;
    const size_t n = col.cells.size();
    if (col.missing.size() != n || (!col.values.empty() && col.values.size() != n))
        throw Error("column '" + col.name + "' has inconsistent sizes (was it typed by read_csv?)");

    size_t present = 0;
    for (size_t r = 0; r < n; ++r) present += !col.missing[r];
    p.missing = n - present;

    for (size_t r = 0; r < n && p.examples.size() < 5; ++r) {
        if (col.missing[r]) continue;
        if (std::find(p.examples.begin(), p.examples.end(), col.cells[r]) == p.examples.end()) p.examples.push_back(col.cells[r]);
    }

    const bool numeric = (col.type == ColumnType::Numeric || col.type == ColumnType::Boolean) && !col.values.empty();
    bool all_distinct = false, integers = false;
    double span = 0;
    size_t n_values = 0;
    if (numeric) {
        std::vector<double> v;
        v.reserve(n);
        for (double x : col.values)
            if (!std::isnan(x)) v.push_back(x);
        n_values = v.size();
        if (!v.empty()) {
            double sum = 0;
            for (double x : v) sum += x;
            p.mean = sum / static_cast<double>(v.size());
            if (v.size() >= 2) {
                double ss = 0;
                for (double x : v) ss += (x - p.mean) * (x - p.mean);
                p.stddev = std::sqrt(ss / static_cast<double>(v.size() - 1));
            }
            integers = std::all_of(v.begin(), v.end(), [](double x) { return x == std::trunc(x); });
            std::sort(v.begin(), v.end());  // no NaN left, so the order is total and the same everywhere
            p.min = v.front();
            p.max = v.back();
            p.distinct = static_cast<size_t>(std::unique(v.begin(), v.end()) - v.begin());
            all_distinct = p.distinct == n_values;
            span = p.max - p.min;
        }
    } else if (present > 0) {
        std::unordered_set<std::string_view> seen;  // only its size is used
        seen.reserve(present);
        for (size_t r = 0; r < n; ++r)
            if (!col.missing[r]) seen.insert(col.cells[r]);
        p.distinct = seen.size();
    }

    // Suggestions, first match wins (see profile.hpp).
    if (present == 0) {
        p.suggestion = "drop: empty (every value is missing)";
    } else if (p.distinct == 1) {
        p.suggestion = "drop: constant (every value is '" + p.examples.front() + "')";
    } else if (numeric && col.type == ColumnType::Numeric && all_distinct && n_values >= 2 &&
               (name_like_id(col.name) || (n_values >= 100 && integers && span + 1 == static_cast<double>(n_values)))) {
        p.suggestion = "drop: looks like an id (all values distinct)";
    } else if (!numeric && (col.type == ColumnType::Text || col.type == ColumnType::Categorical)) {
        size_t checked = 0, dates = 0;
        std::string example;
        for (size_t r = 0; r < n && checked < 1000; ++r) {
            if (col.missing[r]) continue;
            ++checked;
            if (looks_like_date(col.cells[r])) {
                ++dates;
                if (example.empty()) example = col.cells[r];
            }
        }
        if (checked > 0 && dates * 10 >= checked * 9) {
            p.suggestion = "drop: looks like a date (e.g. '" + example + "')";
        } else if (col.type == ColumnType::Text) {
            if (p.distinct * 10 >= present * 9)
                p.suggestion = "drop: looks like an id or a name (" + std::to_string(p.distinct * 100 / present) +
                               " % of values distinct)";
            else
                p.suggestion = "drop: free text (" + with_thousands(static_cast<long long>(p.distinct)) + " distinct values)";
        }
    }
    return p;
}

std::vector<ColumnProfile> profile(const Table& t) {
    std::vector<ColumnProfile> out;
    out.reserve(t.columns.size());
    for (const auto& c : t.columns) out.push_back(profile_column(c));
    return out;
}

void to_json(nlohmann::json& j, const ColumnProfile& p) {
    auto num = [](double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr); };
    j = nlohmann::json{{"name", p.name},
                       {"type", p.type},
                       {"missing", p.missing},
                       {"distinct", p.distinct},
                       {"invalid", p.invalid},
                       {"min", num(p.min)},
                       {"max", num(p.max)},
                       {"mean", num(p.mean)},
                       {"stddev", num(p.stddev)},
                       {"examples", p.examples},
                       {"suggestion", p.suggestion},
                       {"first_invalid", p.first_invalid},
                       {"first_invalid_line", p.first_invalid_line}};
}

}  // namespace genrelab::io
