#pragma once
// The console control handler install_stop_handler registers with SetConsoleCtrlHandler.
// Declared so that the tests can call it as the system does: Wine cannot deliver Ctrl-C to a
// program run by ctest.

#include <windows.h>

namespace portico::server {

// CTRL_C_EVENT, CTRL_BREAK_EVENT: stop and return TRUE. CTRL_CLOSE_EVENT and the logoff and
// shutdown events: stop, then wait (up to 4.5 s) for stop_finished(), since the process ends
// when this returns. Any other event: FALSE.
BOOL WINAPI on_console_event(DWORD event);

}  // namespace portico::server
