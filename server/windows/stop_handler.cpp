#include "server/stop_handler.hpp"

#include <windows.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "server/windows/console_events.hpp"

namespace portico::server {
namespace {

std::function<void(std::string_view)> g_stop;
std::atomic<bool> g_finished{false};

}  // namespace

// Runs on a thread the system creates for the event.
BOOL WINAPI on_console_event(DWORD event) {
  if (!g_stop) return FALSE;
  switch (event) {
    case CTRL_C_EVENT:
      g_stop("Ctrl-C");
      return TRUE;
    case CTRL_BREAK_EVENT:
      g_stop("Ctrl-Break");
      return TRUE;
    case CTRL_CLOSE_EVENT:
    case CTRL_LOGOFF_EVENT:
    case CTRL_SHUTDOWN_EVENT: {
      g_stop(event == CTRL_CLOSE_EVENT ? "console closed" : "logoff or system shutdown");
      // The process ends when this returns (Windows allows about 5 s): let the responses in
      // flight finish first.
      const auto give_up = std::chrono::steady_clock::now() + std::chrono::milliseconds(4500);
      while (!g_finished.load() && std::chrono::steady_clock::now() < give_up)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      return TRUE;
    }
    default:
      return FALSE;
  }
}

void prepare_stop_handler() {}

void install_stop_handler(std::function<void(std::string_view why)> stop) {
  g_stop = std::move(stop);
  SetConsoleCtrlHandler(on_console_event, TRUE);
}

void stop_finished() {
  g_finished.store(true);
}

}  // namespace portico::server
