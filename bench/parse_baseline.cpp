// The ingestion baseline: parse each line of an NDJSON file with simdjson's
// DOM parser, one line at a time, and touch every field of the root object
// (what any reader must at least do). bench.py times this against `flowc
// run` of a program with no segments or flows, `--out /dev/null`, on the
// same lines: the target is flowc within 1.5x of it (issue 14).
//
//   g++ -O2 -std=c++17 bench/parse_baseline.cpp -lsimdjson -o parse_baseline
//   parse_baseline EVENTS.ndjson   -> prints "lines fields"
#include <simdjson.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: parse_baseline EVENTS.ndjson\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::cerr << "parse_baseline: cannot read " << argv[1] << "\n";
    return 2;
  }
  simdjson::dom::parser parser;
  std::string line;
  uint64_t lines = 0, fields = 0;
  while (std::getline(in, line)) {
    simdjson::dom::object object;
    if (parser.parse(line).get_object().get(object) != simdjson::SUCCESS) continue;
    ++lines;
    for (auto field : object) fields += field.key.size() > 0;
  }
  std::printf("%llu %llu\n", static_cast<unsigned long long>(lines), static_cast<unsigned long long>(fields));
  return 0;
}
