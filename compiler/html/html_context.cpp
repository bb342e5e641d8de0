// The HTML context scanner (html_context.h): a cut-down HTML tokenizer
// (https://html.spec.whatwg.org/#tokenization) that tracks only what decides
// how a hole is escaped.
#include "html/html_context.h"

#include <algorithm>
#include <array>
#include <utility>

namespace flowc::html {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Attributes whose value is a URL (Go's html/template list, plus `xlink:href`).
bool is_url_attribute(const std::string& name) {
  static constexpr std::array<std::string_view, 17> kNames = {
      "action", "archive", "background", "cite",     "classid", "codebase", "data",   "formaction", "href",
      "icon",   "longdesc", "manifest",  "poster",   "profile", "src",      "srcset", "usemap"};
  return name == "xlink:href" || std::find(kNames.begin(), kNames.end(), name) != kNames.end();
}

// Elements whose content is not markup: the tokenizer reads raw text up to
// their end tag. Script and style content is code; the others are text.
bool is_raw_text_element(const std::string& name) {
  static constexpr std::array<std::string_view, 8> kNames = {"script",  "style",    "title",   "textarea",
                                                              "xmp",     "iframe",   "noembed", "noframes"};
  return std::find(kNames.begin(), kNames.end(), name) != kNames.end();
}

}  // namespace

bool is_escapable(HoleContext context) {
  switch (context) {
    case HoleContext::Text:
    case HoleContext::Attribute:
    case HoleContext::Comment:
    case HoleContext::UrlStart:
    case HoleContext::UrlPath:
    case HoleContext::UrlComponent: return true;
    case HoleContext::Script:
    case HoleContext::Style:
    case HoleContext::Tag:
    case HoleContext::UnquotedAttribute: return false;
  }
  return false;
}

const char* context_name(HoleContext context) {
  switch (context) {
    case HoleContext::Text: return "text";
    case HoleContext::Attribute: return "attribute";
    case HoleContext::Comment: return "comment";
    case HoleContext::UrlStart: return "url-start";
    case HoleContext::UrlPath: return "url-path";
    case HoleContext::UrlComponent: return "url-component";
    case HoleContext::Script: return "script";
    case HoleContext::Style: return "style";
    case HoleContext::Tag: return "tag";
    case HoleContext::UnquotedAttribute: return "unquoted-attribute";
  }
  return "?";
}

void Scanner::literal(std::string_view text) {
  for (char c : text) step(c);
}

HoleContext Scanner::hole() {
  switch (state_) {
    case State::Text: return HoleContext::Text;
    case State::Comment:
    case State::BogusComment: return HoleContext::Comment;  // dash state kept: data may be empty
    case State::RawText: {
      if (tag_ == "script") return HoleContext::Script;
      if (tag_ == "style") return HoleContext::Style;
      if (partial_end_tag()) return HoleContext::Tag;
      raw_tail_.clear();  // escaped data has no `<`: no end tag can span it
      return HoleContext::Text;
    }
    case State::AttributeValue: {
      HoleContext context = attribute_context();
      if (context == HoleContext::UrlStart || context == HoleContext::UrlComponent) {
        if (url_part_ == UrlPart::Start) url_part_ = UrlPart::SchemeOpen;
        if (url_part_ == UrlPart::SchemeOpen) url_has_hole_ = true;
      }
      return context;
    }
    case State::TagOpen:
    case State::EndTagOpen:
    case State::MarkupDeclaration:
    case State::TagName:
    case State::BeforeAttributeName:
    case State::AttributeName:
    case State::AfterAttributeName:
    case State::SelfClosing: return HoleContext::Tag;
    case State::BeforeAttributeValue: return HoleContext::UnquotedAttribute;
  }
  return HoleContext::Tag;
}

bool Scanner::take_scheme_from_data() { return std::exchange(scheme_from_data_, false); }

HoleContext Scanner::attribute_context() {
  if (attribute_.rfind("on", 0) == 0) return HoleContext::Script;
  if (attribute_ == "style") return HoleContext::Style;
  if (quote_ == 0) return HoleContext::UnquotedAttribute;
  if (!is_url_attribute(attribute_)) return HoleContext::Attribute;
  if (url_is_script_) return HoleContext::Script;
  switch (url_part_) {
    case UrlPart::Start: return HoleContext::UrlStart;
    case UrlPart::SchemeOpen:
    case UrlPart::Query: return HoleContext::UrlComponent;
    case UrlPart::Path: return HoleContext::UrlPath;
  }
  return HoleContext::UrlComponent;
}

void Scanner::step(char c) {
  switch (state_) {
    case State::Text:
      if (c == '<') state_ = State::TagOpen;
      return;
    case State::TagOpen:
      if (c == '/') {
        state_ = State::EndTagOpen;
      } else if (c == '!') {
        declaration_.clear();
        state_ = State::MarkupDeclaration;
      } else if (c == '?') {
        state_ = State::BogusComment;
      } else if (is_letter(c)) {
        tag_.assign(1, lower(c));
        end_tag_ = false;
        state_ = State::TagName;
      } else {
        state_ = State::Text;
        step(c);  // `<` not followed by a name is text
      }
      return;
    case State::EndTagOpen:
      if (is_letter(c)) {
        tag_.assign(1, lower(c));
        end_tag_ = true;
        state_ = State::TagName;
      } else {
        state_ = c == '>' ? State::Text : State::BogusComment;
      }
      return;
    case State::MarkupDeclaration:
      declaration_ += c;
      if (declaration_ == "--") {
        comment_dashes_ = 2;
        comment_bang_ = false;
        state_ = State::Comment;
      } else if (declaration_ != "-") {
        state_ = State::BogusComment;
        if (c == '>') state_ = State::Text;
      }
      return;
    case State::TagName: in_tag_name(c); return;
    case State::BeforeAttributeName: before_attribute_name(c); return;
    case State::AttributeName: in_attribute_name(c); return;
    case State::AfterAttributeName: after_attribute_name(c); return;
    case State::BeforeAttributeValue: before_attribute_value(c); return;
    case State::AttributeValue: in_attribute_value(c); return;
    case State::SelfClosing:
      if (c == '>') {
        end_tag();
      } else {
        state_ = State::BeforeAttributeName;
        step(c);
      }
      return;
    case State::Comment: in_comment(c); return;
    case State::BogusComment:
      if (c == '>') state_ = State::Text;
      return;
    case State::RawText: in_raw_text(c); return;
  }
}

void Scanner::in_tag_name(char c) {
  if (is_space(c)) state_ = State::BeforeAttributeName;
  else if (c == '/') state_ = State::SelfClosing;
  else if (c == '>') end_tag();
  else tag_ += lower(c);
}

void Scanner::before_attribute_name(char c) {
  if (is_space(c)) return;
  if (c == '/') state_ = State::SelfClosing;
  else if (c == '>') end_tag();
  else start_attribute(c);
}

void Scanner::in_attribute_name(char c) {
  if (is_space(c)) state_ = State::AfterAttributeName;
  else if (c == '/') state_ = State::SelfClosing;
  else if (c == '=') state_ = State::BeforeAttributeValue;
  else if (c == '>') end_tag();
  else attribute_ += lower(c);
}

void Scanner::after_attribute_name(char c) {
  if (is_space(c)) return;
  if (c == '/') state_ = State::SelfClosing;
  else if (c == '=') state_ = State::BeforeAttributeValue;
  else if (c == '>') end_tag();
  else start_attribute(c);
}

void Scanner::before_attribute_value(char c) {
  if (is_space(c)) return;
  if (c == '"' || c == '\'') {
    start_value(c);
  } else if (c == '>') {
    end_tag();
  } else {
    start_value(0);
    in_attribute_value(c);
  }
}

void Scanner::in_attribute_value(char c) {
  bool ends = quote_ ? c == quote_ : is_space(c) || c == '>';
  if (!ends) {
    if (is_url_attribute(attribute_)) in_url(c);
    return;
  }
  if (c == '>') end_tag();
  else state_ = State::BeforeAttributeName;
}

// A URL's scheme is settled by its first `:`, `/`, `?` or `#`; browsers skip
// leading spaces and drop tabs and newlines anywhere, so `java\tscript:` is
// still `javascript:`.
void Scanner::in_url(char c) {
  bool settles = c == ':' || c == '/' || c == '?' || c == '#';
  if (url_part_ == UrlPart::Start || url_part_ == UrlPart::SchemeOpen) {
    if (!settles) {
      if (url_part_ == UrlPart::Start && is_space(c)) return;
      if (c != '\t' && c != '\n' && c != '\r') url_scheme_ += lower(c);
      url_part_ = UrlPart::SchemeOpen;
      return;
    }
    if (c == ':') {
      if (url_has_hole_) scheme_from_data_ = true;
      url_is_script_ = url_scheme_ == "javascript" || url_scheme_ == "vbscript";
    }
    url_part_ = UrlPart::Path;
  }
  if (c == '?' || c == '#') url_part_ = UrlPart::Query;
}

// `-->` and `--!>` end a comment; so do `<!-->` and `<!--->` (dashes start at 2).
void Scanner::in_comment(char c) {
  if (c == '>' && (comment_dashes_ >= 2 || comment_bang_)) {
    state_ = State::Text;
    return;
  }
  comment_bang_ = c == '!' && comment_dashes_ >= 2;
  comment_dashes_ = c == '-' ? comment_dashes_ + 1 : 0;
}

void Scanner::in_raw_text(char c) {
  bool terminates = is_space(c) || c == '/' || c == '>';
  if (terminates && raw_tail_ == "</" + tag_) {
    end_tag_ = true;
    if (c == '>') end_tag();
    else state_ = is_space(c) ? State::BeforeAttributeName : State::SelfClosing;
    return;
  }
  if (c == '<') raw_tail_.assign(1, c);
  else if (!raw_tail_.empty() && raw_tail_.size() < tag_.size() + 2) raw_tail_ += lower(c);
  else raw_tail_.clear();
}

bool Scanner::partial_end_tag() const {
  std::string end = "</" + tag_;
  return !raw_tail_.empty() && end.compare(0, raw_tail_.size(), raw_tail_) == 0;
}

void Scanner::start_attribute(char c) {
  attribute_.assign(1, lower(c));
  state_ = State::AttributeName;
}

void Scanner::start_value(char quote) {
  quote_ = quote;
  url_part_ = UrlPart::Start;
  url_scheme_.clear();
  url_has_hole_ = false;
  url_is_script_ = false;
  state_ = State::AttributeValue;
}

void Scanner::end_tag() {
  if (!end_tag_ && is_raw_text_element(tag_)) {
    raw_tail_.clear();
    state_ = State::RawText;
  } else {
    state_ = State::Text;
  }
}

}  // namespace flowc::html
