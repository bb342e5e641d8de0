#include "engine/activity.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstring>

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
  if (text_.size() > 1) text_ += ',';  // past the opening "{"
  // Keys are the runtime's own short names, which need no escaping: they
  // go in as they are (a record has about ten; escaping each was 4 % of
  // the example run's instructions). Any other key is escaped.
  if (std::none_of(k.begin(), k.end(), [](char c) { return needs_escape(static_cast<unsigned char>(c)); })) {
    text_ += '"';
    text_ += k;
    text_ += "\":";
    return;
  }
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

std::string_view ActivityWriter::time_text(int64_t time) {
  if (cached_time_text_.empty() || time != cached_time_) {
    cached_time_text_ = events::format_rfc3339(time);
    cached_time_ = time;
  }
  return cached_time_text_;
}

JsonLine ActivityWriter::start(int64_t time, const char* type, std::string_view profile, const Origin& origin) {
  std::string buffer = std::move(spare_);  // empty if a line is still open (its own buffer then)
  buffer.assign(1, '{');
  JsonLine line(std::move(buffer));
  line.str("time", time_text(time)).str("type", type);
  if (!profile.empty()) line.str("profile", profile);
  if (origin.source) line.str("source", origin.source).str("name", origin.name);
  if (!origin.step.empty()) line.str("step", origin.step);
  if (origin.channel) line.str("channel", origin.channel);
  return line;
}

void ActivityWriter::emit(JsonLine& line) {
  ++records_;
  line.text_ += "}\n";
  if (out_) out_->write(line.text_.data(), static_cast<std::streamsize>(line.text_.size()));
  spare_ = std::move(line.text_);
}

}  // namespace flowc::engine
