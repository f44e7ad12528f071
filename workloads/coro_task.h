// The two coroutine types ctrace-server-coroutine is built from, kept small enough to read:
//  - Task<T>: a lazily started coroutine that another coroutine co_awaits for its result.
//    Completion resumes the awaiting coroutine directly (symmetric transfer), so a chain of
//    awaits never grows the thread's stack.
//  - Spawn(task): starts a Task<void> that nobody awaits; its frame frees itself at the end.
//  - Prepare(task): the same, but not started yet: the caller resumes the handle it gets.
// Coroutines here do not throw: an exception escaping one terminates the program.
#ifndef CTRACE_WORKLOADS_CORO_TASK_H_
#define CTRACE_WORKLOADS_CORO_TASK_H_

#include <coroutine>
#include <exception>
#include <optional>
#include <utility>

namespace ctrace::workloads {
namespace coro_detail {

// At its end a task hands control straight to whoever awaited it.
struct FinalAwaiter {
  bool await_ready() noexcept { return false; }
  template <typename Promise>
  std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> done) noexcept {
    std::coroutine_handle<> next = done.promise().continuation;
    return next ? next : std::noop_coroutine();
  }
  void await_resume() noexcept {}
};

struct PromiseBase {
  std::coroutine_handle<> continuation;
  // Lazy: the body starts only when awaited, so the awaiter is known before it can finish.
  std::suspend_always initial_suspend() noexcept { return {}; }
  FinalAwaiter final_suspend() noexcept { return {}; }
  void unhandled_exception() noexcept { std::terminate(); }
};

}  // namespace coro_detail

template <typename T = void>
class [[nodiscard]] Task;

template <typename T>
class [[nodiscard]] Task {
 public:
  struct promise_type : coro_detail::PromiseBase {
    std::optional<T> value;
    Task get_return_object() {
      return Task(std::coroutine_handle<promise_type>::from_promise(*this));
    }
    void return_value(T v) { value = std::move(v); }
  };

  Task(Task&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;
  Task& operator=(Task&&) = delete;
  ~Task() {
    if (handle_) handle_.destroy();
  }

  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> awaiting) noexcept {
    handle_.promise().continuation = awaiting;
    return handle_;  // start the body now, on this thread
  }
  T await_resume() { return std::move(*handle_.promise().value); }

 private:
  explicit Task(std::coroutine_handle<promise_type> h) : handle_(h) {}
  std::coroutine_handle<promise_type> handle_;
};

template <>
class [[nodiscard]] Task<void> {
 public:
  struct promise_type : coro_detail::PromiseBase {
    Task get_return_object() {
      return Task(std::coroutine_handle<promise_type>::from_promise(*this));
    }
    void return_void() {}
  };

  Task(Task&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;
  Task& operator=(Task&&) = delete;
  ~Task() {
    if (handle_) handle_.destroy();
  }

  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> awaiting) noexcept {
    handle_.promise().continuation = awaiting;
    return handle_;
  }
  void await_resume() {}

 private:
  explicit Task(std::coroutine_handle<promise_type> h) : handle_(h) {}
  std::coroutine_handle<promise_type> handle_;
};

namespace coro_detail {

// The frame of a spawned task's owner: starts at once and is freed when it finishes
// (suspend_never at both ends), taking the awaited Task's frame with it.
struct Detached {
  struct promise_type {
    Detached get_return_object() noexcept { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept { std::terminate(); }
  };
};

// As Detached, but created suspended: its owner decides when it first runs (the M:N
// scheduler queues it), through the handle it returns.
struct DetachedLazy {
  struct promise_type {
    DetachedLazy get_return_object() noexcept {
      return {std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept { std::terminate(); }
  };
  std::coroutine_handle<> handle;
};

}  // namespace coro_detail

// Runs `task` until its first suspension and returns; the task goes on by itself when the
// reactor resumes it.
inline coro_detail::Detached Spawn(Task<void> task) { co_await task; }

// Makes `task` a detached coroutine that has not started: resuming the handle runs it up to
// its first suspension, and it frees itself at its end.
inline coro_detail::DetachedLazy Prepare(Task<void> task) { co_await task; }

}  // namespace ctrace::workloads

#endif  // CTRACE_WORKLOADS_CORO_TASK_H_
