// Escaping of data placed in HTML bodies, one function per HtmlEscape kind.
// The compiler chose the kind from the hole's place (compiler/html/
// html_context.h); docs/language.md, "HTML bodies", states the rules.
//
// Every kind produces text that cannot end the place it was put in: no `<`,
// `>`, quote or backtick survives (in comments no `-` either), so a value
// cannot open a tag, close an attribute or end a comment.
#include <string_view>

#include "vm/ops.h"

namespace flowc::vm::ops {

using ir::HtmlEscape;

namespace {

// What a URL from data is replaced with when its scheme is not allowed.
constexpr std::string_view kUnsafeUrl = "#flowc-unsafe-url";

constexpr char kHex[] = "0123456789ABCDEF";

void percent_encode(std::string& out, unsigned char c) {
  out += '%';
  out += kHex[c >> 4];
  out += kHex[c & 15];
}

constexpr bool is_unreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

// RFC 3986's reserved characters, plus `%` (taken to start an escape the
// value already has).
constexpr bool is_reserved(unsigned char c) {
  for (char r : std::string_view("!#$&'()*+,/:;=?@[]%"))
    if (c == static_cast<unsigned char>(r)) return true;
  return false;
}

// Per byte: what each kind leaves as it is, so plain runs are copied whole
// (a body's links and names are long runs of plain bytes; appending a
// byte at a time was most of the cost of escaping).
struct ByteClasses {
  bool html_plain[256] = {};     // append_html leaves it (dashes aside)
  bool url_kept[256] = {};       // normalize_url leaves it
  bool unreserved[256] = {};     // UrlComponent leaves it
  constexpr ByteClasses() {
    for (int c = 0; c < 256; ++c) {
      const auto b = static_cast<unsigned char>(c);
      html_plain[c] = std::string_view("&<>\"'`").find(static_cast<char>(b)) == std::string_view::npos && b != 0;
      unreserved[c] = is_unreserved(b);
      url_kept[c] = is_unreserved(b) || is_reserved(b);
    }
  }
};
constexpr ByteClasses kBytes;

// `&`, `<`, `>`, both quotes and the backtick become character references;
// NUL, which browsers drop or replace, becomes U+FFFD.
void append_html(std::string& out, std::string_view text, bool dashes_too) {
  size_t run = 0;  // where the plain bytes not yet copied begin
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (kBytes.html_plain[static_cast<unsigned char>(c)] && !(dashes_too && c == '-')) continue;
    out.append(text.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&#34;"; break;
      case '\'': out += "&#39;"; break;
      case '`': out += "&#96;"; break;
      case '\0': out += "\xEF\xBF\xBD"; break;
      case '-': out += "&#45;"; break;
      default: out += c;
    }
  }
  out.append(text.data() + run, text.size() - run);
}

// Appends `text`, percent-encoding every byte `kept` does not leave.
void append_percent_encoded(std::string& out, std::string_view text, const bool (&kept)[256]) {
  size_t run = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (kept[c]) continue;
    out.append(text.data() + run, i - run);
    percent_encode(out, c);
    run = i + 1;
  }
  out.append(text.data() + run, text.size() - run);
}

// Keeps the URL's structure (reserved characters) and percent-encodes the
// rest: spaces, quotes, `<`, `>`, control bytes and non-ASCII bytes.
std::string normalize_url(std::string_view url) {
  std::string out;
  out.reserve(url.size());
  append_percent_encoded(out, url, kBytes.url_kept);
  return out;
}

// A URL's scheme is what comes before its first `:` when no `/`, `?` or
// `#` comes earlier; a URL without one is relative.
bool has_allowed_scheme(std::string_view url) {
  size_t end = url.find_first_of(":/?#");
  if (end == std::string_view::npos || url[end] != ':') return true;
  const std::string_view scheme = url.substr(0, end);
  auto is = [&](std::string_view allowed) {
    if (scheme.size() != allowed.size()) return false;
    for (size_t i = 0; i < scheme.size(); ++i) {
      const char c = scheme[i] >= 'A' && scheme[i] <= 'Z' ? static_cast<char>(scheme[i] - 'A' + 'a') : scheme[i];
      if (c != allowed[i]) return false;
    }
    return true;
  };
  return is("http") || is("https") || is("mailto") || is("tel");
}

}  // namespace

std::string escape_html(HtmlEscape how, const std::string& text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  switch (how) {
    case HtmlEscape::Text: append_html(out, text, false); break;
    case HtmlEscape::Comment: append_html(out, text, true); break;
    case HtmlEscape::UrlStart:
      append_html(out, has_allowed_scheme(text) ? normalize_url(text) : std::string(kUnsafeUrl), false);
      break;
    case HtmlEscape::UrlPath: append_html(out, normalize_url(text), false); break;
    case HtmlEscape::UrlComponent: append_percent_encoded(out, text, kBytes.unreserved); break;
  }
  return out;
}

void escape_value(HtmlEscape how, Value& value) {
  value = Value::string(escape_html(how, value.kind == ir::ValueKind::String ? value.str() : ir::display(value)));
}

}  // namespace flowc::vm::ops
