#include "server/stop_handler.hpp"

#include <pthread.h>
#include <signal.h>

#include <thread>

namespace portico::server {

void install_stop_handler(std::function<void(std::string_view why)> stop) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  // Threads started from here on inherit the mask; only the waiter below takes the signals.
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);
  std::thread([signals, stop = std::move(stop)] {
    int number = 0;
    while (sigwait(&signals, &number) == 0) stop(number == SIGTERM ? "SIGTERM" : "SIGINT");
  }).detach();
}

void stop_finished() {}

}  // namespace portico::server
