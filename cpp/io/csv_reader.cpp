#include "io/csv_reader.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <set>

#include "core/error.hpp"
#include "io/column_typing.hpp"

namespace genrelab::io {

namespace {

constexpr size_t kNone = static_cast<size_t>(-1);

std::string megabytes(size_t bytes) {
    // Small limits (a caller's max_bytes) in bytes or KB, so "101 bytes; the limit is 100 bytes" never reads "0 MB; … 0 MB".
    if (bytes < 1024) return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
    if (bytes < (1u << 20)) return std::to_string((bytes + 512) >> 10) + " KB";
    const uint64_t mb10 = (static_cast<uint64_t>(bytes) * 10 + (1u << 19)) >> 20;  // tenths of a MB, rounded
    return std::to_string(mb10 / 10) + (mb10 % 10 ? "." + std::to_string(mb10 % 10) : "") + " MB";
}

// 1-based line of byte `offset` (LF, CRLF and lone CR each end a line). Only used for error messages.
long line_at(std::string_view s, size_t offset) {
    long line = 1;
    for (size_t i = 0; i < offset && i < s.size(); ++i) {
        if (s[i] == '\n')
            ++line;
        else if (s[i] == '\r' && (i + 1 >= s.size() || s[i + 1] != '\n'))
            ++line;
    }
    return line;
}

// Offset of the first byte that does not start a valid UTF-8 sequence (overlongs, surrogates and
// code points above U+10FFFF are invalid, as in RFC 3629), or kNone.
size_t first_invalid_utf8(std::string_view s) {
    const auto* const begin = reinterpret_cast<const unsigned char*>(s.data());
    const auto* p = begin;
    const auto* const e = begin + s.size();
    while (p < e) {
        if (e - p >= 8) {  // ASCII runs 8 bytes at a time
            uint64_t x;
            std::memcpy(&x, p, 8);
            if (!(x & 0x8080808080808080ull)) {
                p += 8;
                continue;
            }
        }
        const unsigned c = *p;
        if (c < 0x80) {
            ++p;
            continue;
        }
        int n;
        unsigned lo = 0x80, hi = 0xBF;  // allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF) {
            n = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            if (c == 0xE0) lo = 0xA0;
            if (c == 0xED) hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            if (c == 0xF0) lo = 0x90;
            if (c == 0xF4) hi = 0x8F;
        } else {
            return static_cast<size_t>(p - begin);
        }
        if (e - p <= n || p[1] < lo || p[1] > hi) return static_cast<size_t>(p - begin);
        for (int k = 2; k <= n; ++k)
            if ((p[k] & 0xC0) != 0x80) return static_cast<size_t>(p - begin);
        p += n + 1;
    }
    return kNone;
}

inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

std::string_view trim(std::string_view s) {
    size_t b = 0, e = s.size();
    while (b < e && is_space(s[b])) ++b;
    while (e > b && is_space(s[e - 1])) --e;
    return s.substr(b, e - b);
}

std::string delimiter_name(char d) {
    if (d == '\t') return "tab";
    return std::string("'") + d + "'";
}

// One record at a time, fields kept as views (into the input, or into `scratch_` when a field needed
// unescaping) until the record is complete, so the caller sees the whole row before building cells.
class RecordParser {
public:
    struct Field {
        size_t begin, len;     // into the input, or into scratch_ when in_scratch
        bool in_scratch;
    };

    RecordParser(std::string_view in, char delim, size_t bad_utf8)
        : in_(in), p_(in.data()), end_(in.data() + in.size()), delim_(delim),
          bad_utf8_(bad_utf8 == kNone ? nullptr : in.data() + bad_utf8) {
        stop_.fill(false);
        stop_[static_cast<unsigned char>(delim)] = true;
        stop_[static_cast<unsigned char>('\n')] = true;
        stop_[static_cast<unsigned char>('\r')] = true;
    }

    // Fields past this many are parsed but not stored (a 100-MB line of commas must not become 100M
    // fields in memory); total_fields() still counts them and dropped_nonempty() tells if any held text.
    void set_max_fields(size_t n) { max_fields_ = n; }

    // Reads the next record into fields(); false at the end of input. record_line(): where it started.
    // bad_utf8_field(): index of the field holding the first invalid UTF-8 byte, or kNone.
    bool next() {
        fields_.clear();
        scratch_.clear();
        bad_field_ = kNone;
        dropped_ = 0;
        dropped_nonempty_ = false;
        if (p_ >= end_) return false;
        record_line_ = line_;
        for (;;) {
            const char* raw_begin = p_;
            read_field();
            if (bad_utf8_ && bad_utf8_ >= raw_begin && bad_utf8_ < p_ && bad_field_ == kNone) {
                bad_field_ = fields_.size() - 1 + dropped_;
                bad_line_ = field_line_;
            }
            if (fields_.size() > max_fields_) {
                dropped_nonempty_ = dropped_nonempty_ || fields_.back().len > 0;
                fields_.pop_back();
                ++dropped_;
            }
            if (p_ >= end_) return true;
            const char c = *p_++;
            if (c == delim_) {
                if (p_ >= end_) {  // a delimiter right before the end of the file: one more empty field
                    if (fields_.size() < max_fields_)
                        fields_.push_back({0, 0, false});
                    else
                        ++dropped_;
                    return true;
                }
                continue;
            }
            if (c == '\r' && p_ < end_ && *p_ == '\n') ++p_;
            ++line_;
            return true;
        }
    }

    size_t size() const { return fields_.size(); }
    size_t total_fields() const { return fields_.size() + dropped_; }
    bool dropped_nonempty() const { return dropped_nonempty_; }
    std::string_view field(size_t i) const {
        const Field& f = fields_[i];
        return f.in_scratch ? std::string_view(scratch_).substr(f.begin, f.len) : std::string_view(in_.data() + f.begin, f.len);
    }
    long record_line() const { return record_line_; }
    size_t bad_utf8_field() const { return bad_field_; }
    long bad_utf8_line() const { return bad_line_; }

private:
    void count_lines(const char* a, const char* b) {
        for (const char* q = a; q < b; ++q) {
            if (*q == '\n')
                ++line_;
            else if (*q == '\r' && !(q + 1 < end_ && q[1] == '\n'))
                ++line_;
        }
    }

    void read_field() {
        field_line_ = line_;
        const char* q = p_;
        while (q < end_ && (*q == ' ' || (*q == '\t' && delim_ != '\t'))) ++q;
        if (q < end_ && *q == '"') {
            read_quoted(q + 1);
            return;
        }
        const char* r = p_;
        while (r < end_ && !stop_[static_cast<unsigned char>(*r)]) ++r;
        const std::string_view t = trim(std::string_view(p_, static_cast<size_t>(r - p_)));
        fields_.push_back({static_cast<size_t>(t.data() - in_.data()), t.size(), false});
        p_ = r;
    }

    void read_quoted(const char* body) {
        const long open_line = line_;
        const char* seg = body;      // start of the not-yet-copied part of the content
        const char* q = body;
        bool escaped = false;        // content went to scratch_ (a doubled quote)
        const size_t scratch_begin = scratch_.size();
        const char* close;
        for (;;) {
            const void* hit = std::memchr(q, '"', static_cast<size_t>(end_ - q));
            if (!hit)
                throw Error("line " + with_thousands(open_line) +
                            ": a quoted field starts here but its closing quote is missing (\" must be written as \"\" inside quotes)");
            const char* quote = static_cast<const char*>(hit);
            count_lines(q, quote);
            if (quote + 1 < end_ && quote[1] == '"') {
                scratch_.append(seg, static_cast<size_t>(quote + 1 - seg));
                escaped = true;
                q = seg = quote + 2;
                continue;
            }
            close = quote;
            break;
        }
        // Text between the closing quote and the delimiter is kept as it is (Python's csv does the same).
        const char* r = close + 1;
        while (r < end_ && !stop_[static_cast<unsigned char>(*r)]) ++r;
        const std::string_view tail = trim(std::string_view(close + 1, static_cast<size_t>(r - close - 1)));
        if (!escaped && tail.empty()) {
            const std::string_view t = trim(std::string_view(body, static_cast<size_t>(close - body)));
            fields_.push_back({static_cast<size_t>(t.data() - in_.data()), t.size(), false});
        } else {
            scratch_.append(seg, static_cast<size_t>(close - seg));
            if (!tail.empty()) scratch_.append(close + 1, static_cast<size_t>(r - close - 1));
            const std::string_view all(scratch_.data() + scratch_begin, scratch_.size() - scratch_begin);
            const std::string_view t = trim(all);
            fields_.push_back({static_cast<size_t>(t.data() - scratch_.data()), t.size(), true});
        }
        p_ = r;
    }

    std::string_view in_;
    const char* p_;
    const char* end_;
    char delim_;
    const char* bad_utf8_;
    std::array<bool, 256> stop_{};
    std::vector<Field> fields_;
    std::string scratch_;
    long line_ = 1, record_line_ = 1, field_line_ = 1, bad_line_ = 0;
    size_t bad_field_ = kNone;
    size_t max_fields_ = kNone, dropped_ = 0;
    bool dropped_nonempty_ = false;
};

bool blank_record(const RecordParser& rp) {
    if (rp.dropped_nonempty()) return false;
    for (size_t i = 0; i < rp.size(); ++i)
        if (!rp.field(i).empty()) return false;
    return true;
}

void header_names(Table& t, const RecordParser& rp) {
    const size_t n = rp.size();
    std::vector<std::string> names(n);
    std::set<std::string> taken;  // membership only
    for (size_t j = 0; j < n; ++j) taken.insert(std::string(rp.field(j)));
    std::set<std::string> used;
    for (size_t j = 0; j < n; ++j) {
        std::string name(rp.field(j));
        if (name.empty()) {
            std::string made = "column_" + std::to_string(j + 1);
            for (int k = 2; taken.count(made) || used.count(made); ++k) made = "column_" + std::to_string(j + 1) + "_" + std::to_string(k);
            t.warnings.push_back("column " + std::to_string(j + 1) + " has no name in the header; it is called '" + made + "'");
            name = made;
        } else if (used.count(name)) {
            std::string made;
            for (int k = 2;; ++k) {
                made = name + "_" + std::to_string(k);
                if (!taken.count(made) && !used.count(made)) break;
            }
            t.warnings.push_back("the header names '" + name + "' more than once; column " + std::to_string(j + 1) +
                                 " is called '" + made + "'");
            name = made;
        }
        used.insert(name);
        names[j] = std::move(name);
    }
    t.columns.resize(n);
    for (size_t j = 0; j < n; ++j) t.columns[j].name = std::move(names[j]);
}

}  // namespace

char detect_delimiter(std::string_view s) {
    constexpr char kCandidates[3] = {',', ';', '\t'};
    constexpr size_t kMaxRecords = 50, kMaxBytes = 64 * 1024;
    std::vector<std::array<size_t, 3>> counts;
    std::array<size_t, 3> cur{};
    bool in_quotes = false, line_has_text = false, cut = false;
    size_t i = 0;
    for (; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '"') {
            in_quotes = !in_quotes;
            line_has_text = true;
        } else if (!in_quotes && (c == '\n' || c == '\r')) {
            if (line_has_text) counts.push_back(cur);
            cur = {};
            line_has_text = false;
            if (counts.size() >= kMaxRecords) break;
            if (i >= kMaxBytes) {
                cut = true;
                break;
            }
        } else {
            line_has_text = true;
            if (!in_quotes)
                for (int k = 0; k < 3; ++k) cur[k] += c == kCandidates[k];
        }
    }
    if (!cut && line_has_text && counts.size() < kMaxRecords) counts.push_back(cur);  // last line without a line end
    if (counts.empty()) return ',';
    int best = -1;
    double best_score = -1;
    size_t best_count = 0;
    for (int k = 0; k < 3; ++k) {
        const size_t h = counts[0][k];
        if (h == 0) continue;
        size_t same = 0;
        for (size_t r = 1; r < counts.size(); ++r) same += counts[r][k] == h;
        const double score = counts.size() > 1 ? static_cast<double>(same) / static_cast<double>(counts.size() - 1) : 1.0;
        if (score > best_score || (score == best_score && h > best_count)) {
            best = k;
            best_score = score;
            best_count = h;
        }
    }
    return best < 0 ? ',' : kCandidates[best];
}

Table read_csv(std::string_view in, const CsvOptions& opt) {
    if (in.size() > opt.max_bytes)
        throw Error("the file is " + megabytes(in.size()) + "; the limit is " + megabytes(opt.max_bytes));
    if (in.size() >= 2 && ((in[0] == '\xFF' && in[1] == '\xFE') || (in[0] == '\xFE' && in[1] == '\xFF')))
        throw Error("the file is UTF-16 text; save it as UTF-8 (CSV UTF-8 in Excel) and load it again");
    if (in.size() >= 3 && in.substr(0, 3) == "\xEF\xBB\xBF") in.remove_prefix(3);
    if (const void* nul = std::memchr(in.data(), 0, in.size()))
        throw Error("line " + with_thousands(line_at(in, static_cast<size_t>(static_cast<const char*>(nul) - in.data()))) +
                    " contains a NUL byte: this looks like a binary file, not CSV text");
    if (trim(in).empty()) throw Error("the file is empty");

    char delim = opt.delimiter;
    if (delim == 0)
        delim = detect_delimiter(in);
    else if (delim == '"' || delim == '\n' || delim == '\r' || static_cast<unsigned char>(delim) >= 0x80)
        throw Error("the delimiter cannot be " + std::string(delim == '"' ? "a quote" : "a line break or a non-ASCII byte"));

    Table t;
    t.delimiter = delim;
    RecordParser rp(in, delim, first_invalid_utf8(in));

    auto check_utf8 = [&](bool header) {
        const size_t f = rp.bad_utf8_field();
        if (f == kNone) return;
        std::string where = "line " + with_thousands(rp.bad_utf8_line());
        if (header)
            where += " (the header)";
        else if (f < t.columns.size())
            where += ", column '" + t.columns[f].name + "'";
        else
            where += ", field " + std::to_string(f + 1);
        throw Error(where + ": bytes are not valid UTF-8 (save the file as UTF-8)");
    };

    // Header: the first record that is not a blank line.
    rp.set_max_fields(opt.max_columns);
    bool have_header = false;
    while (rp.next()) {
        if (rp.size() == 1 && rp.field(0).empty()) continue;
        have_header = true;
        break;
    }
    if (!have_header) throw Error("the file is empty");
    check_utf8(true);
    if (rp.total_fields() > opt.max_columns)
        throw Error("the header has " + with_thousands(static_cast<long long>(rp.total_fields())) + " columns; the limit is " +
                    with_thousands(static_cast<long long>(opt.max_columns)));
    header_names(t, rp);
    const size_t ncols = t.columns.size();
    rp.set_max_fields(ncols);

    // Rows: an upper bound on their number lets every column allocate once.
    const size_t line_ends = static_cast<size_t>(std::count(in.begin(), in.end(), '\n'));
    const size_t guess = std::min<size_t>(line_ends + 1, in.size() / (ncols + 1) + 1);
    for (auto& c : t.columns) c.cells.reserve(guess);
    t.line_of_row.reserve(guess);

    size_t n_blank = 0, n_short = 0, n_extra_empty = 0;
    long first_blank = 0, first_short = 0, first_extra_empty = 0;
    while (rp.next()) {
        const size_t nf = rp.total_fields();
        if (blank_record(rp)) {
            if (n_blank++ == 0) first_blank = rp.record_line();
            continue;
        }
        if (nf > ncols) {
            if (rp.dropped_nonempty())
                throw Error("line " + with_thousands(rp.record_line()) + " has " + with_thousands(static_cast<long long>(nf)) +
                            " fields but the header has " + with_thousands(static_cast<long long>(ncols)) +
                            " (a field holding the delimiter " + delimiter_name(delim) + " must be quoted)");
            if (n_extra_empty++ == 0) first_extra_empty = rp.record_line();
        } else if (nf < ncols) {
            if (n_short++ == 0) first_short = rp.record_line();
        }
        check_utf8(false);
        const size_t used = rp.size();
        for (size_t j = 0; j < used; ++j) {
            const std::string_view f = rp.field(j);
            t.columns[j].cells.emplace_back(f.data(), f.size());
        }
        for (size_t j = used; j < ncols; ++j) t.columns[j].cells.emplace_back();
        t.line_of_row.push_back(rp.record_line());
    }

    if (t.line_of_row.empty()) {
        if (n_blank)
            throw Error("the file has a header but no data rows (only " + with_thousands(static_cast<long long>(n_blank)) +
                        " empty rows)");
        throw Error("the file has a header but no data rows");
    }
    if (n_blank)
        t.warnings.push_back(with_thousands(static_cast<long long>(n_blank)) + " empty row" + (n_blank > 1 ? "s were" : " was") +
                             " skipped (first on line " + with_thousands(first_blank) + ")");
    if (n_short)
        t.warnings.push_back(with_thousands(static_cast<long long>(n_short)) + " row" + (n_short > 1 ? "s have" : " has") +
                             " fewer fields than the header; the missing cells are treated as empty (first on line " +
                             with_thousands(first_short) + ")");
    if (n_extra_empty)
        t.warnings.push_back(with_thousands(static_cast<long long>(n_extra_empty)) + " row" + (n_extra_empty > 1 ? "s end" : " ends") +
                             " with empty fields past the header's " + with_thousands(static_cast<long long>(ncols)) +
                             " columns; they were ignored (first on line " + with_thousands(first_extra_empty) + ")");

    for (auto& c : t.columns) {
        std::string w = type_column(c, t.line_of_row);
        if (!w.empty()) t.warnings.push_back(std::move(w));
        if (c.type == ColumnType::Numeric && c.n_invalid > 0)
            t.warnings.push_back("column '" + c.name + "' has " + with_thousands(static_cast<long long>(c.n_invalid)) +
                                 (c.n_invalid > 1 ? " values that are" : " value that is") + " not a number, e.g. '" +
                                 c.first_invalid + "' on line " + with_thousands(c.first_invalid_line) +
                                 "; treated as missing");
    }
    return t;
}

Table read_csv_file(const std::string& path, const CsvOptions& opt) {
    std::ifstream f(path, std::ios::binary);
    if (!f) throw Error("cannot open '" + path + "': " + std::strerror(errno));
    f.seekg(0, std::ios::end);
    const std::streamoff size = f.tellg();
    if (size < 0) throw Error("cannot read '" + path + "'");
    if (static_cast<unsigned long long>(size) > opt.max_bytes)
        throw Error("'" + path + "' is " + megabytes(static_cast<size_t>(size)) + "; the limit is " + megabytes(opt.max_bytes));
    f.seekg(0, std::ios::beg);
    std::string bytes(static_cast<size_t>(size), '\0');
    if (size > 0 && !f.read(bytes.data(), size)) throw Error("cannot read '" + path + "'");
    return read_csv(bytes, opt);
}

}  // namespace genrelab::io
