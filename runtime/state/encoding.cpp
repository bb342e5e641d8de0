// The encoder and decoder of encoding.h: two visitors over the field lists
// of schema.h. The decoder walks the struct's fields and the input's fields
// side by side, both in ascending tag order, so decoding is one pass.
#include "state/encoding.h"

#include <bit>
#include <cstring>
#include <limits>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "state/schema.h"
#include "state/field_writer.h"
#include "state/wire.h"

namespace flowc::state {
namespace {

using namespace wire;

template <class T> constexpr bool is_vector = false;
template <class T> constexpr bool is_vector<std::vector<T>> = true;

template <class T> constexpr bool is_integer = std::is_integral_v<T> && !std::is_same_v<T, bool>;

// ---------------------------------------------------------------- writing

// Appends the fields of a struct to `out`, each nested struct written in
// place (put_length_prefixed) and taken back out when it turns out empty.
class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}

  template <class T> void operator()(uint32_t tag, const char*, const T& x) {
    if constexpr (is_vector<T>) {
      for (const auto& item : x) put(tag, item);
    } else if constexpr (is_struct<T>) {
      put_struct(tag, x, true);
    } else if (!is_default(x)) {
      put(tag, x);
    }
  }

 private:
  std::string& out_;

  template <class T> static constexpr bool is_struct =
      !std::is_arithmetic_v<T> && !std::is_enum_v<T> && !std::is_same_v<T, std::string> &&
      !std::is_same_v<T, ir::Value>;

  void key(uint32_t tag, Wire wire) { put_key(out_, tag, wire); }

  template <class T> static bool is_default(const T& x) {
    if constexpr (std::is_same_v<T, double>) return std::bit_cast<uint64_t>(x) == 0;
    else if constexpr (std::is_same_v<T, std::string>) return x.empty();
    else if constexpr (std::is_same_v<T, ir::Value>) return !x.is_set();
    else return x == T{};
  }

  void put_bytes(uint32_t tag, std::string_view bytes) {
    key(tag, kBytes);
    put_varint(out_, bytes.size());
    out_ += bytes;
  }

  // A nested struct: key, length, fields. A singular one whose fields are
  // all defaults is left out (its body would be empty); a list element is
  // always written.
  template <class T> void put_struct(uint32_t tag, const T& x, bool singular) {
    const size_t start = out_.size();
    key(tag, kBytes);
    const size_t body_at = out_.size() + 1;  // after the one reserved length byte
    put_length_prefixed(out_, [&] {
      Writer inner(out_);
      fields(inner, const_cast<T&>(x));  // the writer only reads
    });
    if (singular && out_.size() == body_at) out_.resize(start);
  }

  // Writes one entry, default or not (list elements are always written).
  template <class T> void put(uint32_t tag, const T& x) {
    if constexpr (std::is_same_v<T, double>) {
      key(tag, kFixed64);
      put_fixed64(out_, std::bit_cast<uint64_t>(x));
    } else if constexpr (std::is_same_v<T, bool>) {
      key(tag, kVarint);
      put_varint(out_, x ? 1 : 0);
    } else if constexpr (std::is_signed_v<T> && is_integer<T>) {
      key(tag, kVarint);
      put_varint(out_, zigzag(x));
    } else if constexpr (is_integer<T>) {
      key(tag, kVarint);
      put_varint(out_, x);
    } else if constexpr (std::is_enum_v<T>) {
      key(tag, kVarint);
      put_varint(out_, static_cast<uint64_t>(x));
    } else if constexpr (std::is_same_v<T, std::string>) {
      put_bytes(tag, x);
    } else if constexpr (std::is_same_v<T, ir::Value>) {
      key(tag, kBytes);
      put_length_prefixed(out_, [&] { put_value_payload(out_, x); });
    } else {
      put_struct(tag, x, false);
    }
  }
};

// ---------------------------------------------------------------- reading

// The field being decoded, for messages: names and list positions.
struct Path {
  struct Step {
    const char* name;
    int64_t index;  // -1: not a list element
  };
  std::vector<Step> steps;

  std::string text() const {
    std::string s;
    for (const Step& step : steps) {
      if (!s.empty()) s += '.';
      s += step.name;
      if (step.index >= 0) s += fmt::format("[{}]", step.index);
    }
    return s;
  }
};

struct DecodeContext {
  Path path;
  std::string error;  // the first damage found; empty while all is well
  bool failed() const { return !error.empty(); }
  void fail(std::string_view what) {
    if (failed()) return;
    std::string where = path.text();
    error = where.empty() ? std::string(what) : fmt::format("`{}`: {}", where, what);
  }
};

// Reads bytes from the front of a view.
class Cursor {
 public:
  explicit Cursor(std::string_view bytes) : bytes_(bytes) {}
  bool at_end() const { return pos_ == bytes_.size(); }
  size_t left() const { return bytes_.size() - pos_; }

  bool varint(uint64_t& x) {
    x = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (at_end()) return false;
      uint8_t byte = static_cast<uint8_t>(bytes_[pos_++]);
      if (shift == 63 && byte > 1) return false;  // more than 64 bits
      x |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return true;
    }
    return false;
  }
  bool fixed64(uint64_t& x) {
    if (left() < 8) return false;
    x = 0;
    for (int i = 0; i < 8; ++i) x |= static_cast<uint64_t>(static_cast<uint8_t>(bytes_[pos_ + i])) << (8 * i);
    pos_ += 8;
    return true;
  }
  bool take(uint64_t size, std::string_view& out) {
    if (size > left()) return false;
    out = bytes_.substr(pos_, size);
    pos_ += size;
    return true;
  }
  std::string_view rest() {
    std::string_view r = bytes_.substr(pos_);
    pos_ = bytes_.size();
    return r;
  }

 private:
  std::string_view bytes_;
  size_t pos_ = 0;
};

bool read_value_payload(std::string_view bytes, ir::Value& value, int depth, std::string& why);

bool read_list(Cursor& in, ir::Value& value, int depth, std::string& why) {
  if (depth >= kMaxListDepth) {
    why = fmt::format("list values nested deeper than {}", kMaxListDepth);
    return false;
  }
  std::vector<ir::Value> items;
  while (!in.at_end()) {
    uint64_t size;
    std::string_view item_bytes;
    if (!in.varint(size) || !in.take(size, item_bytes)) {
      why = fmt::format("list item {} truncated", items.size());
      return false;
    }
    ir::Value item;
    if (!read_value_payload(item_bytes, item, depth + 1, why)) return false;
    items.push_back(std::move(item));
  }
  value = ir::Value::list_of(std::move(items));
  return true;
}

// A typed value: its kind code and payload (put_value_payload).
bool read_value_payload(std::string_view bytes, ir::Value& value, int depth, std::string& why) {
  Cursor in(bytes);
  uint64_t code;
  if (!in.varint(code)) {
    why = "value kind truncated";
    return false;
  }
  if (code == kStringCode) {
    value = ir::Value::string(std::string(in.rest()));
    return true;
  }
  if (code == kListCode) return read_list(in, value, depth, why);
  if (code == kUnsetCode) {
    value = ir::Value::unset();
  } else if (code == kNumberCode) {
    uint64_t bits;
    if (!in.fixed64(bits)) {
      why = "number truncated";
      return false;
    }
    value = ir::Value::number(std::bit_cast<double>(bits));
  } else {
    uint64_t raw;
    if (!in.varint(raw)) {
      why = "value truncated";
      return false;
    }
    int64_t x = unzigzag(raw);
    switch (code) {
      case kBoolCode:
        if (x != 0 && x != 1) {
          why = fmt::format("bool value {} is neither 0 nor 1", x);
          return false;
        }
        value = ir::Value::boolean(x == 1);
        break;
      case kIntCode: value = ir::Value::integer(x); break;
      case kDateCode: value = ir::Value::date(x); break;
      case kDateTimeCode: value = ir::Value::datetime(x); break;
      case kDurationCode: value = ir::Value::duration(x); break;
      case kConsentCode:
        if (x < 0 || x > static_cast<int64_t>(ir::Consent::Unsubscribed)) {
          why = fmt::format("consent value {} is not a consent status", x);
          return false;
        }
        value = ir::Value::consent(static_cast<ir::Consent>(x));
        break;
      default: why = fmt::format("unknown value kind {}", code); return false;
    }
  }
  if (!in.at_end()) {
    why = fmt::format("{} bytes after the value", in.left());
    return false;
  }
  return true;
}

const char* wire_name(uint8_t wire) {
  switch (wire) {
    case kVarint: return "a varint";
    case kFixed64: return "8 bytes";
    case kBytes: return "a length and bytes";
  }
  return "an unknown wire type";
}

class Reader {
 public:
  Reader(std::string_view bytes, DecodeContext& context) : in_(bytes), context_(context) { next(); }

  template <class T> void operator()(uint32_t tag, const char* name, T& x) {
    while (have_ && current_.tag < tag) skip();  // a tag this flowc does not know
    if constexpr (!is_vector<T>) {
      // The writer leaves out zero fields, so an absent field is zero, even
      // where the struct's C++ default is not (-1 for "none").
      if (!have_ || current_.tag != tag) set_zero(x);
    }
    while (have_ && current_.tag == tag && !context_.failed()) {
      if constexpr (is_vector<T>) {
        context_.path.steps.push_back({name, static_cast<int64_t>(x.size())});
        if (current_.truncation.empty()) read(x.emplace_back());
      } else {
        context_.path.steps.push_back({name, -1});
        if (current_.truncation.empty()) read(x);
      }
      if (!current_.truncation.empty()) context_.fail(current_.truncation);
      if (!context_.failed()) context_.path.steps.pop_back();
      next();
    }
  }

  // Reads the fields after the last known one (they are skipped, but a
  // damaged one still fails).
  void finish() {
    while (have_) skip();
  }

 private:
  struct Field {
    uint32_t tag = 0;
    uint8_t wire = 0;
    uint64_t number = 0;     // kVarint, kFixed64
    std::string_view bytes;  // kBytes
    std::string truncation;  // why the payload could not be read, "" when it was
  };

  // Reads the next field's key and payload. A payload cut short is not an
  // error yet: the field is marked, and reported under its name when the
  // struct's walk reaches it (or by number, if this flowc does not know it).
  void next() {
    have_ = false;
    if (context_.failed() || in_.at_end()) return;
    uint64_t key;
    if (!in_.varint(key)) return context_.fail("a field key is truncated");
    if ((key >> 3) == 0 || (key >> 3) > UINT32_MAX) return context_.fail(fmt::format("field tag {} is out of range", key >> 3));
    current_ = Field{};
    current_.tag = static_cast<uint32_t>(key >> 3);
    current_.wire = key & 7;
    switch (current_.wire) {
      case kVarint:
        if (!in_.varint(current_.number)) current_.truncation = "truncated";
        break;
      case kFixed64:
        if (!in_.fixed64(current_.number)) current_.truncation = fmt::format("truncated: 8 bytes needed, {} left", in_.left());
        break;
      case kBytes: {
        uint64_t size;
        if (!in_.varint(size)) current_.truncation = "truncated";
        else if (!in_.take(size, current_.bytes))
          current_.truncation = fmt::format("truncated: {} bytes needed, {} left", size, in_.left());
        break;
      }
      default:
        return context_.fail(fmt::format("field {} has wire type {}, which no flowc writes", current_.tag, current_.wire));
    }
    if (!current_.truncation.empty()) in_.rest();  // nothing after a cut field is a field
    have_ = true;
  }

  // Moves past a field this flowc does not know.
  void skip() {
    if (!current_.truncation.empty()) {
      have_ = false;
      return context_.fail(fmt::format("field {} is {}", current_.tag, current_.truncation));
    }
    next();
  }

  template <class T> void set_zero(T& x) {
    if constexpr (std::is_arithmetic_v<T> || std::is_enum_v<T> || std::is_same_v<T, std::string> ||
                  std::is_same_v<T, ir::Value>) {
      x = T{};
    } else {
      Reader empty(std::string_view(), context_);
      fields(empty, x);
    }
  }

  bool expect(Wire wire) {
    if (current_.wire == wire) return true;
    context_.fail(fmt::format("stored as {}, expected {}", wire_name(current_.wire), wire_name(wire)));
    return false;
  }

  template <class T> void read(T& x) {
    if constexpr (std::is_same_v<T, double>) {
      if (expect(kFixed64)) x = std::bit_cast<double>(current_.number);
    } else if constexpr (std::is_same_v<T, bool>) {
      if (!expect(kVarint)) return;
      if (current_.number > 1) return context_.fail(fmt::format("bool value {} is neither 0 nor 1", current_.number));
      x = current_.number == 1;
    } else if constexpr (std::is_signed_v<T> && is_integer<T>) {
      if (expect(kVarint)) x = unzigzag(current_.number);
    } else if constexpr (is_integer<T>) {
      if (!expect(kVarint)) return;
      if (current_.number > std::numeric_limits<T>::max())
        return context_.fail(fmt::format("{} is out of range", current_.number));
      x = static_cast<T>(current_.number);
    } else if constexpr (std::is_enum_v<T>) {
      if (!expect(kVarint)) return;
      if (current_.number >= enum_count(T{})) return context_.fail(fmt::format("{} is not a known value", current_.number));
      x = static_cast<T>(current_.number);
    } else if constexpr (std::is_same_v<T, std::string>) {
      if (expect(kBytes)) x.assign(current_.bytes);
    } else if constexpr (std::is_same_v<T, ir::Value>) {
      if (!expect(kBytes)) return;
      std::string why;
      if (!read_value_payload(current_.bytes, x, 0, why)) context_.fail(why);
    } else {
      if (!expect(kBytes)) return;
      Reader inner(current_.bytes, context_);
      fields(inner, x);
      inner.finish();
    }
  }

  Cursor in_;
  DecodeContext& context_;
  Field current_;
  bool have_ = false;
};

// ---------------------------------------------------------------- records

template <class Record> struct RecordKind;
#define FLOWC_STATE_RECORD(Type, code, name_text)            \
  template <> struct RecordKind<Type> {                      \
    static constexpr uint8_t kCode = code;                   \
    static constexpr const char* kName = name_text;          \
  };
FLOWC_STATE_RECORD(ProfileState, kProfileRecordKind, "profile")
FLOWC_STATE_RECORD(GlobalState, 2, "globals")
FLOWC_STATE_RECORD(ReportState, 3, "report")
FLOWC_STATE_RECORD(CheckpointState, 4, "checkpoint")
FLOWC_STATE_RECORD(SendState, 5, "send")
FLOWC_STATE_RECORD(OriginState, 6, "origin")
FLOWC_STATE_RECORD(PriceState, 7, "price")
FLOWC_STATE_RECORD(InputErrorState, 8, "input error")
FLOWC_STATE_RECORD(FormatState, 9, "format")
#undef FLOWC_STATE_RECORD

}  // namespace

template <class Record> std::string encode(const Record& record) {
  std::string out;
  encode_into(record, out);
  return out;
}

template <class Record> void encode_into(const Record& record, std::string& out) {
  out.clear();
  out.push_back(static_cast<char>(RecordKind<Record>::kCode));
  put_varint(out, kRecordVersion);
  put_length_prefixed(out, [&] {
    Writer body(out);
    fields(body, const_cast<Record&>(record));  // the writer only reads
  });
}

template <class Record> bool decode(std::string_view bytes, Record& record, std::string& error) {
  constexpr const char* kName = RecordKind<Record>::kName;
  Cursor header(bytes);
  std::string_view kind;
  uint64_t version;
  if (!header.take(1, kind)) {
    error = fmt::format("the {} record is empty", kName);
    return false;
  }
  if (static_cast<uint8_t>(kind[0]) != RecordKind<Record>::kCode) {
    error = fmt::format("record kind {} where a {} record ({}) belongs", static_cast<uint8_t>(kind[0]), kName,
                        RecordKind<Record>::kCode);
    return false;
  }
  if (!header.varint(version)) {
    error = fmt::format("the {} record's version is truncated", kName);
    return false;
  }
  if (version == 0 || version > kRecordVersion) {
    error = fmt::format("{} record version {} is not one this flowc reads (1 to {})", kName, version, kRecordVersion);
    return false;
  }
  uint64_t size;
  if (!header.varint(size)) {
    error = fmt::format("the {} record's length is truncated", kName);
    return false;
  }
  std::string_view body = header.rest();
  record = Record{};
  DecodeContext context;
  Reader reader(body, context);
  fields(reader, record);
  reader.finish();
  if (body.size() == size && !context.failed()) return true;
  if (body.size() > size)
    error = fmt::format("{} record: {} bytes after its end", kName, body.size() - size);
  else if (body.size() < size)  // a cut at a field boundary decodes: the length tells
    error = fmt::format("{} record: truncated ({} of {} bytes){}", kName, body.size(), size,
                        context.failed() ? ": " + context.error : "");
  else
    error = fmt::format("{} record: {}", kName, context.error);
  return false;
}

#define FLOWC_STATE_INSTANTIATE(Type)                                                   \
  template std::string encode<Type>(const Type&);                                      \
  template void encode_into<Type>(const Type&, std::string&);                          \
  template bool decode<Type>(std::string_view, Type&, std::string&);
FLOWC_STATE_INSTANTIATE(ProfileState)
FLOWC_STATE_INSTANTIATE(GlobalState)
FLOWC_STATE_INSTANTIATE(ReportState)
FLOWC_STATE_INSTANTIATE(CheckpointState)
FLOWC_STATE_INSTANTIATE(SendState)
FLOWC_STATE_INSTANTIATE(OriginState)
FLOWC_STATE_INSTANTIATE(PriceState)
FLOWC_STATE_INSTANTIATE(InputErrorState)
FLOWC_STATE_INSTANTIATE(FormatState)
#undef FLOWC_STATE_INSTANTIATE

}  // namespace flowc::state
