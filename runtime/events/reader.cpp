// The event-stream reader (RUNTIME.md section 2): NDJSON lines -> Records.
//
// One simdjson DOM parser and one line buffer live as long as the reader, so
// a line costs no allocation beyond the strings and values it yields (the
// caller may reuse its Record too: clearing keeps capacity). Field lookups go
// straight to the parsed document; schema lookups (property and metric names
// to slots) go through hash maps built once here, keyed for string_view
// lookup so a key from the document needs no copy.
//
// Every way a line can be wrong ends as an InputError for that line, never
// as a crash or an exception out of next(): simdjson is used through its
// error codes, and the decoding below reports a bad line by throwing BadLine,
// which next() catches. Bad lines are rare, so that throw is not a cost that
// matters, and it keeps the per-field code free of error plumbing.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <simdjson.h>
#include <xxhash.h>

#include <algorithm>
#include <cstring>
#include <initializer_list>
#include <optional>

#include "events/decode_properties.h"
#include "events/name_table.h"
#include "events/reader.h"
#include "events/string_cache.h"

namespace flowc::events {

namespace {

using detail::json_kind;
using detail::quote;
using simdjson::dom::element;
using simdjson::dom::object;

struct BadLine {
  InputErrorKind kind;
  std::string reason;
};

[[noreturn]] void bad(InputErrorKind kind, std::string reason) { throw BadLine{kind, std::move(reason)}; }

// The record fields the reader knows. A record's object is walked once
// (the Fields constructor), each known key's value kept by its number, so
// that reading a field is an array access: simdjson's at_key() compares the
// key with every field of the object, and a record was read with about
// eight of them (reading was 2.7x the cost of parsing).
enum class Field : uint8_t {
  Type, Time, Profile, Email, Phone, Properties, Metric, Historical, HistoricalImport, Channel, List, Via,
  Reason, Text, Product, Price, SendId, Kind, Bot, Privacy, Flow, Step, Decision, Count
};
constexpr std::string_view kFieldNames[] = {
    "type", "time", "profile", "email", "phone", "properties", "metric", "historical", "historical_import",
    "channel", "list", "via", "reason", "text", "product", "price", "send_id", "kind", "bot", "privacy", "flow",
    "step", "decision"};
constexpr size_t kFields = static_cast<size_t>(Field::Count);
static_assert(std::size(kFieldNames) == kFields);

// The field a key names; Field::Count for any other key. By length first,
// so a key is compared with at most seven names of its own size (constant
// sizes, which the compiler turns into word compares): this runs for every
// key of every record, and hashing each key (a NameTable) cost 5 % of
// reading.
constexpr Field field_named(std::string_view key) {
  auto first = [&](std::initializer_list<Field> candidates) {
    for (Field f : candidates)
      if (key == kFieldNames[static_cast<size_t>(f)]) return f;
    return Field::Count;
  };
  switch (key.size()) {
    case 3: return first({Field::Via, Field::Bot});
    case 4: return first({Field::Type, Field::Time, Field::List, Field::Text, Field::Kind, Field::Flow, Field::Step});
    case 5: return first({Field::Email, Field::Phone, Field::Price});
    case 6: return first({Field::Metric, Field::Reason});
    case 7: return first({Field::Profile, Field::Channel, Field::Product, Field::SendId, Field::Privacy});
    case 8: return first({Field::Decision});
    case 10: return first({Field::Properties, Field::Historical});
    case 17: return first({Field::HistoricalImport});
    default: return Field::Count;
  }
}
constexpr bool every_field_named() {
  for (size_t i = 0; i < kFields; ++i)
    if (field_named(kFieldNames[i]) != static_cast<Field>(i)) return false;
  return true;
}
static_assert(every_field_named(), "field_named() misses a name of kFieldNames");

void reject_duplicate_keys(object o, std::string_view where);

// Whether an object repeats a key, found in the pass that reads it: the
// keys the caller knows by number (a record field, a property slot) are
// stamped with the pass, any other key is kept and those compared once
// sorted. One per thread, reused: no allocation per line.
class RepeatedKeys {
 public:
  static RepeatedKeys& for_this_thread() {
    thread_local RepeatedKeys keys;
    return keys;
  }
  // Starts an object whose known keys are numbered below `known`.
  void start(size_t known) {
    if (stamps_.size() < known) stamps_.resize(known, 0);
    ++pass_;
    others_.clear();
    repeated_ = false;
  }
  // A key, with its number (ir::kNone: not a known one).
  void add(ir::Index number, std::string_view key) {
    if (number == ir::kNone) {
      others_.push_back(key);
      return;
    }
    repeated_ = repeated_ || stamps_[number] == pass_;
    stamps_[number] = pass_;
  }
  bool found() {
    if (repeated_ || others_.size() < 2) return repeated_;
    std::sort(others_.begin(), others_.end());
    return std::adjacent_find(others_.begin(), others_.end()) != others_.end();
  }

 private:
  std::vector<uint64_t> stamps_;  // by number: the pass that last saw it
  uint64_t pass_ = 0;
  std::vector<std::string_view> others_;
  bool repeated_ = false;
};

// The fields of one record, read with the messages the spec asks for.
// A null field counts as absent for optional fields (exporters write null
// for "no value"), but a required field must really be there.
class Fields {
 public:
  // Walks the record's object once; a repeated key makes the line bad.
  explicit Fields(object o) {
    RepeatedKeys& repeats = RepeatedKeys::for_this_thread();
    repeats.start(kFields);
    for (const simdjson::dom::key_value_pair field : o) {
      const Field f = field_named(field.key);
      const auto number = static_cast<ir::Index>(f);
      repeats.add(f == Field::Count ? ir::kNone : number, field.key);
      if (f == Field::Count) continue;
      present_ |= 1u << number;
      values_[number] = field.value;
    }
    if (repeats.found()) reject_duplicate_keys(o, "the record");  // names the key
  }

  std::optional<element> find(Field key) const {
    if (!has(key) || value(key).is_null()) return std::nullopt;
    return value(key);
  }
  element required(Field key) const {
    if (!has(key)) bad(InputErrorKind::MissingField, fmt::format("missing required field `{}`", name(key)));
    return value(key);
  }
  std::string_view string(Field key) const { return as_string(key, required(key)); }
  std::optional<std::string_view> optional_string(Field key) const {
    if (auto e = find(key)) return as_string(key, *e);
    return std::nullopt;
  }
  bool optional_bool(Field key) const {
    auto e = find(key);
    if (!e) return false;
    bool b = false;
    if (e->get_bool().get(b) != simdjson::SUCCESS)
      bad(InputErrorKind::WrongType, fmt::format("`{}` must be true or false, got {}", name(key), json_kind(*e)));
    return b;
  }
  // A required string that must be one of `allowed`.
  std::string_view one_of(Field key, std::initializer_list<std::string_view> allowed) const {
    return check_one_of(name(key), string(key), allowed);
  }
  static std::string_view check_one_of(std::string_view key, std::string_view value,
                                       std::initializer_list<std::string_view> allowed) {
    for (std::string_view a : allowed)
      if (value == a) return value;
    bad(InputErrorKind::BadValue,
        fmt::format("`{}` must be one of {}, got {}", key, fmt::join(allowed, " "), quote(value)));
  }
  static std::string_view name(Field key) { return kFieldNames[static_cast<size_t>(key)]; }

 private:
  bool has(Field key) const { return (present_ >> static_cast<unsigned>(key)) & 1u; }
  element value(Field key) const { return values_[static_cast<size_t>(key)]; }
  static std::string_view as_string(Field key, element e) {
    std::string_view s;
    if (e.get_string().get(s) != simdjson::SUCCESS)
      bad(InputErrorKind::WrongType, fmt::format("`{}` must be a string, got {}", name(key), json_kind(e)));
    return s;
  }

  uint32_t present_ = 0;  // bit i: field i is in the record
  std::array<element, kFields> values_;
};

void assign(std::string& to, std::string_view from) { to.assign(from.data(), from.size()); }

// Empties a record for reuse, keeping the capacity of its strings.
void clear(Record& r) {
  r.time = 0;
  r.line = 0;
  r.profile.clear();
  r.email.reset();
  r.phone.reset();
  r.properties.clear();
  r.metric = ir::kNone;
  r.metric_name.clear();
  r.historical = false;
  r.channel = RecordChannel::Email;
  for (std::string* s : {&r.list, &r.via, &r.reason, &r.text, &r.product, &r.send_id, &r.kind, &r.flow, &r.step,
                         &r.decision})
    s->clear();
  r.price = 0;
  r.bot = r.privacy = false;
}

// A name from the input inside backticks, as messages show names; one that
// would not read well there (long, control characters) is quoted instead.
std::string as_code(std::string_view name) {
  bool plain = name.size() <= 40;
  for (char c : name) plain = plain && c != '`' && static_cast<unsigned char>(c) >= 0x20;
  return plain ? fmt::format("`{}`", name) : quote(name);
}

// simdjson's DOM keeps every key of an object, and at_key() finds the first
// of a repeated one: {"time":A,"time":B} would silently read A. A repeated
// key is ambiguous input, so it makes the line bad. Keys are compared after
// unescaping ("a" and "\u0061" are the same key), in O(n log n) so a line
// of many keys costs no more than reading it.
// `where` names the object in the message ("the record", "`properties`").
void reject_duplicate_keys(object o, std::string_view where) {
  thread_local std::vector<std::string_view> keys;  // reused: no allocation per line
  keys.clear();
  for (const simdjson::dom::key_value_pair field : o) keys.push_back(field.key);
  std::sort(keys.begin(), keys.end());
  auto repeated = std::adjacent_find(keys.begin(), keys.end());
  if (repeated != keys.end())
    bad(InputErrorKind::DuplicateKey, fmt::format("key {} appears more than once in {}", as_code(*repeated), where));
}

RecordType record_type(const Fields& f) {
  const std::string_view name = f.string(Field::Type);
  // Review is the last enumerator; record_type_name is the one spelling table.
  for (int t = 0; t <= static_cast<int>(RecordType::Review); ++t)
    if (name == record_type_name(static_cast<RecordType>(t))) return static_cast<RecordType>(t);
  bad(InputErrorKind::UnknownType,
      fmt::format("unknown record type {} (expected profile, event, subscribe, unsubscribe, suppress, "
                  "unsuppress, list_add, list_remove, inbound, price, engagement or review)",
                  as_code(name)));
}

int64_t record_time(const Fields& f) {
  const element e = f.required(Field::Time);
  std::string_view text;
  if (e.get_string().get(text) != simdjson::SUCCESS)
    bad(InputErrorKind::WrongType,
        fmt::format("`time` must be an RFC 3339 string such as \"2026-11-01T10:00:00Z\", got {}", json_kind(e)));
  const std::optional<int64_t> t = parse_rfc3339_any_year(text);
  if (!t) bad(InputErrorKind::BadTime, fmt::format("`time` is not an RFC 3339 time: {}", quote(text)));
  if (!in_time_range(*t))
    bad(InputErrorKind::BadTime, fmt::format("`time` is outside the years 0001 to 9999: {}", quote(text)));
  return *t;
}

bool requires_profile(RecordType t) {
  switch (t) {
    case RecordType::Inbound:
    case RecordType::Price:
    case RecordType::Engagement:
    case RecordType::Review: return false;
    default: return true;
  }
}

// `profile`, `email` and `phone`, which any record may carry.
void read_contact(const Fields& f, Record& r) {
  const std::optional<std::string_view> profile =
      requires_profile(r.type) ? f.string(Field::Profile) : f.optional_string(Field::Profile);
  if (profile && profile->empty()) bad(InputErrorKind::BadValue, "`profile` is empty");
  if (profile) assign(r.profile, *profile);
  if (auto email = f.optional_string(Field::Email)) r.email.emplace(*email);
  if (auto phone = f.optional_string(Field::Phone)) r.phone.emplace(*phone);
}

RecordChannel read_channel(const Fields& f) {
  const std::string_view c = f.one_of(Field::Channel, {"email", "sms", "sms_transactional", "push", "whatsapp"});
  if (c == "email") return RecordChannel::Email;
  if (c == "sms") return RecordChannel::Sms;
  if (c == "sms_transactional") return RecordChannel::SmsTransactional;
  if (c == "push") return RecordChannel::Push;
  return RecordChannel::Whatsapp;
}

// subscribe / unsubscribe / suppress / unsuppress.
void read_consent(const Fields& f, Record& r) {
  r.channel = read_channel(f);
  if (r.type == RecordType::Subscribe) {
    if (auto list = f.optional_string(Field::List)) assign(r.list, *list);
    r.historical = f.optional_bool(Field::HistoricalImport);
  } else if (r.type == RecordType::Unsubscribe) {
    const std::optional<std::string_view> via = f.optional_string(Field::Via);
    assign(r.via, via ? Fields::check_one_of("via", *via, {"link", "manual", "api", "spam_report"}) : "manual");
  } else if (r.type == RecordType::Suppress) {
    if (auto reason = f.optional_string(Field::Reason)) assign(r.reason, *reason);
  }
}

void read_inbound(const Fields& f, Record& r) {
  r.phone.emplace(f.string(Field::Phone));
  const std::string_view c = f.one_of(Field::Channel, {"sms", "whatsapp"});
  r.channel = c == "sms" ? RecordChannel::Sms : RecordChannel::Whatsapp;
  assign(r.text, f.string(Field::Text));
}

// A product id may be written as a number by a catalogue export; it is an
// id, so it becomes the text the number reads as (18 -> "18", not "18.0").
void read_price(const Fields& f, Record& r) {
  const element product = f.required(Field::Product);
  std::string_view s;
  int64_t i = 0;
  uint64_t u = 0;
  double d = 0;
  if (product.get_string().get(s) == simdjson::SUCCESS) assign(r.product, s);
  else if (product.get_int64().get(i) == simdjson::SUCCESS) r.product = std::to_string(i);
  else if (product.get_uint64().get(u) == simdjson::SUCCESS) r.product = std::to_string(u);
  else if (product.get_double().get(d) == simdjson::SUCCESS) r.product = fmt::format("{}", d);
  else
    bad(InputErrorKind::WrongType, fmt::format("`product` must be a string or a number, got {}", json_kind(product)));
  const element price = f.required(Field::Price);
  if (!price.is_number() || price.get_double().get(r.price) != simdjson::SUCCESS)
    bad(InputErrorKind::WrongType, fmt::format("`price` must be a number, got {}", json_kind(price)));
}

void read_engagement(const Fields& f, Record& r) {
  assign(r.send_id, f.string(Field::SendId));
  assign(r.kind, f.one_of(Field::Kind, {"open", "click", "bounce"}));
  r.bot = f.optional_bool(Field::Bot);
  r.privacy = f.optional_bool(Field::Privacy);
}

void read_review(const Fields& f, Record& r) {
  assign(r.flow, f.string(Field::Flow));
  assign(r.step, f.string(Field::Step));
  assign(r.decision, f.one_of(Field::Decision, {"send", "cancel"}));
}

// The program's schema, as the reader looks names up in it.
class Schema {
 public:
  explicit Schema(const ir::Module& m)
      : module_(m), profile_slots_(NameTable::of(m.profile_properties)), metric_index_(NameTable::of(m.metrics)) {
    metric_slots_.reserve(m.metrics.size());
    for (const ir::MetricDef& metric : m.metrics) metric_slots_.push_back(NameTable::of(metric.properties));
  }

  void read_profile(const Fields& f, Record& r, StringCache& strings) const {
    read_properties(f, profile_slots_, module_.profile_properties, {}, r, strings);
  }

  // An event of a metric the program does not declare still reaches the
  // runtime (it may count for nothing, but it is not bad input); its
  // properties are left undecoded since there is no schema to check them by.
  void read_event(const Fields& f, Record& r, StringCache& strings) const {
    assign(r.metric_name, f.string(Field::Metric));
    r.historical = f.optional_bool(Field::Historical);
    const ir::Index metric = metric_index_.find(r.metric_name);
    if (metric == ir::kNone) {
      if (auto props = f.find(Field::Properties)) {
        object o;
        if (props->get_object().get(o) != simdjson::SUCCESS)
          bad(InputErrorKind::WrongType, fmt::format("`properties` must be an object, got {}", json_kind(*props)));
        reject_duplicate_keys(o, "`properties`");
      }
      return;
    }
    r.metric = metric;
    read_properties(f, metric_slots_[r.metric], module_.metrics[r.metric].properties, r.metric_name, r, strings);
  }

 private:
  // Declared properties only: an undeclared key is ignored silently, since
  // exports carry more than a program declares and the program cannot read
  // a property it has not declared. `metric` is empty for the profile.
  // A text repeated across records is held once (`strings`).
  static void read_properties(const Fields& f, const NameTable& slots, const std::vector<ir::PropertyDef>& defs,
                              std::string_view metric, Record& r, StringCache& strings) {
    const std::optional<element> json = f.find(Field::Properties);
    if (!json) return;
    object props;
    if (json->get_object().get(props) != simdjson::SUCCESS)
      bad(InputErrorKind::WrongType, fmt::format("`properties` must be an object, got {}", json_kind(*json)));
    // One pass finds the declared properties and any repeated key, before
    // a value is decoded (a repeated key is the line's error, whatever else
    // is wrong with it).
    thread_local std::vector<std::pair<ir::Index, element>> declared;
    declared.clear();
    RepeatedKeys& repeats = RepeatedKeys::for_this_thread();
    repeats.start(defs.size());
    for (const simdjson::dom::key_value_pair field : props) {
      const ir::Index slot = slots.find(field.key);
      repeats.add(slot, field.key);
      if (slot != ir::kNone) declared.emplace_back(slot, field.value);
    }
    if (repeats.found()) reject_duplicate_keys(props, "`properties`");  // names the key
    std::string problem;
    for (const auto& [slot, json_value] : declared) {
      ir::Value value;
      if (!detail::decode_value(json_value, defs[slot].type, value, problem, &strings)) {
        const std::string_view key = defs[slot].name;
        if (metric.empty()) bad(InputErrorKind::WrongType, fmt::format("profile property `{}` {}", key, problem));
        bad(InputErrorKind::WrongType, fmt::format("property `{}` of metric `{}` {}", key, metric, problem));
      }
      r.properties.emplace_back(slot, std::move(value));
    }
  }

  const ir::Module& module_;
  NameTable profile_slots_;
  NameTable metric_index_;
  std::vector<NameTable> metric_slots_;
};

void decode_record(const Schema& schema, object o, Record& r, StringCache& strings) {
  const Fields f(o);
  r.type = record_type(f);
  r.time = record_time(f);
  read_contact(f, r);
  switch (r.type) {
    case RecordType::Profile: schema.read_profile(f, r, strings); break;
    case RecordType::Event: schema.read_event(f, r, strings); break;
    case RecordType::Subscribe:
    case RecordType::Unsubscribe:
    case RecordType::Suppress:
    case RecordType::Unsuppress: read_consent(f, r); break;
    case RecordType::ListAdd:
    case RecordType::ListRemove: assign(r.list, f.string(Field::List)); break;
    case RecordType::Inbound: read_inbound(f, r); break;
    case RecordType::Price: read_price(f, r); break;
    case RecordType::Engagement: read_engagement(f, r); break;
    case RecordType::Review: read_review(f, r); break;
  }
}

bool is_blank(const std::string& line) {
  for (char c : line)
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '\v' && c != '\f') return false;
  return true;
}

// Seconds as the largest whole unit of the language's durations: "400d", "36h".
std::string format_duration(int64_t seconds) {
  if (seconds % 86400 == 0) return fmt::format("{}d", seconds / 86400);
  if (seconds % 3600 == 0) return fmt::format("{}h", seconds / 3600);
  if (seconds % 60 == 0) return fmt::format("{}m", seconds / 60);
  return fmt::format("{}s", seconds);
}

std::string json_error(simdjson::error_code code) {
  switch (code) {
    case simdjson::UTF8_ERROR: return "not valid JSON: the line is not valid UTF-8";
    case simdjson::DEPTH_ERROR: return "not valid JSON: nested too deeply";
    case simdjson::CAPACITY: return "not valid JSON: the line is too long";
    default: break;
  }
  std::string message = simdjson::error_message(code);
  if (!message.empty()) message[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(message[0])));
  return "not valid JSON: " + message;
}

}  // namespace

struct EventReader::Impl {
  Impl(const ir::Module& module, std::istream& input, ReaderLimits limits)
      : schema(module), in(input), limits(limits), hash(XXH3_createState()) {
    if (!hash) throw std::bad_alloc();
    XXH3_128bits_reset(hash.get());
  }

  Schema schema;
  std::istream& in;
  ReaderLimits limits;
  std::optional<int64_t> latest_time;  // of the records read so far (the clock they moved)
  simdjson::dom::parser parser;
  std::string line;  // reused: getline keeps its capacity
  size_t line_no = 0;
  uint64_t consumed = 0;  // bytes read, newlines included
  struct FreeHash {
    void operator()(XXH3_state_t* state) const { XXH3_freeState(state); }
  };
  std::unique_ptr<XXH3_state_t, FreeHash> hash;  // of the consumed bytes, but for `unhashed`
  // Consumed bytes not hashed yet: the hash is fed in blocks, as each of
  // its calls costs a fixed ~100 instructions (a third of a line's hashing).
  std::string unhashed;
  static constexpr size_t kHashBlock = 64 * 1024;
  StringCache strings;  // repeated texts share one copy

  // Counts the line now in `line` as read: its bytes (as they were in the
  // input, before the byte order mark is skipped) and its newline.
  void consume_line(bool terminated) {
    ++line_no;
    if (line.size() >= kHashBlock) {  // a long line goes straight in: no copy of it is kept
      hash_unhashed();
      XXH3_128bits_update(hash.get(), line.data(), line.size());
    } else {
      unhashed += line;
    }
    if (terminated) unhashed += '\n';
    if (unhashed.size() >= kHashBlock) hash_unhashed();
    consumed += line.size() + (terminated ? 1 : 0);
  }
  void hash_unhashed() {
    XXH3_128bits_update(hash.get(), unhashed.data(), unhashed.size());
    unhashed.clear();
  }

  // Decodes the line now in `line`; End for a blank line.
  Result decode_current(Record& record, InputError& error) {
    skip_byte_order_mark();
    if (is_blank(line)) return Result::End;
    size_t length = line.size();
    if (line[length - 1] == '\r') --length;
    clear(record);
    try {
      decode(length, record);
      record.line = line_no;
      return Result::Record;
    } catch (BadLine& b) {
      error = InputError{line_no, std::move(b.reason), b.kind};
    } catch (const std::exception& e) {  // out of memory on a huge line, say: still just a bad line
      error = InputError{line_no, fmt::format("could not read this line: {}", e.what()), InputErrorKind::Unreadable};
    }
    return Result::Error;
  }

  std::array<uint8_t, 16> digest() {
    hash_unhashed();
    XXH128_canonical_t canonical;
    XXH128_canonicalFromHash(&canonical, XXH3_128bits_digest(hash.get()));
    std::array<uint8_t, 16> bytes;
    std::memcpy(bytes.data(), canonical.digest, bytes.size());
    return bytes;
  }

  // Decodes line_no's text (already in `line`, `length` bytes of it).
  void decode(size_t length, Record& r) {
    // simdjson reads up to SIMDJSON_PADDING bytes past the text: pad the
    // buffer itself rather than copy the line into a padded_string.
    line.resize(length + simdjson::SIMDJSON_PADDING, '\0');
    element root;
    if (auto code = parser.parse(line.data(), length, false).get(root); code != simdjson::SUCCESS)
      bad(InputErrorKind::NotJson, json_error(code));
    object o;
    if (root.get_object().get(o) != simdjson::SUCCESS)
      bad(InputErrorKind::WrongType, fmt::format("a record must be a JSON object, got {}", json_kind(root)));
    decode_record(schema, o, r, strings);  // Fields rejects a repeated key first
    check_clock_jump(r.time);
  }

  // A record far ahead of every record before it would move the clock
  // there; the wake-ups in between (a birthday every year) would all run.
  void check_clock_jump(int64_t time) {
    if (latest_time && time > *latest_time && time - *latest_time > limits.max_clock_jump)
      bad(InputErrorKind::TimeJump,
          fmt::format("`time` {} is more than {} after the latest record ({}); raise `--max-clock-jump` if it "
                      "is right",
                      format_rfc3339(time), format_duration(limits.max_clock_jump), format_rfc3339(*latest_time)));
    if (!latest_time || time > *latest_time) latest_time = time;
  }

  // A UTF-8 byte order mark, which some editors and exporters put at the
  // start of a file; anywhere else it is part of the line (and not JSON).
  void skip_byte_order_mark() {
    if (line_no == 1 && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);
  }
};

EventReader::EventReader(const ir::Module& module, std::istream& input, ReaderLimits limits)
    : impl_(std::make_unique<Impl>(module, input, limits)) {}

EventReader::~EventReader() = default;

EventReader::Result EventReader::next(Record& record, InputError& error) {
  Impl& m = *impl_;
  while (std::getline(m.in, m.line)) {
    // getline sets eof only when the input ended before a newline.
    m.consume_line(!m.in.eof());
    if (Result result = m.decode_current(record, error); result != Result::End) return result;
  }
  return Result::End;
}

EventReader::Result EventReader::decode_line(std::string_view raw, bool terminated, Record& record,
                                             InputError& error) {
  Impl& m = *impl_;
  m.line.assign(raw.data(), raw.size());
  m.consume_line(terminated);
  return m.decode_current(record, error);
}

ReaderPosition EventReader::position() const {
  Impl& m = *impl_;  // the digest takes in the bytes not hashed yet
  ReaderPosition p;
  p.consumed = m.consumed;
  p.line_no = m.line_no;
  p.has_latest_time = m.latest_time.has_value();
  p.latest_time = m.latest_time.value_or(0);
  p.digest = m.digest();
  return p;
}

bool EventReader::resume(const ReaderPosition& saved, std::string& error) {
  Impl& m = *impl_;
  m.hash_unhashed();
  std::string block(std::min<uint64_t>(saved.consumed, 1 << 16), '\0');
  uint64_t left = saved.consumed;
  while (left > 0) {
    const auto want = static_cast<std::streamsize>(std::min<uint64_t>(left, block.size()));
    m.in.read(block.data(), want);
    const auto got = m.in.gcount();
    XXH3_128bits_update(m.hash.get(), block.data(), static_cast<size_t>(got));
    m.consumed += static_cast<uint64_t>(got);
    left -= static_cast<uint64_t>(got);
    if (got < want) {
      error = fmt::format("it has {} bytes, fewer than the {} already applied", m.consumed, saved.consumed);
      return false;
    }
  }
  if (m.digest() != saved.digest) {
    error = fmt::format("its first {} bytes are not the ones already applied", saved.consumed);
    return false;
  }
  m.line_no = saved.line_no;
  if (saved.has_latest_time) m.latest_time = saved.latest_time;
  return true;
}

}  // namespace flowc::events
