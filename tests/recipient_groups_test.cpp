// The unique-recipient groups (engine/recipient_groups.h) against a
// std::set per profile: a profile counts in a group once, and its groups
// come back in ascending order.
#include <catch2/catch.hpp>

#include <map>
#include <random>
#include <set>
#include <vector>

#include "engine/recipient_groups.h"

using namespace flowc;

TEST_CASE("recipient groups count a profile once per group and list its groups in order", "[unit]") {
  engine::RecipientGroups groups;
  std::map<uint32_t, std::set<uint32_t>> reference;
  std::mt19937 random(3);
  std::vector<uint32_t> numbers;
  for (uint32_t g = 0; g < 40; ++g)
    numbers.push_back(groups.group(static_cast<engine::RecipientGroups::Level>(g % 3), g, g * 7));
  for (int step = 0; step < 20000; ++step) {
    const uint32_t profile = random() % (step < 10000 ? 50 : 3000);  // few profiles in many groups, then many
    const uint32_t group = numbers[random() % numbers.size()];
    CHECK(groups.add(profile, group) == reference[profile].insert(group).second);
  }
  for (uint32_t profile = 0; profile < 3100; ++profile) {
    const std::span<const uint32_t> listed = groups.groups_of(profile);
    const std::set<uint32_t>& expected = reference[profile];
    INFO(profile);
    REQUIRE(std::vector<uint32_t>(listed.begin(), listed.end()) == std::vector<uint32_t>(expected.begin(), expected.end()));
  }
  CHECK(groups.size() == numbers.size());
  const engine::RecipientGroups::Group g = groups.group_of(numbers[8]);
  CHECK((g.level == engine::RecipientGroups::Level::Path && g.a == 8 && g.b == 56));
}
