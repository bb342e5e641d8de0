// Messages: their templates as chunks, sender and transactional flag.
//
// A template's `event.X` is an event slot, and slots depend on the metric:
// a message whose templates read `event.` and that is sent from flows with
// different trigger metrics is lowered once per metric (same name, one
// MessageDef each); every send step points at the variant of its own flow.
#include <string_view>

#include "lower/lowerer.h"

namespace flowc::lower {

namespace {

const ast::MessageField* find_field(const ast::Message& m, const char* key) {
  for (const ast::MessageField& f : m.fields)
    if (f.key.text == key) return &f;
  return nullptr;
}

bool message_reads_event(const ast::Message& m) {
  for (const ast::MessageField& f : m.fields)
    if (!f.is_file)
      for (const ast::Text& t : f.texts)
        if (text_reads_event(t)) return true;
  return m.body_from_file && text_reads_event(*m.body_from_file);
}

}  // namespace

// The event a message's templates are first lowered for: that of its first
// send site that has one.
void Lowerer::lower_messages() {
  for (const ast::File& file : program_.files) {
    for (const ast::Message& m : file.messages) {
      if (!is_kept(symbols_.messages, m) || m.channel == ast::Channel::Invalid) continue;
      Index event = kNone;
      auto sites = symbols_.send_sites.find(&m);
      if (sites != symbols_.send_sites.end())
        for (const check::SendSite& site : sites->second)
          if (event == kNone) event = metric_index(site.event);
      message_primary_event_[&m] = event;
      message_for(&m, event);
    }
  }
}

Index Lowerer::message_for(const ast::Message* m, Index event_metric) {
  if (!m) return kNone;
  auto primary = message_primary_event_.find(m);
  if (primary == message_primary_event_.end()) return kNone;
  if (!message_reads_event(*m)) event_metric = primary->second;
  auto key = std::make_pair(m, event_metric);
  auto found = message_index_.find(key);
  if (found != message_index_.end()) return found->second;

  ExprContext cx{event_metric, nullptr};
  ir::MessageDef def;
  def.name = m->name.text;
  def.channel = ir_channel(m->channel);
  // An e-mail's body is HTML; every other field is text (LANGUAGE.md section 5).
  auto text_of = [&](const char* key) -> Index {
    const ast::MessageField* f = find_field(*m, key);
    if (!f) return kNone;
    const ast::Text* text = f->is_file ? (m->body_from_file ? &*m->body_from_file : nullptr)
                            : f->texts.empty() ? nullptr
                                               : &f->texts[0];
    if (!text) return kNone;
    bool html = m->channel == ast::Channel::Email && std::string_view(key) == "body";
    return html ? html_chunk(*text, cx) : text_chunk(*text, cx);
  };
  def.subject = text_of("subject");
  def.preview = text_of("preview");
  def.title = text_of("title");
  def.body = text_of("body");
  // `from "Name" "address"`; a single string is the address.
  if (const ast::MessageField* from = find_field(*m, "from")) {
    if (from->texts.size() >= 2) {
      def.from_name = from->texts[0].value;
      def.from_address = from->texts[1].value;
    } else if (from->texts.size() == 1) {
      def.from_address = from->texts[0].value;
    }
  }
  const ast::MessageField* transactional = find_field(*m, "transactional");
  def.transactional = transactional && transactional->flag && *transactional->flag;
  module.messages.push_back(std::move(def));
  Index index = static_cast<Index>(module.messages.size() - 1);
  message_index_.emplace(key, index);
  return index;
}

}  // namespace flowc::lower
