// The pool of Exchanges that idle connections give back: reused under a steady load, freed
// when a whole review period shows they were not needed, never below the kept minimum.

#include "server/exchange_pool.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace portico::server {
namespace {

std::vector<std::unique_ptr<Exchange>> take(ExchangePool& pool, int n) {
  std::vector<std::unique_ptr<Exchange>> taken;
  for (int i = 0; i < n; ++i) taken.push_back(pool.take());
  return taken;
}

void give(ExchangePool& pool, std::vector<std::unique_ptr<Exchange>>& taken) {
  for (auto& x : taken) pool.give(std::move(x));
  taken.clear();
}

TEST(ExchangePool, GivesBackTheSameExchangeItWasGiven) {
  ExchangePool pool({}, 4);
  auto x = pool.take();
  Exchange* first = x.get();
  pool.give(std::move(x));
  EXPECT_EQ(pool.spares(), 1u);
  EXPECT_EQ(pool.take().get(), first);
  EXPECT_EQ(pool.spares(), 0u);
}

TEST(ExchangePool, KeepsWhatASteadyLoadUsesAboveTheMinimum) {
  ExchangePool pool({}, 2);
  auto busy = take(pool, 10);
  give(pool, busy);
  EXPECT_EQ(pool.review(), 0u);  // all ten were in use during the period
  for (int period = 0; period < 3; ++period) {
    // Every period, the same ten connections are busy at once at some point.
    busy = take(pool, 10);
    give(pool, busy);
    EXPECT_EQ(pool.review(), 0u);
    EXPECT_EQ(pool.spares(), 10u);
  }
}

TEST(ExchangePool, FreesSparesAWholePeriodLeftUnused) {
  ExchangePool pool({}, 2);
  auto busy = take(pool, 10);
  give(pool, busy);
  pool.review();
  busy = take(pool, 3);  // the load drops: at most 3 at once
  give(pool, busy);
  EXPECT_EQ(pool.review(), 7u);  // 7 sat unused the whole period
  EXPECT_EQ(pool.spares(), 3u);
  EXPECT_EQ(pool.review(), 1u);  // none used since: down to the kept minimum
  EXPECT_EQ(pool.spares(), 2u);
  EXPECT_EQ(pool.review(), 0u);
  EXPECT_EQ(pool.spares(), 2u);
}

TEST(ExchangePool, ATakeFromAnEmptyPoolMeansNoSpareWasIdle) {
  ExchangePool pool({}, 0);
  auto busy = take(pool, 5);  // nothing spare: all five are new
  give(pool, busy);
  EXPECT_EQ(pool.review(), 0u);
  EXPECT_EQ(pool.spares(), 5u);
  EXPECT_EQ(pool.review(), 5u);
  EXPECT_EQ(pool.spares(), 0u);
}

}  // namespace
}  // namespace portico::server
