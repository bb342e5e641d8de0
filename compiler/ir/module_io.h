// The module file format of `flowc build`: a header (magic "FLWC", format
// version, payload size, xxHash64 checksum of the payload) followed by the
// serialised Module. Reading checks all four and refuses a file written by
// another format version with a message that says which.
#pragma once

#include <string>

#include "ir/module.h"

namespace flowc::ir {

std::string serialize(const Module& module);

// Returns false and sets `error` (a sentence for the user) when the bytes are
// not a valid module of this version.
bool deserialize(const std::string& bytes, Module& module, std::string& error);

// Whether the bytes start with the module magic (to tell modules from sources).
bool looks_like_module(const std::string& bytes);

}  // namespace flowc::ir
