#include "server/exchange_pool.hpp"

#include <algorithm>
#include <new>
#include <utility>

namespace portico::server {

std::unique_ptr<Exchange> ExchangePool::take() {
  if (spares_.empty()) return std::make_unique<Exchange>(limits_);
  std::unique_ptr<Exchange> exchange = std::move(spares_.back());
  spares_.pop_back();
  low_water_ = std::min(low_water_, spares_.size());
  return exchange;
}

void ExchangePool::give(std::unique_ptr<Exchange> exchange) noexcept {
  try {
    spares_.push_back(std::move(exchange));
  } catch (const std::bad_alloc&) {
    // No memory to keep it as a spare: it is freed instead (the pool is only a cache). Giving
    // back must not fail: it is part of releasing a connection, which must always complete.
  }
}

std::size_t ExchangePool::review() {
  const std::size_t above_keep = spares_.size() > keep_ ? spares_.size() - keep_ : 0;
  const std::size_t excess = std::min(low_water_, above_keep);
  // The oldest go: the most recently given back are the likeliest to be in the cache.
  spares_.erase(spares_.begin(), spares_.begin() + static_cast<std::ptrdiff_t>(excess));
  if (spares_.capacity() > 2 * std::max(spares_.size(), keep_)) spares_.shrink_to_fit();
  low_water_ = spares_.size();
  return excess;
}

}  // namespace portico::server
