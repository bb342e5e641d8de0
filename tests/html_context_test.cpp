// The HTML context scanner (compiler/html/html_context.h): the context of a
// hole after some literal markup. `{}` in a test template stands for a hole.
#include "html/html_context.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using flowc::html::HoleContext;
using flowc::html::Scanner;

namespace {

// The contexts of the holes (`{}`) of a template, in order.
std::vector<HoleContext> contexts(const std::string& tmpl) {
  Scanner scanner;
  std::vector<HoleContext> out;
  size_t from = 0;
  for (size_t at; (at = tmpl.find("{}", from)) != std::string::npos; from = at + 2) {
    scanner.literal(tmpl.substr(from, at - from));
    out.push_back(scanner.hole());
  }
  scanner.literal(tmpl.substr(from));
  return out;
}

HoleContext context(const std::string& tmpl) {
  std::vector<HoleContext> all = contexts(tmpl);
  REQUIRE(all.size() == 1);
  return all[0];
}

}  // namespace

TEST_CASE("html context: text, quoted attributes, comments", "[unit]") {
  CHECK(context("<p>Hi {}!</p>") == HoleContext::Text);
  CHECK(context("{}") == HoleContext::Text);
  CHECK(context("a < b and {}") == HoleContext::Text);  // `<` and a space is text
  CHECK(context("<p class=\"x {}\">") == HoleContext::Attribute);
  CHECK(context("<p title='{}'>") == HoleContext::Attribute);
  CHECK(context("<p title = \"{}\">") == HoleContext::Attribute);
  CHECK(context("<p title=\"a>b\">{}") == HoleContext::Text);  // `>` inside a value does not end the tag
  CHECK(context("<!-- {} -->") == HoleContext::Comment);
  CHECK(context("<!--[if mso]><a href=\"x\">{}<![endif]-->") == HoleContext::Comment);
  CHECK(context("<!-- a --> {}") == HoleContext::Text);
  CHECK(context("<!--> {}") == HoleContext::Text);  // an abruptly closed comment
  CHECK(context("<!-- a --!> {}") == HoleContext::Text);
  CHECK(context("<!DOCTYPE html><p>{}") == HoleContext::Text);
  CHECK(context("<![if !mso]><p>{}") == HoleContext::Text);
  CHECK(context("<br/>{}") == HoleContext::Text);
  CHECK(context("<img src=\"x\"/><p title=\"{}\">") == HoleContext::Attribute);
}

TEST_CASE("html context: URL attributes by part", "[unit]") {
  CHECK(context("<a href=\"{}\">") == HoleContext::UrlStart);
  CHECK(context("<a HREF=\" {}\">") == HoleContext::UrlStart);
  CHECK(context("<img src='{}'>") == HoleContext::UrlStart);
  CHECK(context("<td background=\"{}\">") == HoleContext::UrlStart);
  CHECK(context("<a href=\"https://acme.example/{}\">") == HoleContext::UrlPath);
  CHECK(context("<a href=\"mailto:{}\">") == HoleContext::UrlPath);
  CHECK(context("<a href=\"/shop/{}\">") == HoleContext::UrlPath);
  CHECK(context("<a href=\"https://acme.example/?q={}\">") == HoleContext::UrlComponent);
  CHECK(context("<a href=\"/p#{}\">") == HoleContext::UrlComponent);
  CHECK(context("<a href=\"java{}\">") == HoleContext::UrlComponent);  // the scheme is not settled yet
  CHECK(contexts("<a href=\"{}{}\">") == std::vector{HoleContext::UrlStart, HoleContext::UrlComponent});
  CHECK(contexts("<a href=\"{}/{}?q={}\">") ==
        std::vector{HoleContext::UrlStart, HoleContext::UrlPath, HoleContext::UrlComponent});
  CHECK(contexts("<a href=\"{}\"><a href=\"{}\">") == std::vector{HoleContext::UrlStart, HoleContext::UrlStart});
}

TEST_CASE("html context: a URL scheme made from data is noticed", "[unit]") {
  Scanner scanner;
  scanner.literal("<a href=\"");
  CHECK(scanner.hole() == HoleContext::UrlStart);
  scanner.literal(":alert(1)\">");
  CHECK(scanner.take_scheme_from_data());
  CHECK_FALSE(scanner.take_scheme_from_data());  // reported once

  Scanner relative;
  relative.literal("<a href=\"");
  relative.hole();
  relative.literal("/x:y\">");
  CHECK_FALSE(relative.take_scheme_from_data());
}

TEST_CASE("html context: scripts, styles and event handlers are error contexts", "[unit]") {
  CHECK(context("<script>var n = \"{}\";</script>") == HoleContext::Script);
  CHECK(context("<SCRIPT type=\"text/javascript\">{}") == HoleContext::Script);
  CHECK(context("<style>p { color: {} }</style>") == HoleContext::Style);
  CHECK(context("<a onclick=\"go('{}')\">") == HoleContext::Script);
  CHECK(context("<body ONLOAD='{}'>") == HoleContext::Script);
  CHECK(context("<p style=\"color: {}\">") == HoleContext::Style);
  CHECK(context("<a href=\"javascript:go('{}')\">") == HoleContext::Script);
  CHECK(context("<a href=\" Java\tScript:{}\">") == HoleContext::Script);
  // After the end tag the text is markup again.
  CHECK(context("<script>x()</script><p>{}") == HoleContext::Text);
  CHECK(context("<style>p</style >{}") == HoleContext::Text);
  CHECK(context("<script></scriptx>{}") == HoleContext::Script);  // not its end tag
}

TEST_CASE("html context: data inside a tag or an unquoted value is an error context", "[unit]") {
  CHECK(context("<{}") == HoleContext::Tag);
  CHECK(context("</{}") == HoleContext::Tag);
  CHECK(context("<!{}") == HoleContext::Tag);
  CHECK(context("<p{}>") == HoleContext::Tag);
  CHECK(context("<p {}>") == HoleContext::Tag);
  CHECK(context("<p class=\"x\" {}>") == HoleContext::Tag);
  CHECK(context("<p title{}>") == HoleContext::Tag);
  CHECK(context("<p title={}>") == HoleContext::UnquotedAttribute);
  CHECK(context("<p title=a{}>") == HoleContext::UnquotedAttribute);
  CHECK(context("<a href={}>") == HoleContext::UnquotedAttribute);
}

TEST_CASE("html context: title and textarea hold text up to their end tag", "[unit]") {
  CHECK(context("<title>Hi {}</title>") == HoleContext::Text);
  CHECK(context("<textarea><a href=\"{}\"></textarea>") == HoleContext::Text);  // not a tag in there
  CHECK(context("<textarea><!--</textarea><a href=\"{}\">") == HoleContext::UrlStart);
  CHECK(context("<title></TITLE><a href=\"{}\">") == HoleContext::UrlStart);
  CHECK(context("<title></tit{}") == HoleContext::Tag);  // data could complete the end tag
  CHECK(context("<title><{}") == HoleContext::Tag);
}
