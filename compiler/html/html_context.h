// Where a `{{ }}` hole of an HTML body sits: a small scanner over the
// template's literal text, after the HTML tokenizer (and Go's html/template).
//
// The checker and the lowering feed it the literal parts of an e-mail body in
// order and ask it, at each hole, for the hole's context; the lowering turns
// the context into an escape instruction, the checker reports the contexts
// where no escaping is safe. Holes never move the scanner between HTML
// states: escaped data contains no `<`, `>`, quote or (in comments) `-`.
//
// Design trade-off: the scanner follows the tokenizer closely enough to know
// tags, attribute values, comments, raw-text elements and URL parts, but no
// further (no tree building). Where data could change what the browser sees
// next (a hole right after `<`, inside a tag, in an unquoted value, before
// the end tag of a raw-text element) the hole is an error context instead of
// a guess, so the scanner never believes it is in a safer place than the
// browser would be.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace flowc::html {

enum class HoleContext : uint8_t {
  Text,          // element content, `<title>`/`<textarea>` text: HTML-escaped
  Attribute,     // a quoted attribute value that is not a URL: HTML-escaped
  Comment,       // inside `<!-- -->` (e.g. Outlook's conditional comments): HTML-escaped, `-` too
  UrlStart,      // starts a quoted URL attribute value: scheme checked, normalized, HTML-escaped
  UrlPath,       // in a URL whose scheme the template settled (`https://x/{{ }}`): normalized, HTML-escaped
  UrlComponent,  // in a URL's query or fragment, or before its scheme is settled: percent-encoded
  // Error contexts: no escaping makes data safe here.
  Script,             // inside `<script>`, an `on*` attribute or a `javascript:` URL
  Style,              // inside `<style>` or a `style` attribute
  Tag,                // inside a tag but not in an attribute value, or where a tag may start
  UnquotedAttribute,  // an attribute value without quotes
};

// Whether data may be placed in this context (with the escaping it names).
bool is_escapable(HoleContext context);

const char* context_name(HoleContext context);

class Scanner {
 public:
  // Advances over literal template text.
  void literal(std::string_view text);
  // The context of a hole at the current position.
  HoleContext hole();
  // True once after literal text completed a URL scheme that began with
  // data (`href="{{ x }}:..."`): the browser would read the scheme from the
  // data, which the URL check of the earlier hole did not see.
  bool take_scheme_from_data();

 private:
  enum class State : uint8_t {
    Text,
    TagOpen,           // after `<`
    EndTagOpen,        // after `</`
    MarkupDeclaration, // after `<!`: a comment, a doctype or `<![endif]>`
    TagName,
    BeforeAttributeName,
    AttributeName,
    AfterAttributeName,
    BeforeAttributeValue,
    AttributeValue,    // quote_ is the closing quote, 0 when unquoted
    SelfClosing,       // after `/` in a tag
    Comment,
    BogusComment,      // `<!DOCTYPE ...>`, `<![if mso]>`: ends at `>`
    RawText,           // `<script>`, `<style>`, `<title>`, `<textarea>`, ...: ends at its end tag
  };
  enum class UrlPart : uint8_t { Start, SchemeOpen, Path, Query };

  void step(char c);
  void in_tag_name(char c);
  void before_attribute_name(char c);
  void in_attribute_name(char c);
  void after_attribute_name(char c);
  void before_attribute_value(char c);
  void in_attribute_value(char c);
  void in_url(char c);
  void in_comment(char c);
  void in_raw_text(char c);
  void start_attribute(char c);
  void start_value(char quote);
  void end_tag();
  bool partial_end_tag() const;  // raw text ends with `<`, `</`, or `</` and part of the element's name
  HoleContext attribute_context();

  State state_ = State::Text;
  std::string tag_;             // lower-case name of the tag being read, or of the raw-text element
  bool end_tag_ = false;        // the tag being read is `</...>`
  std::string declaration_;     // after `<!`, to tell `<!--` from other declarations
  int comment_dashes_ = 0;      // `-` just before, in a comment (2 right after `<!--`: `<!-->` ends it)
  bool comment_bang_ = false;   // `--!` just before, in a comment
  std::string raw_tail_;        // raw text since its last `<`, to find the end tag
  std::string attribute_;       // lower-case name of the attribute being read
  char quote_ = 0;
  UrlPart url_part_ = UrlPart::Start;
  std::string url_scheme_;      // literal URL text before its first `:`, `/`, `?` or `#`
  bool url_has_hole_ = false;   // a hole came before the URL's scheme was settled
  bool url_is_script_ = false;  // the template wrote `javascript:` or `vbscript:`
  bool scheme_from_data_ = false;
};

}  // namespace flowc::html
