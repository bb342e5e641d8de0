#include "lsp/document_symbols.h"

#include <cctype>

#include "lsp/describe.h"
#include "lsp/uri.h"

namespace flowc::lsp {

namespace {

// LSP SymbolKind values.
enum Kind { kModule = 2, kNamespace = 3, kClass = 5, kMethod = 6, kField = 8, kEnum = 10, kFunction = 12,
            kVariable = 13, kString = 15, kArray = 18, kStruct = 23, kEvent = 24 };

class Outline {
 public:
  Outline(const Analysis& a, const SourceFile& source) : a_(a), source_(source) {}

  // A symbol for a declaration span; `name` is where its name is written.
  nlohmann::json symbol(const std::string& label, int kind, Span span, Span name, const std::string& detail = {}) {
    if (!name.valid() || name.file != span.file) name = span;
    nlohmann::json s = {{"name", label.empty() ? "(unnamed)" : label},
                        {"kind", kind},
                        {"range", range_of(source_, span)},
                        {"selectionRange", range_of(source_, name)}};
    if (!detail.empty()) s["detail"] = detail;
    return s;
  }

  nlohmann::json fields(const std::vector<ast::SchemaField>& fields) {
    nlohmann::json out = nlohmann::json::array();
    for (const ast::SchemaField& f : fields)
      out.push_back(symbol(f.name.text, kField, f.span, f.name.span, a_.text_of(f.type.span)));
    return out;
  }

  nlohmann::json steps(const ast::Block& block) {
    nlohmann::json out = nlohmann::json::array();
    for (const ast::Step& s : block) {
      nlohmann::json item = symbol(step_title(s), kMethod, s.span, s.span);
      nlohmann::json children = nlohmann::json::array();
      for (const ast::Block& b : s.branches)
        for (nlohmann::json& c : steps(b)) children.push_back(std::move(c));
      for (nlohmann::json& c : steps(s.else_block)) children.push_back(std::move(c));
      if (!children.empty()) item["children"] = children;
      out.push_back(std::move(item));
    }
    return out;
  }

  nlohmann::json file(const ast::File& f) {
    nlohmann::json out = nlohmann::json::array();
    for (const ast::Account& x : f.accounts) out.push_back(symbol("account", kNamespace, x.span, x.span));
    for (const ast::ProfileSchema& x : f.profiles)
      out.push_back(with_children(symbol("profile", kStruct, x.span, x.span), fields(x.fields)));
    for (const ast::Metric& x : f.metrics)
      out.push_back(with_children(symbol(x.name.text, kEvent, x.span, x.name.span, "metric"), fields(x.fields)));
    for (const ast::List& x : f.lists) out.push_back(symbol(x.name.text, kArray, x.span, x.name.span, "list"));
    for (const ast::Segment& x : f.segments)
      out.push_back(symbol(x.name.text, kClass, x.span, x.name.span, "segment"));
    for (const ast::Message& x : f.messages)
      out.push_back(symbol(x.name.text, kString, x.span, x.name.span, ast::channel_name(x.channel)));
    for (const ast::Flow& x : f.flows)
      out.push_back(with_children(symbol(x.name.text, kFunction, x.span, x.name.span, "flow"), steps(x.steps)));
    for (const ast::Campaign& x : f.campaigns) out.push_back(campaign(x));
    for (const ast::Automation& x : f.automations) out.push_back(automation(x));
    return out;
  }

 private:
  static nlohmann::json with_children(nlohmann::json s, nlohmann::json children) {
    if (!children.empty()) s["children"] = std::move(children);
    return s;
  }

  nlohmann::json campaign(const ast::Campaign& c) {
    nlohmann::json paths = nlohmann::json::array();
    for (const ast::Path& p : c.paths)
      paths.push_back(with_children(symbol(p.name.text, kNamespace, p.span, p.name.span, "path"), steps(p.sends)));
    return with_children(symbol(c.name.text, kModule, c.span, c.name.span, "campaign"), paths);
  }

  nlohmann::json automation(const ast::Automation& x) {
    nlohmann::json questions = nlohmann::json::array();
    for (const ast::Question& q : x.questions)
      questions.push_back(symbol(q.name.text, kField, q.span, q.name.span, "question"));
    return with_children(symbol(x.name.text, kEnum, x.span, x.name.span, "automation"), questions);
  }

  const Analysis& a_;
  const SourceFile& source_;
};

}  // namespace

nlohmann::json document_symbols(const Analysis& analysis) {
  const ast::File* file = analysis.file();
  if (!file) return nlohmann::json::array();
  return Outline(analysis, analysis.source()).file(*file);
}

namespace {

// Adds `symbols` and their children, flattened, as SymbolInformation.
void add_flattened(const nlohmann::json& symbols, const std::string& uri, const std::string& container,
                   const std::string& query, nlohmann::json& out) {
  for (const nlohmann::json& s : symbols) {
    const std::string name = s["name"];
    if (matches_query(name, query)) {
      nlohmann::json info = {{"name", name}, {"kind", s["kind"]}, {"location", {{"uri", uri}, {"range", s["range"]}}}};
      if (!container.empty()) info["containerName"] = container;
      out.push_back(std::move(info));
    }
    if (s.contains("children")) add_flattened(s["children"], uri, name, query, out);
  }
}

}  // namespace

bool matches_query(const std::string& name, const std::string& query) {
  // The query's characters in order, any case (what editors' fuzzy pickers expect).
  size_t at = 0;
  for (char c : name) {
    if (at < query.size() && std::tolower(static_cast<unsigned char>(c)) ==
                                 std::tolower(static_cast<unsigned char>(query[at])))
      ++at;
  }
  return at == query.size();
}

void add_workspace_symbols(const Analysis& analysis, const std::string& query, std::set<std::string>& seen_files,
                           nlohmann::json& out) {
  if (!analysis.loaded()) return;
  for (const ast::File& f : analysis.program().files) {
    const SourceFile& source = analysis.sources().file(f.file_id);
    if (!seen_files.insert(source.path()).second) continue;
    add_flattened(Outline(analysis, source).file(f), path_to_uri(source.path()), "", query, out);
  }
}

}  // namespace flowc::lsp
