#pragma once
// Spawning the server binary with piped stdout/stderr, waiting with a deadline, and running it
// to completion. Nothing here knows about HTTP.

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace portico::it {

// The binary under test and the source tree, both compiled in by CMake.
std::string binary_path();
std::string source_dir();

struct ExitStatus {
  bool exited = false;  // true: exited normally with `code`; false: killed by `signal`
  int code = -1;
  int signal = 0;
  bool success() const { return exited && code == 0; }
  std::string describe() const;
};

struct Child {
  pid_t pid = -1;
  int out_fd = -1;  // read end of the child's stdout
  int err_fd = -1;  // read end of the child's stderr
};

// Starts `binary` with `args` (argv[0] is added), stdin from /dev/null, stdout and stderr piped.
// Throws std::runtime_error if the process cannot be spawned.
Child spawn(const std::string& binary, const std::vector<std::string>& args);

// Waits up to `timeout` for `pid` to exit; nullopt if it is still running afterwards.
std::optional<ExitStatus> wait_exit(pid_t pid, std::chrono::milliseconds timeout);

struct RunResult {
  ExitStatus status;
  bool timed_out = false;  // the process was killed after the timeout
  std::string out;
  std::string err;
  std::chrono::milliseconds elapsed{0};
};

// Runs `program` with `args` to completion (SIGKILL after `timeout`), capturing everything
// it writes.
RunResult run_program(const std::string& program, const std::vector<std::string>& args,
                      std::chrono::milliseconds timeout = std::chrono::seconds(10));

// run_program() for the binary under test.
inline RunResult run_binary(const std::vector<std::string>& args,
                            std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  return run_program(binary_path(), args, timeout);
}

}  // namespace portico::it
