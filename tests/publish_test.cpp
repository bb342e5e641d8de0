// `flowc publish` against a real NATS server (nats_server.h): the example
// month lands on the partitions the router names, in order, with its
// message ids; publishing it again adds nothing; bad lines are reported as
// `flowc run` reports them; the partition count is fixed; a server that is
// not there is a failed write.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "events/reader.h"
#include "flowc_command.h"
#include "in_process.h"
#include "nats_server.h"
#include "partition/router.h"

using namespace flowc;
using namespace flowc::testing;

namespace {

std::string header(const nats::StoredMessage& m, const std::string& name) {
  for (const auto& [key, value] : m.headers)
    if (key == name) return value;
  return "";
}

// What the router makes of the example month: (subject, message id) in
// publishing order.
std::vector<std::pair<std::string, std::string>> expected_messages(const std::string& stream, uint32_t partitions,
                                                                   bool drain) {
  auto program = program_file(kExampleProgram);
  std::istringstream nothing;
  events::EventReader reader(program->module, nothing);
  partition::Router router(partitions);
  std::vector<partition::Delivery> deliveries;
  std::ifstream in(kExampleMonth, std::ios::binary);
  std::string line;
  events::Record record;
  events::InputError error;
  while (std::getline(in, line))
    if (reader.decode_line(line, !in.eof(), record, error) == events::EventReader::Result::Record)
      router.route(record, line, deliveries);
  if (drain) router.end(deliveries);
  std::vector<std::pair<std::string, std::string>> out;
  for (const partition::Delivery& d : deliveries)
    out.emplace_back(stream + ".in." + std::to_string(d.partition), d.message_id);
  return out;
}

// A server for one test; null, with a warning, where nats-server is not
// installed (the test is then skipped).
std::unique_ptr<NatsServer> start_server(const std::string& name) {
  auto server = std::make_unique<NatsServer>(name);
  if (server->available()) return server;
  WARN("nats-server is not installed (Debian nats-server): skipped");
  return nullptr;
}

}  // namespace

TEST_CASE("flowc publish: the example month over three partitions, and again", "[nats]") {
  const auto server = start_server("flowc-publish-test");
  if (!server) return;
  TempFolder scratch("flowc-publish-scratch");
  const std::string args = "publish " + kExampleProgram + " " + kExampleMonth + " --nats " + server->url() +
                           " --stream MONTH --partitions 3 --drain";
  FlowcResult first = run_flowc(args, scratch);
  INFO(first.err);
  REQUIRE(first.status == 0);
  // The month's deliberate bad lines, as `flowc run` words them.
  CHECK(first.err.find("acme-month.ndjson:3230: bad record: missing required field `time`") != std::string::npos);

  const auto expected = expected_messages("MONTH", 3, true);
  auto js = server->connect();
  const std::optional<nats::StreamInfo> info = js->stream_info("MONTH");
  REQUIRE(info);
  CHECK(info->description == "flowc partitions=3");
  REQUIRE(info->messages == expected.size());
  CHECK(first.err.find(std::to_string(expected.size()) + " new, 0 already there") != std::string::npos);
  size_t lines_with_headers = 0, copies = 0;
  for (uint64_t seq = 1; seq <= info->last_sequence; ++seq) {
    std::optional<nats::StoredMessage> m = js->get("MONTH", seq);
    REQUIRE(m);
    INFO("message " << seq);
    CHECK(m->subject == expected[seq - 1].first);
    CHECK(header(*m, "Nats-Msg-Id") == expected[seq - 1].second);
    if (!header(*m, "Flowc-Line").empty()) ++lines_with_headers;
    if (header(*m, "Flowc-Copies") == "3") ++copies;
  }
  CHECK(lines_with_headers > 6000);  // every record says which line it was
  CHECK(copies > 0);                 // prices and engagements went to every partition
  CHECK(copies % 3 == 0);

  // The same file again: every message is a repeat the server drops.
  FlowcResult second = run_flowc(args, scratch);
  INFO(second.err);
  CHECK(second.status == 0);
  CHECK(second.err.find("0 new, " + std::to_string(expected.size()) + " already there") != std::string::npos);
  CHECK(js->stream_info("MONTH")->messages == expected.size());

  // The count of partitions is the stream's.
  FlowcResult other = run_flowc("publish " + kExampleProgram + " " + kExampleMonth + " --nats " + server->url() +
                                    " --stream MONTH --partitions 2",
                                scratch);
  CHECK(other.status == 2);
  CHECK(other.err.find("stream `MONTH` has 3 partitions, not 2") != std::string::npos);
}

TEST_CASE("flowc publish: two identical lines stay two; a bad stream name and no server are errors", "[nats]") {
  const auto server = start_server("flowc-publish-twice");
  if (!server) return;
  TempFolder scratch("flowc-publish-twice-scratch");
  const std::string line =
      R"({"type":"event","time":"2026-11-01T10:00:00Z","profile":"ada","metric":"Viewed Product","properties":{"product_id":"p1","product_name":"Vanilla","price":3}})";
  std::ofstream(scratch / "twice.ndjson") << line << "\n" << line << "\n";
  FlowcResult r = run_flowc("publish " + kExampleProgram + " " + scratch / "twice.ndjson" + " --nats " + server->url() +
                                " --stream TWICE",
                            scratch);
  INFO(r.err);
  REQUIRE(r.status == 0);
  auto js = server->connect();
  CHECK(js->stream_info("TWICE")->messages == 2);
  CHECK(js->stream_info("TWICE")->description == "flowc partitions=1");  // the default for a new stream

  CHECK(run_flowc("publish " + kExampleProgram + " " + scratch / "twice.ndjson" + " --nats " + server->url() +
                      " --stream 'A.B'",
                  scratch)
            .status == 2);
  FlowcResult nobody = run_flowc("publish " + kExampleProgram + " " + scratch / "twice.ndjson" +
                                     " --nats nats://127.0.0.1:1 --stream TWICE",
                                 scratch);
  CHECK(nobody.status == 4);
  CHECK(nobody.err.find("cannot connect to the NATS server at `nats://127.0.0.1:1`") != std::string::npos);
}
