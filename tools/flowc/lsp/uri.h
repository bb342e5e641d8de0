// file:// URIs (how LSP names documents) to paths and back.
#pragma once

#include <string>

namespace flowc::lsp {

// The path of a file:// URI, percent-decoded; a URI of another scheme
// (untitled:...) is returned as it is, to serve as a name.
std::string uri_to_path(const std::string& uri);

// A file:// URI for an absolute path; characters outside the unreserved set
// and `/` are percent-encoded.
std::string path_to_uri(const std::string& path);

}  // namespace flowc::lsp
