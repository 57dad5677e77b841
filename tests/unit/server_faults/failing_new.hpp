#pragma once
// This test binary replaces the global operator new: armed with fail_allocation_after(n), the
// calling thread's (n+1)th allocation from then on throws std::bad_alloc, once. Other threads
// are never affected.

namespace portico::testing {

// Lets `n` more allocations on this thread succeed and fails the next one.
void fail_allocation_after(long n);

// Disarms the injector; true when it failed an allocation since it was last armed.
bool disarm_allocation_failure();

}  // namespace portico::testing
