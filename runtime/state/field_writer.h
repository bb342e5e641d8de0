// Writes a record's fields straight from the caller's data, in exactly the
// bytes encode() (encoding.h) gives the same content as a struct: for a
// record too costly to build as a struct first. A checkpoint of a million
// profiles spent most of its export building ProfileStates (a string per
// name, a vector per list) only to encode and free them
// (bench/README.md, "sixth pass"); engine/export_state.cpp writes each
// profile's record with this instead.
//
// The caller writes the fields in ascending tag order, as schema.h numbers
// them, each with its field's type: text for strings, unsigned_int for
// unsigned integers and enums, signed_int for signed integers (zigzag),
// flag, number, value. A singular field holding its default is left out,
// as encode() does; list elements (the `_element` forms and element()) are
// always written. tests/engine_export_test.cpp checks every record the
// engine writes is exactly encode() of what it decodes to (order, defaults,
// wire types); a signed field written unsigned would survive that check,
// so each call's type must follow logical.h.
#pragma once

#include <bit>
#include <cstdint>
#include <string>
#include <string_view>

#include "ir/value.h"
#include "state/encoding.h"
#include "state/wire.h"

namespace flowc::state {

// The record kind of a profile's record (the first byte of encode(ProfileState)).
inline constexpr uint8_t kProfileRecordKind = 1;

class FieldWriter {
 public:
  explicit FieldWriter(std::string& out) : out_(out) {}

  // A whole record into `out` (replacing its content): kind byte, record
  // version, length, then the fields `body(FieldWriter&)` writes.
  template <class Body> static void record(std::string& out, uint8_t kind, Body&& body) {
    out.clear();
    out.push_back(static_cast<char>(kind));
    wire::put_varint(out, kRecordVersion);
    wire::put_length_prefixed(out, [&] {
      FieldWriter fields(out);
      body(fields);
    });
  }

  // Singular fields, left out when they hold their default ("", 0, false,
  // +0.0, unset).
  void text(uint32_t tag, std::string_view s) {
    if (!s.empty()) text_element(tag, s);
  }
  void unsigned_int(uint32_t tag, uint64_t x) {
    if (x != 0) unsigned_element(tag, x);
  }
  void signed_int(uint32_t tag, int64_t x) {
    if (x != 0) signed_element(tag, x);
  }
  void flag(uint32_t tag, bool b) {
    if (b) unsigned_element(tag, 1);
  }
  void number(uint32_t tag, double d) {
    if (std::bit_cast<uint64_t>(d) == 0) return;
    wire::put_key(out_, tag, wire::kFixed64);
    wire::put_fixed64(out_, std::bit_cast<uint64_t>(d));
  }
  void value(uint32_t tag, const ir::Value& v) {
    if (v.is_set()) value_element(tag, v);
  }

  // List elements: written whatever they hold.
  void text_element(uint32_t tag, std::string_view s) {
    wire::put_key(out_, tag, wire::kBytes);
    wire::put_varint(out_, s.size());
    out_.append(s);
  }
  void unsigned_element(uint32_t tag, uint64_t x) {
    wire::put_key(out_, tag, wire::kVarint);
    wire::put_varint(out_, x);
  }
  void signed_element(uint32_t tag, int64_t x) { unsigned_element(tag, wire::zigzag(x)); }
  void value_element(uint32_t tag, const ir::Value& v) {
    wire::put_key(out_, tag, wire::kBytes);
    wire::put_length_prefixed(out_, [&] { wire::put_value_payload(out_, v); });
  }
  // A struct in a list: its fields as `body(FieldWriter&)` writes them.
  template <class Body> void element(uint32_t tag, Body&& body) {
    wire::put_key(out_, tag, wire::kBytes);
    wire::put_length_prefixed(out_, [&] { body(*this); });
  }

 private:
  std::string& out_;
};

}  // namespace flowc::state
