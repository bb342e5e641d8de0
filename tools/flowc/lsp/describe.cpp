#include "lsp/describe.h"

#include <fmt/format.h>

namespace flowc::lsp {

namespace {

std::string plural(int64_t n, const char* unit) { return fmt::format("{} {}{}", n, unit, n == 1 ? "" : "s"); }

// "mon, wed..fri" from a day set (bit 0 Monday).
std::string days_in_words(ast::DaySet days) {
  static const char* names[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
  std::string out;
  for (int d = 0; d < 7; ++d) {
    if (!(days & (1 << d))) continue;
    out += (out.empty() ? "" : ", ") + std::string(names[d]);
  }
  return out;
}

// The text between HTML tags with runs of white space folded to one space.
std::string plain_text(const std::string& html) {
  std::string out;
  bool in_tag = false, space = false;
  for (char c : html) {
    if (c == '<') in_tag = true;
    else if (c == '>' && in_tag) { in_tag = false; space = true; }
    else if (!in_tag && (c == ' ' || c == '\n' || c == '\t' || c == '\r')) space = true;
    else if (!in_tag) {
      if (space && !out.empty()) out.push_back(' ');
      space = false;
      out.push_back(c);
    }
  }
  return out;
}

// At most `limit` bytes, cut at a character boundary, with an ellipsis.
std::string shorten(const std::string& s, size_t limit) {
  if (s.size() <= limit) return s;
  size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut) + "…";
}

const ast::MessageField* field(const ast::Message& m, const char* key) {
  for (const ast::MessageField& f : m.fields)
    if (f.key.text == key) return &f;
  return nullptr;
}

}  // namespace

std::string duration_in_words(int64_t minutes) {
  if (minutes <= 0) return "0 minutes";
  std::string out;
  auto part = [&](int64_t size, const char* unit) {
    if (minutes < size) return;
    if (!out.empty()) out += ' ';
    out += plural(minutes / size, unit);
    minutes %= size;
  };
  part(7 * 24 * 60, "week");
  part(24 * 60, "day");
  part(60, "hour");
  part(1, "minute");
  return out;
}

std::string time_of_day(int minute) { return fmt::format("{:02}:{:02}", minute / 60, minute % 60); }

std::string wait_in_words(const ast::Step& w) {
  std::string s;
  if (w.kind == ast::StepKind::WaitUntil) {
    s = fmt::format("Waits until the next {} (strictly after the moment the profile arrives), in the flow's time zone",
                    time_of_day(w.at_minute.value_or(0)));
  } else if (w.at_minute) {
    s = fmt::format("Waits until {} on the arrival date plus {} (calendar days in the flow's time zone)",
                    time_of_day(*w.at_minute), duration_in_words(w.duration_minutes));
  } else {
    s = fmt::format("Waits exactly {} ({} minutes; a day is 24 hours)", duration_in_words(w.duration_minutes),
                    w.duration_minutes);
  }
  if (w.days) s += fmt::format("; if that falls on another day, it moves forward to the next {}", days_in_words(w.days));
  return s + ".";
}

// A step in words, without its label.
static std::string step_head(const ast::Step& s) {
  switch (s.kind) {
    case ast::StepKind::Send:
      return fmt::format("send {} {}", ast::channel_name(s.channel), s.inline_body ? "(inline)" : s.message.text);
    case ast::StepKind::WaitFor:
      return "wait " + duration_in_words(s.duration_minutes) + (s.at_minute ? " at " + time_of_day(*s.at_minute) : "");
    case ast::StepKind::WaitUntil: return "wait until " + time_of_day(s.at_minute.value_or(0));
    case ast::StepKind::If: return "if";
    case ast::StepKind::Split: return "split on";
    case ast::StepKind::Set: return "set profile." + s.property.text;
    case ast::StepKind::Unset: return "unset profile." + s.property.text;
    case ast::StepKind::AddToList: return "add to list " + s.list.text;
    case ast::StepKind::RemoveFromList: return "remove from list " + s.list.text;
    case ast::StepKind::Notify: return "notify";
    case ast::StepKind::Exit: return "exit";
  }
  return ast::step_kind_name(s.kind);
}

std::string step_title(const ast::Step& s) {
  std::string head = step_head(s);
  return s.label ? head + " as " + s.label->text : head;
}

std::string message_preview(const ast::Message& m) {
  std::string out;
  for (const char* key : {"subject", "title", "preview"}) {
    const ast::MessageField* f = field(m, key);
    if (f && !f->texts.empty()) out += fmt::format("**{}:** {}\n\n", key, shorten(f->texts[0].value, 200));
  }
  std::string body;
  if (m.body_from_file) body = m.body_from_file->value;
  else if (const ast::MessageField* f = field(m, "body"); f && !f->is_file && !f->texts.empty()) body = f->texts[0].value;
  if (!body.empty()) out += fmt::format("**body:** {}\n", shorten(plain_text(body), 300));
  return out;
}

}  // namespace flowc::lsp
