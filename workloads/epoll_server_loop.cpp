#include "workloads/epoll_server_loop.h"

#include <sys/epoll.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <unordered_map>

#include "absl/strings/str_format.h"
#include "workloads/accept_loop.h"
#include "workloads/epoll_loop.h"
#include "workloads/http_request.h"
#include "workloads/http_response.h"
#include "workloads/stop_signal.h"
#include "workloads/unique_fd.h"

namespace ctrace::workloads {
namespace {

// Where one connection is in the job. Each event moves it forward as far as the socket
// allows without blocking; what it waits for next decides its epoll interest.
enum class ConnState {
  kReadingRequest,  // waiting for the rest of the request head (EPOLLIN)
  kWritingHead,     // head (and any error body) partly sent (EPOLLOUT)
  kWritingFile,     // file partly sent with sendfile (EPOLLOUT)
  kDone,            // response complete or client gone: close
};

struct Connection {
  UniqueFd fd;
  ConnState state = ConnState::kReadingRequest;
  uint32_t interest = EPOLLIN;
  RequestParser parser;
  ResponsePlan plan;
  std::string out;  // head + error body
  size_t out_sent = 0;
  off_t file_offset = 0;
};

class EpollServer {
 public:
  EpollServer(int listen_fd, const ServerContext& context)
      : listen_fd_(listen_fd), acceptor_(listen_fd), context_(context) {}
  absl::Status Run();

 private:
  void AcceptAll();
  void Advance(Connection& c);
  void ReadRequest(Connection& c);
  void WriteHead(Connection& c);
  void WriteFile(Connection& c);
  void Close(Connection& c);

  int listen_fd_;
  NonblockingAcceptor acceptor_;
  const ServerContext& context_;
  EpollLoop loop_;
  std::unordered_map<int, std::unique_ptr<Connection>> connections_;
};

// The tag in epoll_event.data of the listening socket; connections carry their fd, which is
// never this (nor the loop's own stop tag).
constexpr uint64_t kListenTag = ~0ull;

absl::Status EpollServer::Run() {
  if (absl::Status s = loop_.Init(); !s.ok()) return s;
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = kListenTag;
  epoll_ctl(loop_.fd(), EPOLL_CTL_ADD, listen_fd_, &ev);

  absl::Status status = loop_.Run([this](const epoll_event& e) {
    uint64_t tag = e.data.u64;
    if (tag == kListenTag) {
      AcceptAll();
    } else {
      // Each ready fd appears once per batch and only its own event can close it, so the
      // lookup never finds a connection freed earlier in the same batch.
      auto it = connections_.find(static_cast<int>(tag));
      if (it == connections_.end()) return;
      Advance(*it->second);
      if (it->second->state == ConnState::kDone) connections_.erase(it);
    }
  });
  connections_.clear();  // closes whatever was still open
  return status;
}

void EpollServer::AcceptAll() {
  for (;;) {
    int fd = acceptor_.Accept();
    if (fd < 0) return;  // EAGAIN: backlog drained. EINVAL: shut down by a stop request.
    auto c = std::make_unique<Connection>();
    c->fd.Reset(fd);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = static_cast<uint64_t>(fd);
    if (epoll_ctl(loop_.fd(), EPOLL_CTL_ADD, fd, &ev) != 0) continue;  // c closes fd
    connections_[fd] = std::move(c);
  }
}

void EpollServer::Advance(Connection& c) {
  ConnState before;
  do {
    before = c.state;
    switch (c.state) {
      case ConnState::kReadingRequest:
        ReadRequest(c);
        break;
      case ConnState::kWritingHead:
        WriteHead(c);
        break;
      case ConnState::kWritingFile:
        WriteFile(c);
        break;
      case ConnState::kDone:
        break;
    }
    // Keep going while a step completes: the next one may well not block either.
  } while (c.state != before && c.state != ConnState::kDone);
  if (c.state == ConnState::kDone) return;

  uint32_t wanted = c.state == ConnState::kReadingRequest ? EPOLLIN : EPOLLOUT;
  if (wanted != c.interest) {
    epoll_event ev{};
    ev.events = wanted;
    ev.data.u64 = static_cast<uint64_t>(c.fd.get());
    epoll_ctl(loop_.fd(), EPOLL_CTL_MOD, c.fd.get(), &ev);
    c.interest = wanted;
  }
}

void EpollServer::ReadRequest(Connection& c) {
  char buf[4096];
  while (c.parser.status() == ParseStatus::kIncomplete) {
    ssize_t n = recv(c.fd.get(), buf, sizeof(buf), 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;  // wait for EPOLLIN
    if (n <= 0) {
      c.state = ConnState::kDone;  // the client closed or reset before a whole request
      return;
    }
    c.parser.Feed(std::string_view(buf, static_cast<size_t>(n)));
  }
  // The request is complete (or refused): open the file now, while it is this connection's
  // turn. On a page-cached file this does not block; a slow disk would stall every
  // connection here, which is the price of one thread doing everything.
  c.plan = PlanResponse(c.parser.status(), c.parser.request(), context_.root_fd, context_.name);
  c.out = std::move(c.plan.head);
  c.out += c.plan.body;
  c.state = ConnState::kWritingHead;
}

void EpollServer::WriteHead(Connection& c) {
  while (c.out_sent < c.out.size()) {
    int flags = MSG_NOSIGNAL | (c.plan.file.valid() ? MSG_MORE : 0);
    ssize_t n = send(c.fd.get(), c.out.data() + c.out_sent, c.out.size() - c.out_sent, flags);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;  // wait for EPOLLOUT
    if (n < 0) {
      c.state = ConnState::kDone;  // EPIPE / ECONNRESET: the client left
      return;
    }
    c.out_sent += static_cast<size_t>(n);
  }
  if (c.plan.file.valid()) {
    c.state = ConnState::kWritingFile;
  } else {
    context_.counter->Count();
    c.state = ConnState::kDone;
  }
}

void EpollServer::WriteFile(Connection& c) {
  while (static_cast<uint64_t>(c.file_offset) < c.plan.file_size) {
    ssize_t n = sendfile(c.fd.get(), c.plan.file.get(), &c.file_offset,
                         c.plan.file_size - static_cast<uint64_t>(c.file_offset));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;  // socket buffer full
    if (n <= 0) {
      c.state = ConnState::kDone;  // client gone, or the file shrank
      return;
    }
  }
  context_.counter->Count();
  c.state = ConnState::kDone;
}

}  // namespace

absl::Status RunEpollServerLoop(int listen_fd, const ServerContext& context) {
  EpollServer server(listen_fd, context);
  return server.Run();
}

}  // namespace ctrace::workloads
