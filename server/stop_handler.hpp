#pragma once
// How an operator stops portico: SIGTERM or SIGINT on POSIX; Ctrl-C, Ctrl-Break or closing the
// console window on Windows (SetConsoleCtrlHandler). One implementation per OS
// (posix/stop_handler.cpp, windows/stop_handler.cpp).

#include <functional>
#include <string_view>

namespace portico::server {

// Call before any other thread starts. POSIX: blocks SIGTERM and SIGINT (every thread started
// later inherits the mask, so a stop signal waits, pending, for the handler below) and ignores
// SIGPIPE (a send to a reset peer fails with EPIPE instead of killing us). Windows: nothing.
void prepare_stop_handler();

// Arranges for `stop` to be called (on a thread of the handler's own) when the operator asks
// the server to stop, including for a signal that arrived since prepare_stop_handler(); `why`
// names the signal or console event.
void install_stop_handler(std::function<void(std::string_view why)> stop);

// Tells the handler the shutdown has finished. POSIX: ends the handler's thread. Windows:
// closing the console ends the process as soon as the handler returns, so that handler waits
// for this (a few seconds at most).
void stop_finished();

}  // namespace portico::server
