#pragma once
// Heap allocations made by this test program so far, so a test can prove a path never touches
// the heap (before == after around it). Linking the library dhcplite::test_allocation_count
// replaces operator new/delete for the whole program; only the tests that count link it.
#include <cstddef>

namespace dhcplite::test {

std::size_t allocationCount() noexcept;

}  // namespace dhcplite::test
