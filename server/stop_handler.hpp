#pragma once
// How an operator stops portico: SIGTERM or SIGINT on POSIX; Ctrl-C, Ctrl-Break or closing the
// console window on Windows (SetConsoleCtrlHandler). One implementation per OS
// (posix/stop_handler.cpp, windows/stop_handler.cpp).

#include <functional>
#include <string_view>

namespace portico::server {

// Arranges for `stop` to be called (on a thread of the handler's own) when the operator asks
// the server to stop; `why` names the signal or console event. Call before any worker thread
// starts: on POSIX the signals are blocked in every thread but the one that waits for them,
// and SIGPIPE is ignored (a send to a reset peer fails with EPIPE instead of killing us).
void install_stop_handler(std::function<void(std::string_view why)> stop);

// Tells the handler the shutdown has finished: closing a Windows console ends the process as
// soon as the handler returns, so that handler waits for this (a few seconds at most).
void stop_finished();

}  // namespace portico::server
