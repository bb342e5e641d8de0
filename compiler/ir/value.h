// Run-time values, shared by the IR (constants), the VM and the runtime.
//
// A Value is 24 bytes: a kind, an integer payload, and either a number or a
// pointer to an immutable, reference-counted string or list. Copying a
// string or list value only bumps the count, so constants are shared by
// every evaluation and a profile's properties cost 24 bytes a slot (not the
// 56 two std::shared_ptr members would). Times are UTC seconds since 1970;
// dates are days since 1970-01-01; durations are seconds.
//
// The JIT's inline fast paths rely on this layout (runtime/jit/lowering.cpp):
// a value whose kind is neither String nor List owns nothing, so its three
// fields may be written directly; the all-zero bytes are the unset value.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace flowc::ir {

enum class ValueKind : uint8_t { Unset, Bool, Int, Number, String, Date, DateTime, Duration, Consent, List };

// Consent statuses, in the order of the language's enum.
enum class Consent : uint8_t { NeverSubscribed = 0, Subscribed = 1, Unsubscribed = 2 };
const char* consent_name(Consent c);

struct Value;

namespace detail {
// The heap part of a String or List value: immutable once made, freed when
// the last value pointing at it goes.
struct Shared {
  mutable std::atomic<uint32_t> refs{1};
  virtual ~Shared() = default;
};
struct SharedString final : Shared {
  explicit SharedString(std::string t) : text(std::move(t)) {}
  const std::string text;
};
struct SharedList final : Shared {
  explicit SharedList(std::vector<Value> v);
  // Defined below Value: clang needs Value complete to destroy the vector.
  ~SharedList() override;
  const std::vector<Value> items;
};
}  // namespace detail

struct Value {
  ValueKind kind = ValueKind::Unset;
  int64_t i = 0;  // Bool (0/1), Int, Date (days), DateTime (seconds), Duration (seconds), Consent
  union {
    double n = 0;                  // Number
    const detail::Shared* shared;  // String, List
  };

  Value() = default;
  Value(const Value& o) noexcept : kind(o.kind), i(o.i) {
    std::memcpy(&n, &o.n, sizeof n);
    if (owns()) shared->refs.fetch_add(1, std::memory_order_relaxed);
  }
  Value(Value&& o) noexcept : kind(o.kind), i(o.i) {
    std::memcpy(&n, &o.n, sizeof n);
    o.kind = ValueKind::Unset;
    o.i = 0;
    o.n = 0;
  }
  Value& operator=(const Value& o) noexcept {
    if (this != &o) {
      Value copy(o);
      swap(copy);
    }
    return *this;
  }
  Value& operator=(Value&& o) noexcept {
    if (this != &o) {
      Value moved(std::move(o));
      swap(moved);
    }
    return *this;
  }
  ~Value() { release(); }

  static Value unset() { return {}; }
  static Value boolean(bool b) { Value v; v.kind = ValueKind::Bool; v.i = b; return v; }
  static Value integer(int64_t x) { Value v; v.kind = ValueKind::Int; v.i = x; return v; }
  static Value number(double x) { Value v; v.kind = ValueKind::Number; v.n = x; return v; }
  // The heap part is made before the Value is marked as owning it: were
  // `new` to throw after the kind was set, the Value's destructor would
  // release a pointer never set (GCC 12 at -O3 warned of exactly that).
  static Value string(std::string x) {
    detail::Shared* part = new detail::SharedString(std::move(x));
    Value v; v.kind = ValueKind::String; v.shared = part; return v;
  }
  static Value date(int64_t days) { Value v; v.kind = ValueKind::Date; v.i = days; return v; }
  static Value datetime(int64_t seconds) { Value v; v.kind = ValueKind::DateTime; v.i = seconds; return v; }
  static Value duration(int64_t seconds) { Value v; v.kind = ValueKind::Duration; v.i = seconds; return v; }
  static Value consent(Consent c) { Value v; v.kind = ValueKind::Consent; v.i = static_cast<int64_t>(c); return v; }
  static Value list_of(std::vector<Value> items) {
    detail::Shared* part = new detail::SharedList(std::move(items));
    Value v; v.kind = ValueKind::List; v.shared = part; return v;
  }

  bool is_set() const { return kind != ValueKind::Unset; }
  bool truthy() const { return kind == ValueKind::Bool && i != 0; }  // unset counts as false
  double as_number() const { return kind == ValueKind::Number ? n : static_cast<double>(i); }
  // Whether the value points at a heap part (String, List).
  bool owns() const { return kind == ValueKind::String || kind == ValueKind::List; }
  const std::string& str() const;           // "" unless String
  const std::vector<Value>& items() const;  // empty unless List

  // The value as a kind and one 8-byte payload: the number's bits for a
  // Number, the heap part's address for a String or List, `i` otherwise
  // (0 for Unset). The typed layout (runtime/vm/typed_view.h) stores values
  // this way; from_payload() is the copy that reads one back (a String or
  // List shares the stored heap part).
  uint64_t payload() const {
    uint64_t bits = static_cast<uint64_t>(i);
    if (kind == ValueKind::Number || owns()) std::memcpy(&bits, &n, sizeof bits);
    return bits;
  }
  static Value from_payload(ValueKind kind, uint64_t bits) {
    Value v;
    v.kind = kind;
    if (kind == ValueKind::Number || v.owns()) {
      std::memcpy(&v.n, &bits, sizeof bits);
      if (v.owns()) v.shared->refs.fetch_add(1, std::memory_order_relaxed);
    } else if (kind != ValueKind::Unset) {
      v.i = static_cast<int64_t>(bits);
    }
    return v;
  }

 private:
  void swap(Value& o) noexcept {
    std::swap(kind, o.kind);
    std::swap(i, o.i);
    double t;
    std::memcpy(&t, &n, sizeof t);
    std::memcpy(&n, &o.n, sizeof t);
    std::memcpy(&o.n, &t, sizeof t);
  }
  void release() noexcept {
    if (owns() && shared->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) delete shared;
  }
};

inline detail::SharedList::SharedList(std::vector<Value> v) : items(std::move(v)) {}
inline detail::SharedList::~SharedList() = default;

// Inline: every string comparison and template part reads them.
namespace detail {
inline const std::string kNoText;
inline const std::vector<Value> kNoItems;
}  // namespace detail
inline const std::string& Value::str() const {
  return kind == ValueKind::String ? static_cast<const detail::SharedString*>(shared)->text : detail::kNoText;
}
inline const std::vector<Value>& Value::items() const {
  return kind == ValueKind::List ? static_cast<const detail::SharedList*>(shared)->items : detail::kNoItems;
}

// Equality as the language's `==` sees it (int/number compare by value);
// false when either side is unset.
bool values_equal(const Value& a, const Value& b);

// A value as a template prints it: unset prints nothing, numbers without
// trailing zeros, dates as YYYY-MM-DD, datetimes as YYYY-MM-DD HH:MM (UTC).
std::string display(const Value& v);

// A duration as the language writes it, largest unit first: "5d",
// "1d 12h", "0s" (how a duration value prints).
std::string duration_text(int64_t seconds);

// A proleptic Gregorian date from days since 1970-01-01 (H. Hinnant's
// civil_from_days), clamped so absurd inputs cannot overflow.
struct Civil {
  int64_t year;
  unsigned month, day;
};
Civil civil_from_days(int64_t days);

// A value as JSON text (for activity records and dumps).
std::string to_json(const Value& v);

}  // namespace flowc::ir
