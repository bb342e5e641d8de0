#include "query/position.h"

namespace flowc::query {

namespace {

bool holds(Span span, FileId file, uint32_t offset) {
  return span.file == file && span.begin <= offset && offset <= span.end;
}

uint32_t length(Span span) { return span.end - span.begin; }

template <typename Decl>
const Decl* holding(const std::vector<Decl>& decls, FileId file, uint32_t offset) {
  for (const Decl& d : decls)
    if (holds(d.span, file, offset)) return &d;
  return nullptr;
}

Owner owner_at(const ast::File& file, uint32_t offset) {
  FileId id = file.file_id;
  Owner owner;
  owner.account = holding(file.accounts, id, offset);
  owner.metric = holding(file.metrics, id, offset);
  owner.segment = holding(file.segments, id, offset);
  owner.message = holding(file.messages, id, offset);
  owner.flow = holding(file.flows, id, offset);
  owner.campaign = holding(file.campaigns, id, offset);
  owner.automation = holding(file.automations, id, offset);
  return owner;
}

}  // namespace

Place place_at(const ast::File& file, uint32_t offset) {
  Place place;
  place.owner = owner_at(file, offset);
  FileId id = file.file_id;
  for_each_step(file, [&](const ast::Step& s, const Owner&) {
    if (holds(s.span, id, offset) && (!place.step || length(s.span) <= length(place.step->span))) place.step = &s;
  });
  for_each_expr(file, [&](const ast::Expr& e, const Owner&) {
    if (holds(e.span, id, offset) && (!place.expr || length(e.span) <= length(place.expr->span))) place.expr = &e;
  });
  return place;
}

}  // namespace flowc::query
