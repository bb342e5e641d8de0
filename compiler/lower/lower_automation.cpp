// Keyword automations: triggers, questions, recommendations and texts.
// In a `recommend when`, question names are the answers: LoadEvent with the
// question's index as slot (the runtime passes the answers as the event).
#include "lower/lowerer.h"

namespace flowc::lower {

void Lowerer::lower_automation(const ast::Automation& a) {
  ir::AutomationDef def;
  def.name = a.name.text;
  if (!a.channels.empty()) {  // default: sms only
    def.sms = false;
    for (const ast::Name& ch : a.channels) {
      if (ch.text == "sms") def.sms = true;
      if (ch.text == "whatsapp") def.whatsapp = true;
    }
  }
  for (const ast::Text& k : a.keywords) def.keywords.push_back(k.value);
  for (const ast::ReplyTrigger& r : a.reply_triggers) {
    ir::AutomationDef::Reply reply;
    reply.campaign = r.source_kind.text == "campaign";
    reply.source = r.source.text;
    for (const ast::Text& k : r.keywords) reply.keywords.push_back(k.value);
    def.reply_triggers.push_back(std::move(reply));
  }
  if (a.save_keyword_to) def.save_keyword_to = profile_slot(a.save_keyword_to->text);

  // Texts sent to the subscriber read profile data only.
  const ExprContext profile_only{};
  for (const ast::Question& q : a.questions) {
    ir::QuestionDef question;
    question.name = q.name.text;
    question.text = text_chunk(q.text, profile_only);
    for (const ast::Text& choice : q.choices) question.choices.push_back(choice.value);
    if (q.save_to) question.save_to = profile_slot(q.save_to->text);
    def.questions.push_back(std::move(question));
  }
  const ExprContext answers{kNone, &a};
  for (const ast::Recommendation& r : a.recommendations) {
    ir::RecommendationDef rec;
    rec.name = r.name.value;
    rec.when = expr_chunk(r.when.get(), answers);  // kNone for the default
    rec.text = text_chunk(r.text, profile_only);
    def.recommendations.push_back(std::move(rec));
  }
  if (a.reprompt) def.reprompt = text_chunk(*a.reprompt, profile_only);
  if (a.fallback) def.fallback = text_chunk(*a.fallback, profile_only);
  if (a.reply) def.reply = text_chunk(*a.reply, profile_only);
  if (a.max_reprompts) def.max_reprompts = *a.max_reprompts;
  if (a.timeout_minutes) def.timeout_seconds = *a.timeout_minutes * 60;
  module.automations.push_back(std::move(def));
}

}  // namespace flowc::lower
