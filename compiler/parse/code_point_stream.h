// ANTLR's character stream over code points flowc has already decoded.
//
// `SourceFile` keeps every file as code points (invalid UTF-8 replaced by
// U+FFFD). Handing ANTLR those code points directly, instead of re-encoding
// them as UTF-8 for `antlr4::ANTLRInputStream` to decode again, saves most
// of the parser's memory for the text: the ANTLR 4.9 runtime decodes with
// `std::wstring_convert`, which sizes its buffer for the worst case and
// never shrinks it, so the stream held about 20 bytes per source byte for
// the whole parse (heaptrack: 20 MB of the 88 MB peak of `flowc check` on
// a 1 MB program). This holds exactly 4 bytes per code point, and ANTLR
// sees the same characters as before.
#pragma once

#include <string_view>

#include "antlr4-runtime.h"

namespace flowc::parse {

class CodePointStream : public antlr4::ANTLRInputStream {
 public:
  explicit CodePointStream(std::u32string_view code_points) { _data.assign(code_points.begin(), code_points.end()); }
};

}  // namespace flowc::parse
