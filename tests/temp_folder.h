// A fresh folder under the system temp directory for one test binary run,
// removed when the test is done. The name carries the process id so two
// test runs on one machine do not share it.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>

namespace flowc::testing {

struct TempFolder {
  std::filesystem::path path;

  explicit TempFolder(const std::string& prefix)
      : path(std::filesystem::temp_directory_path() / (prefix + "-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempFolder() { std::filesystem::remove_all(path); }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;

  std::string operator/(const std::string& name) const { return (path / name).string(); }
};

}  // namespace flowc::testing
