#include "failing_new.hpp"

#include <cstdlib>
#include <new>
#include <utility>

namespace {

thread_local long allocations_left = -1;  // -1: disarmed
thread_local bool failed = false;

void* allocate(std::size_t size) {
  if (allocations_left == 0) {
    allocations_left = -1;
    failed = true;
    throw std::bad_alloc();
  }
  if (allocations_left > 0) --allocations_left;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}

}  // namespace

namespace portico::testing {

void fail_allocation_after(long n) {
  failed = false;
  allocations_left = n;
}

bool disarm_allocation_failure() {
  allocations_left = -1;
  return std::exchange(failed, false);
}

}  // namespace portico::testing

// The replaceable forms that the aligned and nothrow ones do not cover by calling these.
void* operator new(std::size_t size) {
  return allocate(size);
}
void* operator new[](std::size_t size) {
  return allocate(size);
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete[](void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  std::free(p);
}
