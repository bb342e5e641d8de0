#include "lsp/transport.h"

#include <cctype>
#include <charconv>

namespace flowc::lsp {

namespace {

// A header line without its terminator ("\r\n", or a bare "\n").
bool read_line(std::istream& in, std::string& line) {
  if (!std::getline(in, line)) return false;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return true;
}

bool starts_with_nocase(const std::string& s, const std::string& prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  return true;
}

// The value of a Content-Length line, or -1 when it is not a number.
long long parse_length(const std::string& line) {
  size_t i = std::string("content-length:").size();
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  long long value = -1;
  auto [end, ec] = std::from_chars(line.data() + i, line.data() + line.size(), value);
  if (ec != std::errc() || end != line.data() + line.size() || value < 0) return -1;
  return value;
}

}  // namespace

Transport::Status Transport::read(std::string& body) {
  long long length = -1;
  bool any_header = false;
  std::string line;
  // Headers end at an empty line; blank lines before any header are noise.
  while (true) {
    if (!read_line(in_, line)) return Status::End;
    if (line.empty()) {
      if (any_header) break;
      continue;
    }
    any_header = true;
    if (starts_with_nocase(line, "content-length:")) length = parse_length(line);
  }
  if (length < 0) return Status::BadHeader;
  if (static_cast<size_t>(length) > kMaxBody) {
    in_.ignore(length);
    return in_ ? Status::BadHeader : Status::End;
  }
  body.assign(static_cast<size_t>(length), '\0');
  in_.read(body.data(), length);
  if (in_.gcount() != length) return Status::End;
  return Status::Message;
}

void Transport::write(const nlohmann::json& message) {
  // Invalid UTF-8 in a string (from a document) is replaced, never thrown.
  std::string body = message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  out_ << "Content-Length: " << body.size() << "\r\n\r\n" << body;
  out_.flush();
}

}  // namespace flowc::lsp
