// portico: parse the command line and config, start the server, and stop gracefully on
// SIGTERM/SIGINT (POSIX) or Ctrl-C/Ctrl-Break/console close (Windows).

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <iostream>
#include <mutex>
#include <vector>

#include "config/cli.hpp"
#include "server/port_factory.hpp"
#include "server/server.hpp"
#include "server/stop_handler.hpp"

namespace {

using namespace portico;

spdlog::level::level_enum to_spdlog(config::LogLevel level) {
  switch (level) {
    case config::LogLevel::trace:
      return spdlog::level::trace;
    case config::LogLevel::debug:
      return spdlog::level::debug;
    case config::LogLevel::info:
      return spdlog::level::info;
    case config::LogLevel::warn:
      return spdlog::level::warn;
    case config::LogLevel::error:
      return spdlog::level::err;
    case config::LogLevel::critical:
      return spdlog::level::critical;
    case config::LogLevel::off:
      return spdlog::level::off;
  }
  return spdlog::level::info;
}

int fail(const std::string& message) {
  std::cerr << "portico: " << message << "\n";
  return 1;
}

int serve(const config::Config& cfg) {
  std::string why;
  if (server::probe_port(why)) return fail(why);

  // Before any thread starts (the access log's and the workers'): they inherit the signal mask.
  server::prepare_stop_handler();
  std::unique_ptr<server::Server> server;
  try {
    server = std::make_unique<server::Server>(cfg);
    server->start();
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  // The handler's thread outlives `server`: it reaches it only under the lock, until wait().
  static std::mutex running_mutex;
  static server::Server* running = nullptr;
  running = server.get();
  server::install_stop_handler([](std::string_view why) {
    std::lock_guard lock(running_mutex);
    spdlog::info("{} received: stopping", why);
    if (running != nullptr) running->request_stop();
  });
  std::printf("listening on %s\n", server->url().c_str());
  std::fflush(stdout);
  spdlog::info("portico {} serving {} with {} worker(s)", PORTICO_VERSION, cfg.root.string(),
               server->worker_count());
  server->wait();
  {
    std::lock_guard lock(running_mutex);
    running = nullptr;
  }
  server::stop_finished();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  const config::CliParse cli = config::parse_cli(args);
  if (!cli.usage_error.empty()) {
    std::cerr << "portico: " << cli.usage_error << "\n\n" << config::usage_text();
    return 2;
  }
  if (cli.options.help) {
    std::cout << config::usage_text();
    return 0;
  }
  if (cli.options.version) {
    std::cout << config::version_text();
    return 0;
  }
  config::Loaded loaded = config::resolve(cli.options, std::filesystem::current_path());
  for (const std::string& e : config::check_root(loaded.config)) loaded.errors.push_back(e);
  if (!loaded.errors.empty()) {
    for (const std::string& e : loaded.errors) std::cerr << e << "\n";
    return 1;
  }
  if (cli.options.check) {
    std::cout << "portico: configuration is valid\n";
    return 0;
  }

  auto logger = spdlog::stderr_logger_mt("portico");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e [%l] %v");
  logger->set_level(to_spdlog(loaded.config.error_log.level));
  spdlog::set_default_logger(logger);
  return serve(loaded.config);
}
