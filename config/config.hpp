#pragma once
// The validated configuration. Built-in defaults live here; config/loader.cpp overlays a YAML
// file on them and config/cli.cpp overlays command-line flags on that.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace portico::config {

using Duration = std::chrono::milliseconds;

// A parsed `listen` value: "127.0.0.1:8080", "[::1]:8080", ":8080" (all interfaces).
struct ListenAddress {
  std::string host;  // numeric IPv4 or IPv6 (without brackets); empty = all interfaces
  std::uint16_t port = 8080;
  friend bool operator==(const ListenAddress&, const ListenAddress&) = default;
};

enum class Dotfiles { deny, allow };
enum class Symlinks { on, off };
enum class LogLevel { trace, debug, info, warn, error, critical, off };
enum class Autoindex { off, html, json };
// How the Windows backend sends files: TransmitFile, or overlapped ReadFile + WSASend.
// `automatic` picks TransmitFile on Windows Server only: client editions run at most two
// TransmitFile calls at once, system-wide. Linux always uses sendfile and ignores it.
enum class TransmitFile { automatic, on, off };

// `cache_control: {"*.html": "no-cache"}`: the first pattern matching a file's name (or its
// path, when the pattern has a '/') gives its Cache-Control value.
struct CacheRule {
  std::string pattern;
  std::string value;
  friend bool operator==(const CacheRule&, const CacheRule&) = default;
};

struct Timeouts {
  Duration header{std::chrono::seconds(10)};     // whole request head, from its first byte
  Duration keepalive{std::chrono::seconds(75)};  // idle between requests
  Duration send{std::chrono::seconds(60)};       // no progress while sending
  Duration shutdown{std::chrono::seconds(10)};   // in-flight responses on SIGTERM
  // A response must average at least this many bytes per second over each `send` period,
  // so a reader that takes a few bytes now and then cannot hold a connection for ever.
  std::uint64_t min_send_rate = 1024;  // 0 = no minimum
};

struct Limits {
  std::uint64_t request_line = 8 * 1024;   // 414 past this
  std::uint64_t header_bytes = 16 * 1024;  // 431 past this (whole head)
  std::uint64_t headers = 100;             // 431 past this many fields
  std::uint64_t body = 1024 * 1024;        // discarded request bodies; 413 past this
  std::uint64_t max_ranges = 16;
  std::uint64_t max_connections = 10000;  // per server
  // Receive buffers (4 KiB each) shared by all connections of a worker; a power of two. When
  // more receives complete at once than there are buffers, the rest wait for the next round.
  std::uint64_t receive_buffers = 1024;
};

// The per-worker open-file cache (handles, stat, validators, small files' bytes).
struct FileCacheConfig {
  bool enabled = true;
  Duration valid{std::chrono::seconds(1)};     // how long an entry is trusted before a recheck
  std::uint64_t entries = 4096;                // per worker
  std::uint64_t memory_file_size = 32 * 1024;  // files up to this size are kept in memory
};

struct AccessLog {
  std::string path = "stdout";  // a file path, "stdout", or "off"
  std::string format = "combined";
};

struct ErrorLog {
  LogLevel level = LogLevel::info;
};

struct Config {
  ListenAddress listen{"127.0.0.1", 8080};
  std::filesystem::path root = "www";
  unsigned threads = 0;  // 0 = one per CPU
  std::vector<std::string> index{"index.html"};
  Dotfiles dotfiles = Dotfiles::deny;
  Symlinks symlinks = Symlinks::on;
  TransmitFile transmit_file = TransmitFile::automatic;
  Timeouts timeouts;
  Limits limits;
  FileCacheConfig file_cache;
  AccessLog access_log;
  ErrorLog error_log;
  // Extra or overriding MIME types by extension, with the leading dot (".ext" -> "type/sub").
  std::map<std::string, std::string> mime;
  Autoindex autoindex = Autoindex::off;
  std::vector<CacheRule> cache_control;  // in file order
  // Bundler-fingerprinted names (app.3f9a1c2b.js, index-BXq3kQ8w.js) get
  // "public, max-age=31536000, immutable"; fingerprint_patterns adds globs to the built-in rule.
  bool immutable_fingerprints = true;
  std::vector<std::string> fingerprint_patterns;
  // Serve file.br / file.zst / file.gz beside a file when the client accepts them.
  bool precompressed = true;
  // status -> a page beneath the root, served with that status ("404: /404.html").
  std::map<int, std::string> error_pages;
};

}  // namespace portico::config
