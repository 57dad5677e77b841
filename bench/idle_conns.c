// idle_conns: opens N keep-alive connections to a loopback HTTP server, sends one
// "GET PATH HTTP/1.1" with "Connection: keep-alive" on each, reads the whole response, then
// holds every connection open, idle, until SIGTERM/SIGINT (or MAX_HOLD seconds pass).
//
//   idle_conns HOST PORT N MAX_HOLD_SECONDS [PATH]
//
// stdout, one line each, flushed:
//   ready OK FAILED          every connection has had its response (OK answered 200 and were
//                            not told "Connection: close"); the server can be measured now
//   still_open OPEN CLOSED   on the signal: how many the server had not closed meanwhile
// Exit status: 0 when every connection got its 200 and stayed open, 1 otherwise, 2 on usage.
//
// Only 127.0.0.0/8 is accepted as HOST: this is a loopback benchmark tool.
// Build: cc -O2 -Wall -Wextra -o idle_conns idle_conns.c
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

static volatile sig_atomic_t stop_requested = 0;

static void on_signal(int sig) {
  (void)sig;
  stop_requested = 1;
}

// Reads one response (head plus Content-Length body). Returns 1 for a kept-alive 200.
static int read_response(int fd) {
  char buf[65536];
  size_t have = 0;
  char* head_end = NULL;
  while (head_end == NULL) {
    if (have == sizeof buf - 1) return 0;  // absurd head
    ssize_t n = recv(fd, buf + have, sizeof buf - 1 - have, 0);
    if (n <= 0) return 0;
    have += (size_t)n;
    buf[have] = '\0';
    head_end = strstr(buf, "\r\n\r\n");
  }
  const size_t head_len = (size_t)(head_end - buf) + 4;
  int ok = strncmp(buf, "HTTP/1.1 200", 12) == 0 || strncmp(buf, "HTTP/1.0 200", 12) == 0;
  long long length = -1;
  for (char* line = strstr(buf, "\r\n"); line != NULL && line < head_end;
       line = strstr(line + 2, "\r\n")) {
    const char* field = line + 2;
    if (strncasecmp(field, "content-length:", 15) == 0) length = atoll(field + 15);
    if (strncasecmp(field, "connection:", 11) == 0) {
      const char* value = field + 11;
      while (*value == ' ' || *value == '\t') ++value;
      if (strncasecmp(value, "close", 5) == 0) ok = 0;
    }
  }
  if (length < 0) return 0;  // keep-alive needs a length
  long long body = (long long)(have - head_len);
  while (body < length) {
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return 0;
    body += n;
  }
  return ok && body == length;
}

int main(int argc, char** argv) {
  if (argc < 5 || argc > 6) {
    fprintf(stderr, "usage: %s HOST PORT N MAX_HOLD_SECONDS [PATH]\n", argv[0]);
    return 2;
  }
  const char* host = argv[1];
  const int port = atoi(argv[2]);
  const int count = atoi(argv[3]);
  const int max_hold = atoi(argv[4]);
  const char* path = argc == 6 ? argv[5] : "/";
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_port = htons((unsigned short)port);
  if (inet_pton(AF_INET, host, &addr.sin_addr) != 1 || (ntohl(addr.sin_addr.s_addr) >> 24) != 127) {
    fprintf(stderr, "idle_conns: HOST must be an IPv4 loopback address (127.0.0.0/8)\n");
    return 2;
  }
  if (port <= 0 || port > 65535 || count <= 0 || max_hold <= 0) {
    fprintf(stderr, "idle_conns: bad PORT, N or MAX_HOLD_SECONDS\n");
    return 2;
  }

  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGALRM, &sa, NULL);
  signal(SIGPIPE, SIG_IGN);

  char request[1024];
  const int request_len = snprintf(request, sizeof request,
                                   "GET %s HTTP/1.1\r\nHost: %s:%d\r\nConnection: keep-alive\r\n"
                                   "User-Agent: portico-bench-idle\r\n\r\n",
                                   path, host, port);
  int* fds = calloc((size_t)count, sizeof *fds);
  if (fds == NULL) return 1;
  int ok = 0, failed = 0, opened = 0;
  const struct timeval timeout = {.tv_sec = 10, .tv_usec = 0};
  for (int i = 0; i < count && !stop_requested; ++i) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      fprintf(stderr, "idle_conns: socket #%d: %s\n", i, strerror(errno));
      failed += count - i;
      break;
    }
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    const int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, (struct sockaddr*)&addr, sizeof addr) != 0) {
      if (failed < 5) fprintf(stderr, "idle_conns: connect #%d: %s\n", i, strerror(errno));
      close(fd);
      ++failed;
      continue;
    }
    fds[opened++] = fd;
    if (send(fd, request, (size_t)request_len, MSG_NOSIGNAL) != request_len || !read_response(fd)) {
      if (failed < 5) fprintf(stderr, "idle_conns: request #%d failed\n", i);
      ++failed;
      continue;
    }
    ++ok;
  }
  printf("ready %d %d\n", ok, failed);
  fflush(stdout);

  alarm((unsigned)max_hold);  // stop by ourselves even if nobody signals
  while (!stop_requested) pause();

  // Which connections did the server close while they sat idle? A closed one polls readable
  // (EOF) or with an error/hang-up; an open idle one has nothing to read.
  int still_open = 0, closed = 0;
  for (int i = 0; i < opened; ++i) {
    struct pollfd p = {.fd = fds[i], .events = POLLIN};
    if (poll(&p, 1, 0) == 0)
      ++still_open;
    else
      ++closed;
  }
  printf("still_open %d %d\n", still_open, closed);
  fflush(stdout);
  for (int i = 0; i < opened; ++i) close(fds[i]);
  free(fds);
  return (failed == 0 && closed == 0) ? 0 : 1;
}
