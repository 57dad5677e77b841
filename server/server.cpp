#include "server/server.hpp"

#include <spdlog/spdlog.h>

#include <future>
#include <stdexcept>

#include "server/port_factory.hpp"

namespace portico::server {

Server::Server(const config::Config& config) : config_(config) {
  docroot_ = make_docroot(config);
  listener_ = open_listener(config.listen);
  if (config.access_log.path != "off")
    access_log_ = std::make_unique<AccessLog>(config.access_log.path);
  shared_.config = &config_;
  shared_.rules = http::site_rules(config_);
  shared_.docroot = docroot_.get();
  shared_.access_log = access_log_.get();
  shared_.listener = listener_.socket;
  const unsigned count =
      config.threads != 0 ? config.threads : std::max(1u, std::thread::hardware_concurrency());
  workers_.resize(count);
}

Server::~Server() {
  if (started_ && !finished_) {
    request_stop();
    wait();
  }
  if (listener_.socket != kInvalidSocket) close_listener(listener_.socket, stopped_listening_);
}

void Server::start() {
  std::vector<std::future<std::string>> started;
  // Workers run only once all exist and know each other (they hand sockets to each other).
  std::promise<bool> go;
  std::shared_future<bool> go_signal = go.get_future().share();
  const PortOptions options = port_options(config_);
  for (std::size_t i = 0; i < workers_.size(); ++i) {
    std::promise<std::string> ready;
    started.push_back(ready.get_future());
    // The port is created on its own thread: an io_uring with SINGLE_ISSUER belongs to the
    // thread that made it.
    threads_.emplace_back([this, i, options, go_signal, ready = std::move(ready)]() mutable {
      try {
        workers_[i] = std::make_unique<Worker>(shared_, make_port(options));
      } catch (const std::exception& e) {
        ready.set_value(e.what());
        return;
      }
      ready.set_value({});
      if (go_signal.get()) workers_[i]->run();
    });
  }
  started_ = true;
  std::string error;
  for (auto& f : started)
    if (std::string e = f.get(); !e.empty() && error.empty()) error = e;
  if (error.empty()) {
    std::vector<Worker*> peers;
    for (auto& w : workers_) peers.push_back(w.get());
    for (auto& w : workers_) w->set_peers(peers);
  }
  go.set_value(error.empty());
  if (!error.empty()) {
    for (auto& t : threads_) t.join();
    threads_.clear();
    finished_ = true;
    throw std::runtime_error(error);
  }
}

void Server::request_stop() {
  std::lock_guard lock(mutex_);
  stop_ = true;
  stop_requested_.notify_all();
}

void Server::wait() {
  {
    std::unique_lock lock(mutex_);
    stop_requested_.wait(lock, [this] { return stop_; });
    if (finished_) return;
    finished_ = true;
  }
  spdlog::info("shutting down (up to {} ms for responses in flight)",
               config_.timeouts.shutdown.count());
  stop_listening(listener_.socket);
  stopped_listening_ = true;
  shared_.stopping.store(true);
  for (auto& w : workers_)
    if (w) w->request_shutdown();
  for (auto& t : threads_) t.join();
  threads_.clear();
  workers_.clear();
}

}  // namespace portico::server
