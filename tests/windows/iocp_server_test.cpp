// The IOCP backend end to end: an in-process portico served through AcceptEx, WSARecv and
// TransmitFile (or ReadFile + WSASend), spoken to over loopback with Winsock.

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "server/stop_handler.hpp"
#include "server/windows/console_events.hpp"
#include "tests/integration/digest.hpp"
#include "tests/windows/running_server.hpp"
#include "tests/windows/win_client.hpp"

namespace portico::wt {
namespace {

using namespace std::chrono_literals;

// Every test runs once with TransmitFile and once with ReadFile + WSASend, forced by config.
class IocpServer : public ::testing::TestWithParam<config::TransmitFile> {
 protected:
  RunningServer site{GetParam()};
};

TEST_P(IocpServer, ServesAFileAndAnswers404) {
  const Response ok = get(site.port(), "/a.txt");
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, "hello from a\n");
  EXPECT_EQ(ok.header("content-type"), "text/plain; charset=utf-8");
  const Response missing = get(site.port(), "/missing.txt");
  EXPECT_EQ(missing.status, 404);
}

TEST_P(IocpServer, KeepAliveServesSeveralRequestsOnOneConnection) {
  Client client(site.port());
  for (int i = 0; i < 5; ++i) {
    client.send("GET /a.txt HTTP/1.1\r\nHost: t\r\n\r\n");
    const Response r = client.read_response();
    ASSERT_EQ(r.status, 200) << "request " << i;
    EXPECT_EQ(r.body, "hello from a\n");
  }
  // An idle keep-alive connection waits on a zero-byte receive; it is still served later.
  std::this_thread::sleep_for(300ms);
  client.send("GET /sub/b.txt HTTP/1.1\r\nHost: t\r\n\r\n");
  EXPECT_EQ(client.read_response().body, "bee\n");
}

TEST_P(IocpServer, PipelinedRequestsAreAnsweredInOrder) {
  Client client(site.port());
  std::string burst;
  for (int i = 0; i < 20; ++i)
    burst += std::string("GET ") + (i % 2 == 0 ? "/a.txt" : "/sub/b.txt") +
             " HTTP/1.1\r\nHost: t\r\n\r\n";
  client.send(burst);
  for (int i = 0; i < 20; ++i) {
    const Response r = client.read_response();
    ASSERT_EQ(r.status, 200) << "response " << i;
    EXPECT_EQ(r.body, i % 2 == 0 ? "hello from a\n" : "bee\n") << "response " << i;
  }
}

TEST_P(IocpServer, SendsA5MiBFileExactly) {
  const std::string expected = site.content("medium.bin");
  ASSERT_EQ(expected.size(), kMediumSize);
  const Response r = get(site.port(), "/medium.bin");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-length"), std::to_string(kMediumSize));
  EXPECT_EQ(it::hex(it::fnv1a64(r.body)), it::hex(it::fnv1a64(expected)));
  EXPECT_EQ(it::compare_bytes(expected, r.body), "equal");
}

TEST_P(IocpServer, SendsARangeFromAFileOffset) {
  const std::string expected = site.content("medium.bin");
  const Response r = get(site.port(), "/medium.bin", "Range: bytes=1000-2999999\r\n");
  ASSERT_EQ(r.status, 206);
  EXPECT_EQ(r.header("content-range"), "bytes 1000-2999999/" + std::to_string(kMediumSize));
  EXPECT_EQ(it::compare_bytes(expected.substr(1000, 2999000), r.body), "equal");

  const Response tail = get(site.port(), "/medium.bin", "Range: bytes=-777\r\n");
  ASSERT_EQ(tail.status, 206);
  EXPECT_EQ(it::compare_bytes(expected.substr(kMediumSize - 777), tail.body), "equal");
}

TEST_P(IocpServer, TwoRangesAreSentAsMultipart) {
  const std::string expected = site.content("medium.bin");
  const Response r = get(site.port(), "/medium.bin", "Range: bytes=0-9,4000000-4000009\r\n");
  ASSERT_EQ(r.status, 206);
  EXPECT_NE(r.header("content-type").find("multipart/byteranges"), std::string::npos);
  EXPECT_NE(r.body.find(expected.substr(0, 10)), std::string::npos);
  EXPECT_NE(r.body.find(expected.substr(4000000, 10)), std::string::npos);
}

TEST_P(IocpServer, WindowsOnlyNamesAreRefusedWith404) {
  for (const char* target : {"/a.txt::$DATA", "/a.txt.", "/a.txt%20", "/con", "/CON.txt",
                             "/nul.tar.gz", "/sub%5cb.txt", "/a.txt:stream", "/LPT1"}) {
    const Response r = get(site.port(), target);
    EXPECT_EQ(r.status, 404) << target;
    EXPECT_EQ(r.body.find("hello from a"), std::string::npos) << target;
  }
  EXPECT_EQ(get(site.port(), "/../secret.txt").body.find("secret"), std::string::npos);
}

TEST_P(IocpServer, ManyClientsAtOnceAreAllServed) {
  std::vector<std::future<int>> clients;
  for (int i = 0; i < 16; ++i)
    clients.push_back(std::async(std::launch::async, [this] {
      Client client(site.port());
      int ok = 0;
      for (int j = 0; j < 10; ++j) {
        client.send("GET /a.txt HTTP/1.1\r\nHost: t\r\n\r\n");
        ok += client.read_response().status == 200 ? 1 : 0;
      }
      return ok;
    }));
  for (auto& c : clients) EXPECT_EQ(c.get(), 10);
}

INSTANTIATE_TEST_SUITE_P(Modes, IocpServer,
                         ::testing::Values(config::TransmitFile::on, config::TransmitFile::off),
                         [](const auto& info) {
                           return info.param == config::TransmitFile::on ? "TransmitFile"
                                                                         : "ReadFileWSASend";
                         });

// Shutdown through the console handler itself (Ctrl-C cannot be delivered under ctest): an
// idle keep-alive connection is closed, a response in flight finishes, wait() returns.
TEST(IocpShutdown, CtrlCThroughTheConsoleHandlerStopsGracefully) {
  RunningServer site(config::TransmitFile::on);
  server::install_stop_handler([&](std::string_view) { site.server().request_stop(); });
  Client idle(site.port());
  idle.send("GET /a.txt HTTP/1.1\r\nHost: t\r\n\r\n");
  ASSERT_EQ(idle.read_response().status, 200);

  EXPECT_TRUE(server::on_console_event(CTRL_C_EVENT));
  auto waited = std::async(std::launch::async, [&] { site.server().wait(); });
  EXPECT_EQ(waited.wait_for(5s), std::future_status::ready);
  EXPECT_TRUE(idle.closed_by_server(2s));
  EXPECT_THROW(get(site.port(), "/a.txt"), std::runtime_error);  // no longer listening
  EXPECT_FALSE(server::on_console_event(12345));                 // not a console event it handles
}

// The client's address comes from GetAcceptExSockaddrs, handed over with the socket.
TEST(IocpAccessLog, LogsThePeerAddressFromAcceptEx) {
  const std::filesystem::path log =
      std::filesystem::temp_directory_path() /
      ("portico-wt-access-" +
       std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + ".log");
  {
    RunningServer site(config::TransmitFile::on,
                       [&](config::Config& c) { c.access_log.path = log.string(); });
    for (int i = 0; i < 4; ++i) EXPECT_EQ(get(site.port(), "/a.txt").status, 200);
  }  // stopped: the log is flushed
  std::ifstream in(log);
  std::string line;
  int lines = 0;
  while (std::getline(in, line)) {
    ++lines;
    EXPECT_EQ(line.rfind("127.0.0.1 - - [", 0), 0u) << line;
    EXPECT_NE(line.find("\"GET /a.txt HTTP/1.1\" 200 13"), std::string::npos) << line;
  }
  EXPECT_EQ(lines, 4);
  in.close();
  std::filesystem::remove(log);
}

TEST(IocpShutdown, ConnectionLimitPausesAndResumesAccepting) {
  RunningServer site(config::TransmitFile::on,
                     [](config::Config& c) { c.limits.max_connections = 2; });
  auto first = std::make_unique<Client>(site.port());
  Client second(site.port());
  // Both busy with a request in progress (not idle, so neither gives way).
  first->send("GET /a.txt HTTP/1.1\r\nHost: t\r\n");
  second.send("GET /a.txt HTTP/1.1\r\nHost: t\r\n");
  std::this_thread::sleep_for(200ms);
  auto third = std::async(std::launch::async, [&] { return get(site.port(), "/a.txt").status; });
  EXPECT_EQ(third.wait_for(500ms), std::future_status::timeout);  // waits for a place
  first.reset();                                                  // frees one
  ASSERT_EQ(third.wait_for(5s), std::future_status::ready);
  EXPECT_EQ(third.get(), 200);
}

}  // namespace
}  // namespace portico::wt
