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

bool is_unreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

// RFC 3986's reserved characters, plus `%` (taken to start an escape the
// value already has).
bool is_reserved(unsigned char c) {
  return std::string_view("!#$&'()*+,/:;=?@[]%").find(static_cast<char>(c)) != std::string_view::npos;
}

// `&`, `<`, `>`, both quotes and the backtick become character references;
// NUL, which browsers drop or replace, becomes U+FFFD.
void append_html(std::string& out, std::string_view text, bool dashes_too) {
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&#34;"; break;
      case '\'': out += "&#39;"; break;
      case '`': out += "&#96;"; break;
      case '\0': out += "\xEF\xBF\xBD"; break;
      case '-':
        if (dashes_too) out += "&#45;";
        else out += c;
        break;
      default: out += c;
    }
  }
}

// Keeps the URL's structure (reserved characters) and percent-encodes the
// rest: spaces, quotes, `<`, `>`, control bytes and non-ASCII bytes.
std::string normalize_url(std::string_view url) {
  std::string out;
  out.reserve(url.size());
  for (char ch : url) {
    auto c = static_cast<unsigned char>(ch);
    if (is_unreserved(c) || is_reserved(c)) out += ch;
    else percent_encode(out, c);
  }
  return out;
}

// A URL's scheme is what comes before its first `:` when no `/`, `?` or
// `#` comes earlier; a URL without one is relative.
bool has_allowed_scheme(std::string_view url) {
  size_t end = url.find_first_of(":/?#");
  if (end == std::string_view::npos || url[end] != ':') return true;
  std::string scheme;
  for (char c : url.substr(0, end)) scheme += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  return scheme == "http" || scheme == "https" || scheme == "mailto" || scheme == "tel";
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
    case HtmlEscape::UrlComponent:
      for (char ch : text) {
        auto c = static_cast<unsigned char>(ch);
        if (is_unreserved(c)) out += ch;
        else percent_encode(out, c);
      }
      break;
  }
  return out;
}

void escape_value(HtmlEscape how, Value& value) {
  value = Value::string(escape_html(how, value.kind == ir::ValueKind::String ? value.str() : ir::display(value)));
}

}  // namespace flowc::vm::ops
