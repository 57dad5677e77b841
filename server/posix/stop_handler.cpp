#include "server/stop_handler.hpp"

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <thread>

namespace portico::server {

namespace {

std::thread g_waiter;
std::atomic<bool> g_finished{false};

sigset_t stop_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  return signals;
}

}  // namespace

void prepare_stop_handler() {
  const sigset_t signals = stop_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);
}

void install_stop_handler(std::function<void(std::string_view why)> stop) {
  g_waiter = std::thread([stop = std::move(stop)] {
    const sigset_t signals = stop_signals();
    int number = 0;
    while (sigwait(&signals, &number) == 0 && !g_finished.load())
      stop(number == SIGTERM ? "SIGTERM" : "SIGINT");
  });
}

// Ends the waiting thread, so the process exits with no thread of ours left running.
void stop_finished() {
  if (!g_waiter.joinable()) return;
  g_finished.store(true);
  pthread_kill(g_waiter.native_handle(), SIGTERM);
  g_waiter.join();
}

}  // namespace portico::server
