#include "engine/activity.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstring>

#include "engine/origin_fragments.h"
#include "events/reader.h"

namespace flowc::engine {

namespace {

// Whether a byte must be escaped inside a JSON string (RFC 8259 section 7).
constexpr bool needs_escape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

void append_escape(std::string& out, unsigned char c) {
  switch (c) {
    case '"': out += "\\\""; return;
    case '\\': out += "\\\\"; return;
    case '\n': out += "\\n"; return;
    case '\r': out += "\\r"; return;
    case '\t': out += "\\t"; return;
    default: {
      static const char kHex[] = "0123456789abcdef";
      const char code[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
      out.append(code, sizeof code);
    }
  }
}

// Which of the 8 bytes in `word` may need escaping, tested all at once
// (the "has a byte less than n" and "has a zero byte" tricks of Sean
// Anderson's bit-twiddling hacks): the high bit of each such byte. The
// lowest bit set is exact; bits above it may be false alarms (a borrow),
// which the byte's own test then clears. A send's body is kilobytes of
// text with some quotes and line breaks, and testing a byte at a time was
// 12 % of a run's CPU.
uint64_t escape_candidates(uint64_t word) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHighs = 0x8080808080808080ull;
  const uint64_t control = (word - kOnes * 0x20) & ~word;
  const uint64_t quote = word ^ (kOnes * '"'), backslash = word ^ (kOnes * '\\');
  const uint64_t has_quote = (quote - kOnes) & ~quote, has_backslash = (backslash - kOnes) & ~backslash;
  return (control | has_quote | has_backslash) & kHighs;
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  const char* data = text.data();
  const size_t size = text.size();
  size_t run = 0;  // where the plain characters not yet copied begin
  auto take = [&](size_t at) {
    const auto c = static_cast<unsigned char>(data[at]);
    if (!needs_escape(c)) return;
    out.append(data + run, at - run);
    append_escape(out, c);
    run = at + 1;
  };
  // 8 bytes at a time up to the first that may need escaping (little-endian:
  // the lowest candidate bit is the first such byte in the text), then the
  // tail a byte at a time; plain characters are copied a run at a time.
  static_assert(std::endian::native == std::endian::little);
  size_t i = 0;
  while (i + 8 <= size) {
    uint64_t word;
    std::memcpy(&word, data + i, sizeof word);
    const uint64_t candidates = escape_candidates(word);
    if (candidates == 0) {
      i += 8;
      continue;
    }
    i += static_cast<size_t>(std::countr_zero(candidates)) / 8;
    take(i++);
  }
  for (; i < size; ++i) take(i);
  out.append(data + run, size - run);
  out += '"';
}

void JsonLine::key(std::string_view k) {
  const bool first = text_.size() <= 1;  // just the opening "{"
  // Keys are the runtime's own short names, which need no escaping: they
  // go in as they are, in one append (a record has about ten; escaping
  // each was 4 % of the example run's instructions, four appends each
  // 160 instructions). Any other key is escaped.
  constexpr size_t kShort = 32;
  if (k.size() <= kShort &&
      std::none_of(k.begin(), k.end(), [](char c) { return needs_escape(static_cast<unsigned char>(c)); })) {
    char piece[kShort + 4];
    size_t n = 0;
    if (!first) piece[n++] = ',';
    piece[n++] = '"';
    std::memcpy(piece + n, k.data(), k.size());
    n += k.size();
    piece[n++] = '"';
    piece[n++] = ':';
    text_.append(piece, n);
    return;
  }
  if (!first) text_ += ',';
  append_json_string(text_, k);
  text_ += ':';
}

JsonLine& JsonLine::str(std::string_view k, std::string_view value) {
  key(k);
  append_json_string(text_, value);
  return *this;
}

JsonLine& JsonLine::num(std::string_view k, int64_t value) {
  key(k);
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  text_.append(digits, end);
  return *this;
}

JsonLine& JsonLine::boolean(std::string_view k, bool value) {
  key(k);
  text_ += value ? "true" : "false";
  return *this;
}

JsonLine& JsonLine::value(std::string_view k, const ir::Value& value) {
  key(k);
  text_ += ir::to_json(value);
  return *this;
}

JsonLine& JsonLine::raw(std::string_view k, std::string_view json) {
  key(k);
  text_ += json;
  return *this;
}

ActivityWriter::ActivityWriter(std::ostream* out) : out_(out), origins_(std::make_unique<OriginFragments>()) {}

ActivityWriter::~ActivityWriter() = default;

std::string_view ActivityWriter::time_text(int64_t time) {
  int64_t day = time / 86400, second = time % 86400;
  if (second < 0) {  // floor, not truncation, for times before 1970
    second += 86400;
    --day;
  }
  if (cached_time_text_.empty() || day != cached_day_) {
    cached_time_text_ = events::format_rfc3339(day * 86400);  // "YYYY-MM-DDT00:00:00Z"
    cached_day_ = day;
  }
  // "HH:MM:SS" sits 9 bytes before the end, before the "Z".
  char* hms = cached_time_text_.data() + cached_time_text_.size() - 9;
  const int fields[] = {static_cast<int>(second / 3600), static_cast<int>(second / 60 % 60),
                        static_cast<int>(second % 60)};
  for (int f = 0; f < 3; ++f) {
    hms[3 * f] = static_cast<char>('0' + fields[f] / 10);
    hms[3 * f + 1] = static_cast<char>('0' + fields[f] % 10);
  }
  return cached_time_text_;
}

JsonLine ActivityWriter::start(int64_t time, const char* type, std::string_view profile, const Origin& origin) {
  std::string buffer = std::move(spare_);  // empty if a line is still open (its own buffer then)
  // The time text and the type (a name of the runtime's own) need no
  // escaping: the line's head goes in as it is.
  buffer.assign("{\"time\":\"");
  buffer += time_text(time);
  buffer += "\",\"type\":\"";
  buffer += type;
  buffer += '"';
  JsonLine line(std::move(buffer));
  if (!profile.empty()) line.str("profile", profile);
  line.text_ += origins_->of(origin);  // `source`, `name`, `step`, `channel`; "time" came first, so it starts with ","
  return line;
}

void ActivityWriter::emit(JsonLine& line) {
  ++records_;
  line.text_ += "}\n";
  if (out_) out_->write(line.text_.data(), static_cast<std::streamsize>(line.text_.size()));
  spare_ = std::move(line.text_);
}

}  // namespace flowc::engine
