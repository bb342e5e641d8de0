// Where program files may come from and what they may be (docs/language.md,
// "Where program files may come from"): the cases git cannot hold, made at
// test time (a FIFO, a file over 16 MiB, a chain of 20,000 imports, a
// project folder for `--allow-path`), and the command line's answers. The
// fixed cases (traversal, absolute paths, symlinks, folders) are golden
// cases under tests/check/.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "check/check.h"
#include "driver/load.h"
#include "golden.h"

namespace fs = std::filesystem;
using flowc::testing::run_command;
using flowc::testing::run_golden;

namespace {

// A fresh, empty folder for one test.
fs::path scratch(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("flowc-files-" + std::to_string(::getpid()) + "-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// `flowc ARGS` with standard error captured; never waits more than a minute,
// so a read that blocks (the defect) fails the test instead of hanging it.
int run_flowc(const std::string& args, std::string* output = nullptr) {
  return run_command("timeout 60 " + std::string(FLOWC_BINARY) + " " + args + " 2>&1 </dev/null", output);
}

// A program that sends one email, given the list Newsletter.
const std::string kWelcome =
    "account { name \"Shop\" timezone \"UTC\" sender email \"Shop\" \"hello@shop.example\" }\n"
    "email welcome { subject \"Hi\" body \"Hi {{ unsubscribe_link }}\" }\n"
    "flow Welcome { trigger list Newsletter status live send email welcome }\n";

const std::string kReceipt =
    "metric \"Placed Order\" { value: number }\n"
    "email receipt {\n"
    "  subject \"Your receipt\"\n"
    "  body file \"BODY\"   # expect: error CODE\n"
    "  transactional true\n"
    "}\n"
    "flow Receipt {\n"
    "  trigger metric \"Placed Order\"\n"
    "  status live\n"
    "  send email receipt\n"
    "}\n";

// A program whose one message takes its body from `body`, expecting `code` there.
std::string receipt_with_body_file(const std::string& body, const std::string& code) {
  std::string text = kReceipt;
  text.replace(text.find("BODY"), 4, body);
  text.replace(text.find("CODE"), 4, code);
  return text;
}

}  // namespace

TEST_CASE("files: a FIFO as import, body file or root file is refused without blocking", "[files]") {
  fs::path dir = scratch("fifo");
  REQUIRE(::mkfifo((dir / "pipe.flow").c_str(), 0600) == 0);
  REQUIRE(::mkfifo((dir / "pipe.html").c_str(), 0600) == 0);
  write(dir / "main.flow", "import \"pipe.flow\"   # expect: error E091\n" + receipt_with_body_file("pipe.html", "E091"));
  // In-process: a blocking open or read here would hang the test binary.
  flowc::testing::GoldenResult golden = run_golden((dir / "main.flow").string());
  INFO(golden.diff() << golden.rendered);
  CHECK(golden.matches());

  std::string out;
  CHECK(run_flowc("check " + (dir / "main.flow").string(), &out) == 1);
  CHECK(contains(out, "error[E091]: `pipe.flow` is not a regular file"));
  CHECK(run_flowc("check " + (dir / "pipe.flow").string(), &out) == 3);
  CHECK(contains(out, "pipe.flow` is not a regular file") == false);  // the root's message is worded for the command line
  CHECK(contains(out, "cannot read `" + (dir / "pipe.flow").string() + "`: it is not a regular file"));
  fs::remove_all(dir);
}

TEST_CASE("files: /dev/zero is refused as a root file and, when its folder is allowed, as an import", "[files]") {
  std::string out;
  CHECK(run_flowc("check /dev/zero", &out) == 3);
  CHECK(contains(out, "cannot read `/dev/zero`: it is not a regular file"));
  CHECK(run_flowc("run /dev/zero --events /dev/null", &out) == 3);
  CHECK(run_flowc("dump-ast /dev/zero", &out) == 3);

  fs::path dir = scratch("zero");
  write(dir / "main.flow", "import \"/dev/zero\"\nlist Newsletter\n");
  CHECK(run_flowc("check --allow-path /dev " + (dir / "main.flow").string(), &out) == 1);
  CHECK(contains(out, "error[E091]: `/dev/zero` is not a regular file"));
  fs::remove_all(dir);
}

TEST_CASE("files: an import or body file over 16 MiB is refused, and so is such a root file", "[files]") {
  fs::path dir = scratch("large");
  // Sparse files: the size is what counts, and nothing of it is read.
  for (const char* name : {"big.flow", "big.html"}) {
    write(dir / name, "");
    fs::resize_file(dir / name, flowc::driver::kMaxProgramFileBytes + 1);
  }
  write(dir / "exact.flow", "list Exact\n");
  fs::resize_file(dir / "exact.flow", flowc::driver::kMaxProgramFileBytes);  // at the cap: read (NULs are E001)
  write(dir / "main.flow", "import \"big.flow\"   # expect: error E092\n" + receipt_with_body_file("big.html", "E092"));
  flowc::testing::GoldenResult golden = run_golden((dir / "main.flow").string());
  INFO(golden.diff() << golden.rendered);
  CHECK(golden.matches());

  std::string text;
  CHECK(flowc::driver::read_program_file((dir / "exact.flow").string(), text) == flowc::driver::FileProblem::kNone);
  CHECK(text.size() == flowc::driver::kMaxProgramFileBytes);

  std::string out;
  CHECK(run_flowc("check " + (dir / "big.flow").string(), &out) == 3);
  CHECK(contains(out, "it is larger than 16 MiB"));
  fs::remove_all(dir);
}

TEST_CASE("files: a chain of 20,000 imports loads without deep recursion; a cycle at its end is E004", "[files]") {
  fs::path dir = scratch("chain");
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    std::string next = i + 1 < n ? "import \"f" + std::to_string(i + 1) + ".flow\"\n" : "";
    write(dir / ("f" + std::to_string(i) + ".flow"), next + "list L" + std::to_string(i) + "\n");
  }
  // Through the binary: on a stack overflow the test reports the crash instead of dying with it.
  std::string out;
  // No time limit here (nothing can block; a loaded machine takes long): the exit code is what counts.
  CHECK(run_command(std::string(FLOWC_BINARY) + " check " + (dir / "f0.flow").string() + " 2>&1", &out) == 0);
  INFO(out.substr(0, 2000));

  // Declarations in load order: the root first, then depth-first.
  flowc::SourceManager sources;
  flowc::DiagnosticSink sink;
  write(dir / ("f" + std::to_string(n - 1) + ".flow"), "import \"f0.flow\"\nlist Last\n");
  flowc::driver::LoadResult load = flowc::driver::load_program({(dir / "f0.flow").string()}, sources, sink);
  REQUIRE(load.program.files.size() == static_cast<size_t>(n));
  CHECK(fs::path(sources.file(load.program.files[1].file_id).path()).filename() == "f1.flow");
  CHECK(fs::path(sources.file(load.program.files[n - 1].file_id).path()).filename() == "f19999.flow");
  REQUIRE(sink.diagnostics().size() == 1);
  CHECK(sink.diagnostics()[0].code() == std::string("E004"));
  fs::remove_all(dir);
}

TEST_CASE("files: `../common` works inside an allowed folder; --allow-path admits a project folder", "[files]") {
  fs::path proj = scratch("project");
  write(proj / "common" / "lists.flow", "list Newsletter\n");
  write(proj / "flows" / "main.flow",
"import \"../common/lists.flow\"\n" + kWelcome);
  std::string main = (proj / "flows" / "main.flow").string();
  std::string out;
  // The root's folder is proj/flows: proj/common lies outside it.
  CHECK(run_flowc("check " + main, &out) == 1);
  CHECK(contains(out, "error[E090]: `../common/lists.flow` is `" + fs::canonical(proj / "common" / "lists.flow").string()));
  CHECK(contains(out, "the allowed folders are `" + fs::canonical(proj / "flows").string() + "`"));
  CHECK(contains(out, "--allow-path"));
  // Allowing proj/ (an option that takes one folder each time, not the files after it).
  CHECK(run_flowc("check --allow-path " + proj.string() + " " + main, &out) == 0);
  CHECK(run_flowc("check " + main + " --allow-path " + (proj / "common").string(), &out) == 0);
  CHECK(run_flowc("build --allow-path " + proj.string() + " " + main + " -o " + (proj / "m.fmod").string(), &out) == 0);
  CHECK(run_flowc("graph --allow-path " + proj.string() + " " + main + " --flow Welcome", &out) == 0);
  // Still nothing outside what was allowed.
  write(proj / "flows" / "escape.flow", "import \"../../outside.flow\"   # expect: error E090\n");
  CHECK(run_flowc("check --allow-path " + proj.string() + " " + (proj / "flows" / "escape.flow").string(), &out) == 1);
  CHECK(contains(out, "E090"));
  // A folder that does not exist is a bad command line.
  CHECK(run_flowc("check --allow-path " + (proj / "nowhere").string() + " " + main, &out) == 2);
  fs::remove_all(proj);
}

TEST_CASE("files: a .flowtest's program may read from its own folder, and with --allow-path from more", "[files]") {
  fs::path proj = scratch("flowtest");
  write(proj / "common" / "lists.flow", "list Newsletter\n");
  write(proj / "app" / "main.flow",
"import \"../common/lists.flow\"\n" + kWelcome);
  write(proj / "tests" / "welcome.flowtest",
        "program \"../app/main.flow\"\n"
        "test \"nothing happens without events\" {\n"
        "  run settle\n"
        "  expect p1 receives nothing on email\n"
        "}\n");
  std::string test_file = (proj / "tests" / "welcome.flowtest").string();
  std::string out;
  CHECK(run_flowc("test " + test_file, &out) == 1);
  CHECK(contains(out, "E090"));
  CHECK(run_flowc("test --allow-path " + proj.string() + " " + test_file, &out) == 0);
  INFO(out);
  fs::remove_all(proj);
}
