// An idle portico leaves its cores idle in the system's accounting, as an idle nginx does.
// Since Linux 6.5 a task waiting in io_uring_enter with requests in flight (a worker's multishot
// accept always is) is counted as waiting for I/O unless it passes IORING_ENTER_NO_IOWAIT
// (6.15): without it, top showed an idle portico's cores 100% "wa".

#include <linux/io_uring.h>
#include <sched.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "tests/integration/server_fixture.hpp"

namespace portico::it {
namespace {

using std::chrono::milliseconds;

constexpr unsigned kFeatureNoIowait = 1U << 17;  // IORING_FEAT_NO_IOWAIT, Linux 6.15

bool kernel_has_no_iowait() {
  io_uring_params params{};
  const long fd = syscall(__NR_io_uring_setup, 2, &params);
  if (fd < 0) return false;
  close(static_cast<int>(fd));
  return (params.features & kFeatureNoIowait) != 0;
}

struct CpuTimes {
  unsigned long long idle = 0;
  unsigned long long iowait = 0;
};

// /proc/stat's "cpuN user nice system idle iowait ..." line, in clock ticks.
CpuTimes cpu_times(int cpu) {
  std::ifstream stat("/proc/stat");
  const std::string key = "cpu" + std::to_string(cpu);
  std::string line;
  while (std::getline(stat, line)) {
    std::istringstream fields(line);
    std::string name;
    unsigned long long user = 0, nice = 0, system = 0;
    CpuTimes t;
    if (fields >> name >> user >> nice >> system >> t.idle >> t.iowait && name == key) return t;
  }
  ADD_FAILURE() << "no " << key << " line in /proc/stat";
  return {};
}

// Puts every thread of `pid` on `cpu` (threads already running keep their own mask).
void pin_threads(pid_t pid, int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  for (const auto& task :
       std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task")) {
    const pid_t tid = std::stoi(task.path().filename().string());
    ASSERT_EQ(sched_setaffinity(tid, sizeof set, &set), 0) << "thread " << tid;
  }
}

// Every thread of the server goes onto one CPU, however many workers it has.
using IdleCpu = ServerTest;

TEST_F(IdleCpu, AnIdleServersCoreIsIdleNotWaitingForIo) {
  if (!kernel_has_no_iowait())
    GTEST_SKIP() << "this kernel (before 6.15) has no IORING_ENTER_NO_IOWAIT";
  cpu_set_t mine;
  ASSERT_EQ(sched_getaffinity(0, sizeof mine, &mine), 0);
  int cpu = -1;
  for (int i = 0; i < CPU_SETSIZE; ++i)
    if (CPU_ISSET(i, &mine)) cpu = i;
  ASSERT_GE(cpu, 0);
  pin_threads(server().pid(), cpu);
  // A served request first: a worker with a keep-alive connection and its receive in flight.
  Connection keep_alive = connect();
  ASSERT_EQ(keep_alive.request("GET", "/").status, 200);
  std::this_thread::sleep_for(milliseconds(200));

  const CpuTimes before = cpu_times(cpu);
  std::this_thread::sleep_for(milliseconds(2000));
  const CpuTimes after = cpu_times(cpu);
  const unsigned long long idle = after.idle - before.idle;
  const unsigned long long iowait = after.iowait - before.iowait;
  // 2 s is 200 ticks at USER_HZ 100: an idle core lands nearly all of them in idle + iowait.
  // Other tests running beside this one may keep the core busy; then there is nothing to read.
  if (idle + iowait < 50) GTEST_SKIP() << "cpu" << cpu << " was busy: " << idle << " idle ticks";
  EXPECT_LT(iowait * 2, idle + iowait)
      << "cpu" << cpu << " with only an idle portico on it: " << iowait << " ticks in iowait, "
      << idle << " idle";
}

}  // namespace
}  // namespace portico::it
