// portico: parse the command line and config, open the docroot and the listening socket,
// start one worker per thread, and wait for SIGTERM/SIGINT to shut down gracefully.

#include <pthread.h>
#include <signal.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <future>
#include <iostream>
#include <thread>
#include <vector>

#include "config/cli.hpp"
#include "server/linux/linux_docroot.hpp"
#include "server/listener.hpp"
#include "server/port_factory.hpp"
#include "server/worker.hpp"

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

  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  // Every thread inherits the mask; the main thread takes the signals with sigwait.
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);  // sendfile to a reset peer must fail with EPIPE, not kill us

  std::unique_ptr<server::LinuxDocroot> docroot;
  server::Listener listener;
  std::unique_ptr<server::AccessLog> access_log;
  try {
    docroot = std::make_unique<server::LinuxDocroot>(cfg.root, cfg.symlinks);
    listener = server::open_listener(cfg.listen);
    if (cfg.access_log.path != "off")
      access_log = std::make_unique<server::AccessLog>(cfg.access_log.path);
  } catch (const std::system_error& e) {
    return fail(std::string(e.what()));
  }

  server::SharedState shared;
  shared.config = &cfg;
  shared.rules = http::site_rules(cfg);
  shared.docroot = docroot.get();
  shared.access_log = access_log.get();
  shared.listener = listener.socket;

  const unsigned count =
      cfg.threads != 0 ? cfg.threads : std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::unique_ptr<server::Worker>> workers(count);
  std::vector<std::thread> threads;
  std::vector<std::future<std::string>> started;
  // Workers run only once all exist and know each other (they hand sockets to each other).
  std::promise<bool> go;
  std::shared_future<bool> go_signal = go.get_future().share();
  for (unsigned i = 0; i < count; ++i) {
    std::promise<std::string> ready;
    started.push_back(ready.get_future());
    // The port is created on its own thread: an io_uring with SINGLE_ISSUER belongs to the
    // thread that made it.
    threads.emplace_back([&, i, ready = std::move(ready)]() mutable {
      try {
        workers[i] = std::make_unique<server::Worker>(
            shared, server::make_port(static_cast<unsigned>(cfg.limits.receive_buffers)));
      } catch (const std::exception& e) {
        ready.set_value(e.what());
        return;
      }
      ready.set_value({});
      if (go_signal.get()) workers[i]->run();
    });
  }
  std::string start_error;
  for (auto& f : started)
    if (std::string e = f.get(); !e.empty() && start_error.empty()) start_error = e;
  if (start_error.empty()) {
    std::vector<server::Worker*> peers;
    for (auto& w : workers) peers.push_back(w.get());
    for (auto& w : workers) w->set_peers(peers);
  }
  go.set_value(start_error.empty());

  int signal_number = 0;
  if (start_error.empty()) {
    std::printf("listening on %s\n", listener.url.c_str());
    std::fflush(stdout);
    spdlog::info("portico {} serving {} with {} worker(s)", PORTICO_VERSION, cfg.root.string(),
                 count);
    sigwait(&signals, &signal_number);
    spdlog::info("signal {} received: shutting down (up to {} ms for responses in flight)",
                 signal_number, cfg.timeouts.shutdown.count());
  }
  server::stop_listening(listener.socket);
  shared.stopping.store(true);
  for (auto& w : workers)
    if (w) w->request_shutdown();
  for (auto& t : threads) t.join();
  workers.clear();
  server::close_socket(listener.socket);
  if (!start_error.empty()) return fail(start_error);
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
