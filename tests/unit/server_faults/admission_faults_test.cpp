// Allocation failures while a worker admits a connection. For every allocation on the way
// from an accept completion (or a hand-over from another worker) to the connection's first
// receive, the test fails exactly that one and checks the outcome: that client's socket is
// closed at once and holds no place under the connection limit, the next client is served,
// and the worker still finishes its shutdown. It stops at the first run in which no
// allocation was left to fail, which must be one where the client was served.

#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "failing_new.hpp"
#include "scripted_port.hpp"
#include "server/access_log.hpp"
#include "server/port_factory.hpp"
#include "server/worker.hpp"
#include "tests/unit/socket_pair.hpp"

namespace portico::testing {
namespace {

using server::Accepted;
using server::Completion;
using server::IoOp;

// What the test saw right after the worker handled one client's arrival.
struct Outcome {
  bool allocation_failed = false;
  bool closed = false;
  bool receiving = false;
  std::uint64_t connections = 0;
};

// How a socket reaches the worker under test.
enum class Arrival { accept_completion, hand_over };

const char* name(Arrival a) {
  return a == Arrival::hand_over ? "HandOver" : "AcceptCompletion";
}

void PrintTo(Arrival a, std::ostream* os) {
  *os << name(a);
}

// A long IPv6 peer, so that copying it allocates.
constexpr std::string_view kPeer = "[2001:db8:85a3:8d3:1319:8a2e:370:7348]:54321";

class AdmissionFaults : public ::testing::TestWithParam<Arrival> {
 protected:
  void SetUp() override {
    root_ =
        std::filesystem::temp_directory_path() / ("portico-admission-" + std::to_string(getpid()));
    std::filesystem::create_directories(root_);
    config_.root = root_;
    docroot_ = server::make_docroot(config_);
    access_log_ = std::make_unique<server::AccessLog>("/dev/null");
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  // Runs one worker through: `first_` arrives with the worker's (fail_at+1)th allocation set to
  // fail, then `second_` arrives with nothing failing, then the worker shuts down.
  void run_worker(long fail_at) {
    server::SharedState shared;
    shared.config = &config_;
    shared.docroot = docroot_.get();
    shared.access_log = access_log_.get();
    IoOp accept_op;  // an accept completion needs only an op in the accepted state
    accept_op.state = server::IoState::accepted;
    server::Worker* worker = nullptr;
    auto arrive = [&](ScriptedPort& p, int socket) {
      if (GetParam() == Arrival::hand_over) return worker->hand_over(Accepted{socket, {}});
      Completion accepted;
      accepted.op = &accept_op;
      accepted.result = socket;
      accepted.peer = kPeer;
      accepted.more = true;
      p.add(accepted);
    };
    auto outcome = [&](ScriptedPort& p, const SocketPair& pair) {
      return Outcome{.allocation_failed = p.last_batch_failed(),
                     .closed = peer_sees_close(pair),
                     .receiving = p.receiving(pair.owned),
                     .connections = shared.connections.load()};
    };
    std::vector<ScriptedPort::Step> steps = {
        [&](ScriptedPort& p) {
          arrive(p, first_->owned);
          p.fail_after(fail_at);
        },
        [&](ScriptedPort& p) {
          first_outcome_ = outcome(p, *first_);
          arrive(p, second_->owned);
        },
        [&](ScriptedPort& p) {
          second_outcome_ = outcome(p, *second_);
          shared.stopping.store(true);
          worker->request_shutdown();
        },
    };
    server::Worker w(shared, std::make_unique<ScriptedPort>(std::move(steps)));
    worker = &w;
    EXPECT_NO_THROW(w.run());
    connections_after_ = shared.connections.load();
  }

  std::filesystem::path root_;
  config::Config config_;
  std::unique_ptr<http::Docroot> docroot_;
  std::unique_ptr<server::AccessLog> access_log_;
  std::optional<SocketPair> first_, second_;
  Outcome first_outcome_, second_outcome_;
  std::uint64_t connections_after_ = 0;
};

TEST_P(AdmissionFaults, AFailedAllocationClosesOnlyThatClient) {
  long failures = 0;
  for (long fail_at = 0;; ++fail_at) {
    SCOPED_TRACE("allocation " + std::to_string(fail_at + 1) + " fails");
    first_.emplace();
    second_.emplace();
    first_outcome_ = second_outcome_ = {};
    ASSERT_GE(first_->owned, 0);
    ASSERT_GE(second_->owned, 0);
    run_worker(fail_at);
    const Outcome& a = first_outcome_;
    if (a.allocation_failed) {
      ++failures;
      EXPECT_TRUE(a.closed) << "the client whose admission failed still waits on an open socket";
      EXPECT_FALSE(a.receiving);
      EXPECT_EQ(a.connections, 0u) << "a refused client still holds a place under the limit";
    } else {
      EXPECT_FALSE(a.closed);
      EXPECT_TRUE(a.receiving);
      EXPECT_EQ(a.connections, 1u);
    }
    const Outcome& b = second_outcome_;
    EXPECT_FALSE(b.allocation_failed);
    EXPECT_TRUE(b.receiving) << "the next client was not served";
    EXPECT_FALSE(b.closed);
    EXPECT_EQ(b.connections, a.allocation_failed ? 1u : 2u);
    EXPECT_EQ(connections_after_, 0u);
    EXPECT_TRUE(peer_sees_close(*first_)) << "shutdown left the first client's socket open";
    EXPECT_TRUE(peer_sees_close(*second_)) << "shutdown left the second client's socket open";
    if (!a.allocation_failed || HasFailure()) break;
  }
  // Admission allocates (the connection record, its place in the free list, the receive's
  // backend state, the peer's address), so some runs must have failed one.
  EXPECT_GE(failures, 3);
}

INSTANTIATE_TEST_SUITE_P(Arrivals, AdmissionFaults,
                         ::testing::Values(Arrival::accept_completion, Arrival::hand_over),
                         [](const auto& info) { return std::string(name(info.param)); });

}  // namespace
}  // namespace portico::testing
