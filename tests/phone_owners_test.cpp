// The phone-number owner table (engine/phone_owners.h) against a
// std::unordered_map doing the same: numbers taken over, changed and
// given up in random order, across the table's growth and its deletions.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <unordered_map>

#include "engine/phone_owners.h"
#include "engine/profile_store.h"

using namespace flowc;

namespace {

// What Engine::set_contact does: release the old number, set the new one,
// claim it; the reference map moves the number the same way.
struct Owners {
  engine::ProfileStore profiles;
  engine::PhoneOwners table{profiles};
  std::unordered_map<std::string, uint32_t> reference;

  explicit Owners(uint32_t n) {
    for (uint32_t i = 0; i < n; ++i) profiles.add();
  }
  uint32_t set_phone(uint32_t index, const std::string& phone) {
    engine::Profile& p = profiles[index];
    if (!p.phone.empty()) {
      table.release(index);
      auto owner = reference.find(p.phone.str());
      if (owner != reference.end() && owner->second == index) reference.erase(owner);
    }
    p.phone = phone;
    auto [entry, added] = reference.try_emplace(phone, index);
    const uint32_t expected_previous = added ? engine::PhoneOwners::kNone : entry->second;
    entry->second = index;
    const uint32_t previous = table.claim(index);
    CHECK(previous == expected_previous);
    return previous;
  }
  void check_all(const std::vector<std::string>& numbers) const {
    for (const std::string& n : numbers) {
      auto owner = reference.find(n);
      INFO(n);
      REQUIRE(table.find(n) == (owner == reference.end() ? engine::PhoneOwners::kNone : owner->second));
    }
    REQUIRE(table.size() == reference.size());
  }
};

}  // namespace

TEST_CASE("phone owners: numbers taken over, changed and given up find their owner", "[unit]") {
  std::mt19937 random(5);
  // Few numbers for many profiles: ownership moves all the time, and the
  // deletions shift runs of colliding slots back.
  Owners owners(300);
  std::vector<std::string> numbers;
  for (int i = 0; i < 60; ++i) numbers.push_back("+1555" + std::to_string(1000 + i * 7));
  numbers.push_back("+19990000000");  // never used
  for (int step = 0; step < 5000; ++step) {
    owners.set_phone(random() % 300, numbers[random() % 60]);
    if (step % 50 == 0) owners.check_all(numbers);
  }
  owners.check_all(numbers);
  CHECK(owners.table.find("") == engine::PhoneOwners::kNone);
}

TEST_CASE("phone owners: the table grows and keeps every number", "[unit]") {
  Owners owners(5000);
  std::vector<std::string> numbers;
  for (uint32_t i = 0; i < 5000; ++i) {
    numbers.push_back("+44" + std::to_string(7000000000ull + i * 13));
    owners.set_phone(i, numbers.back());
  }
  owners.check_all(numbers);
  for (uint32_t i = 0; i < 5000; i += 3) owners.set_phone(i, numbers[i] + "9");  // every third changes number
  for (uint32_t i = 0; i < 5000; i += 3) numbers.push_back(numbers[i] + "9");
  owners.check_all(numbers);
}
