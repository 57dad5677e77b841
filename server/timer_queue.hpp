#pragma once
// A deadline queue for connections that all wait with the same timeout (header, keep-alive,
// send, linger): appending keeps it sorted, so expiry is a walk from the front and every
// operation is O(1). Intrusive: the links live in Connection.

#include "server/connection.hpp"

namespace portico::server {

class TimerQueue {
 public:
  explicit TimerQueue(int id) : id_(id) {}

  void push_back(Connection& c, Clock::time_point deadline) {
    if (c.queue >= 0) return;  // the caller removes it from its old queue first
    c.deadline = deadline;
    c.queue = id_;
    c.prev = tail_;
    c.next = nullptr;
    (tail_ ? tail_->next : head_) = &c;
    tail_ = &c;
  }

  void remove(Connection& c) {
    if (c.queue != id_) return;
    (c.prev ? c.prev->next : head_) = c.next;
    (c.next ? c.next->prev : tail_) = c.prev;
    c.prev = c.next = nullptr;
    c.queue = -1;
  }

  Connection* front() const { return head_; }

 private:
  int id_;
  Connection* head_ = nullptr;
  Connection* tail_ = nullptr;
};

}  // namespace portico::server
