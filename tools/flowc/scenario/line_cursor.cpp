#include "scenario/line_cursor.h"

namespace flowc::cli::scenario {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }
bool ends_word(char c) { return is_space(c) || c == '"' || c == '{' || c == '}' || c == '#'; }

// Where a quoted string that opens at `pos` closes (one past the quote), or npos.
size_t quoted_end(std::string_view text, size_t pos) {
  for (size_t i = pos + 1; i < text.size(); ++i) {
    if (text[i] == '\\') ++i;
    else if (text[i] == '"') return i + 1;
  }
  return std::string_view::npos;
}

}  // namespace

unsigned LineCursor::col() {
  skip_space();
  unsigned col = 1;
  // Count code points, not bytes: continuation bytes are 10xxxxxx.
  for (size_t i = 0; i < pos_; ++i) col += (static_cast<unsigned char>(line_[i]) & 0xC0) != 0x80;
  return col;
}

void LineCursor::skip_space() {
  while (pos_ < line_.size() && is_space(line_[pos_])) ++pos_;
}

bool LineCursor::at_end() {
  skip_space();
  return pos_ >= line_.size() || line_[pos_] == '#';
}

bool LineCursor::keyword(std::string_view word) {
  skip_space();
  size_t end = pos_ + word.size();
  if (line_.substr(pos_, word.size()) != word) return false;
  if (end < line_.size() && !ends_word(line_[end])) return false;
  pos_ = end;
  return true;
}

bool LineCursor::peek(std::string_view word) {
  size_t saved = pos_;
  bool found = keyword(word);
  pos_ = saved;
  return found;
}

std::optional<std::string> LineCursor::word() {
  skip_space();
  size_t start = pos_;
  while (pos_ < line_.size() && !ends_word(line_[pos_])) ++pos_;
  if (pos_ == start) return std::nullopt;
  return std::string(line_.substr(start, pos_ - start));
}

std::optional<std::string> LineCursor::quoted() {
  skip_space();
  if (pos_ >= line_.size() || line_[pos_] != '"') return std::nullopt;
  size_t end = quoted_end(line_, pos_);
  if (end == std::string_view::npos) throw SyntaxError(col(), "the string is not closed (a `\"` is missing)");
  std::string out;
  for (size_t i = pos_ + 1; i + 1 < end; ++i) {
    if (line_[i] == '\\' && i + 2 < end) ++i;
    out += line_[i];
  }
  pos_ = end;
  return out;
}

std::optional<std::string> LineCursor::name() {
  if (std::optional<std::string> q = quoted()) return q;
  return word();
}

std::optional<std::string> LineCursor::json_object() {
  skip_space();
  if (pos_ >= line_.size() || line_[pos_] != '{') return std::nullopt;
  int depth = 0;
  for (size_t i = pos_; i < line_.size(); ++i) {
    char c = line_[i];
    if (c == '"') {
      size_t end = quoted_end(line_, i);
      if (end == std::string_view::npos) break;
      i = end - 1;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (--depth == 0) {
        std::string json(line_.substr(pos_, i + 1 - pos_));
        pos_ = i + 1;
        return json;
      }
    }
  }
  throw SyntaxError(col(), "the record is not closed: a `}` or `\"` is missing (a record is one line)");
}

std::string LineCursor::rest() {
  skip_space();
  std::string text = strip_comment(line_.substr(pos_));
  pos_ = line_.size();
  return text;
}

std::string LineCursor::need_word(const char* what) {
  unsigned at = col();
  if (std::optional<std::string> w = word()) return *w;
  throw SyntaxError(at, std::string("expected ") + what);
}

std::string LineCursor::need_name(const char* what) {
  unsigned at = col();
  if (std::optional<std::string> n = name()) return *n;
  throw SyntaxError(at, std::string("expected ") + what);
}

void LineCursor::need_keyword(std::string_view word) {
  unsigned at = col();
  if (!keyword(word)) throw SyntaxError(at, "expected `" + std::string(word) + "`");
}

void LineCursor::need_end() {
  unsigned at = col();
  if (!at_end()) throw SyntaxError(at, "unexpected `" + strip_comment(line_.substr(pos_)) + "` at the end of the line");
}

std::string strip_comment(std::string_view line) {
  size_t end = line.size();
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '"') {
      size_t close = quoted_end(line, i);
      if (close == std::string_view::npos) break;
      i = close - 1;
    } else if (line[i] == '#') {
      end = i;
      break;
    }
  }
  std::string_view text = line.substr(0, end);
  size_t first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return "";
  size_t last = text.find_last_not_of(" \t\r");
  return std::string(text.substr(first, last + 1 - first));
}

}  // namespace flowc::cli::scenario
