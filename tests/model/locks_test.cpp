#include "model/locks.h"

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/model/test_events.h"

namespace ctrace {
namespace {

using ::ctrace::testing::Build;
using ::ctrace::testing::Fork;
using ::ctrace::testing::FutexSleep;
using ::ctrace::testing::Switch;
using ::ctrace::testing::Wake;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr uint64_t kMutex = 0x55550000'1000;
constexpr uint64_t kCondvar = 0x55550000'2000;

std::vector<int32_t> Tids(const Model& m, const std::vector<uint32_t>& threads) {
  std::vector<int32_t> tids;
  for (uint32_t t : threads) tids.push_back(m.threads[t].tid);
  return tids;
}

// Process 100: 101 and 102 sleep on one mutex, each released by 100 (on CPU 0); 101 then
// sleeps on a condition variable until the end of the trace.
std::vector<Event> TwoWaitersOneReleaser() {
  return {Fork(100, 0, 100, 100, 1, 1),
          Fork(110, 0, 101, 100, 100, 100),
          Fork(120, 0, 102, 100, 100, 100),
          Switch(1000, 0, 0, 0, 0, 100, 100),
          Switch(1000, 1, 0, 0, 0, 101, 100),
          FutexSleep(1100, 1, 101, 100, kMutex, 102, 100),
          FutexSleep(1300, 1, 102, 100, kMutex),
          Wake(1500, 0, 101, 100, 100, 100),
          Switch(1600, 1, 0, 0, 0, 101, 100),
          Wake(1900, 0, 102, 100, 100, 100),
          FutexSleep(2000, 1, 101, 100, kCondvar, 102, 100)};
}

TEST(LocksTest, WaitsOnOneAddressAreOneLockWithItsWaitersAndReleasers) {
  Model m = Build(TwoWaitersOneReleaser(), 5000);
  std::vector<Lock> locks = ComputeLocks(m);
  ASSERT_EQ(locks.size(), 2u);
  // The condition variable's one wait (2000 to the end, 3000 ns) outweighs the mutex's two
  // (400 + 600 ns): most wait time first.
  EXPECT_EQ(locks[0].address, kCondvar);
  EXPECT_EQ(locks[0].wait_ns, 3000u);
  EXPECT_EQ(locks[0].waits_without_waker, 1u);
  EXPECT_THAT(locks[0].wakers, IsEmpty());

  const Lock& mutex = locks[1];
  EXPECT_EQ(mutex.pid, 100);
  EXPECT_EQ(mutex.address, kMutex);
  EXPECT_EQ(mutex.waits, 2u);
  EXPECT_EQ(mutex.wait_ns, 400u + 600u);
  EXPECT_EQ(mutex.max_wait_ns, 600u);
  EXPECT_EQ(mutex.waits_without_waker, 0u);
  EXPECT_THAT(Tids(m, mutex.waiters), ElementsAre(101, 102));
  EXPECT_THAT(Tids(m, mutex.wakers), ElementsAre(100));
}

TEST(LocksTest, WaitsOnALockAreListedInTimeOrderWithTheirWakers) {
  Model m = Build(TwoWaitersOneReleaser(), 5000);
  std::vector<Lock> locks = ComputeLocks(m);
  ASSERT_EQ(locks.size(), 2u);
  std::vector<LockWait> waits = WaitsOn(m, locks[1]);
  ASSERT_EQ(waits.size(), 2u);
  EXPECT_EQ(m.threads[waits[0].thread].tid, 101);
  EXPECT_EQ(waits[0].start_ns, 1100u);
  EXPECT_EQ(waits[0].end_ns, 1500u);
  EXPECT_EQ(m.threads[waits[0].waker].tid, 100);
  EXPECT_EQ(m.threads[waits[1].thread].tid, 102);
  EXPECT_EQ(waits[1].start_ns, 1300u);
  EXPECT_EQ(waits[1].end_ns, 1900u);
}

TEST(LocksTest, TheSameAddressInTwoProcessesIsTwoLocks) {
  Model m = Build({Fork(100, 0, 100, 100, 1, 1), Fork(100, 1, 200, 200, 1, 1),
                   Switch(1000, 0, 0, 0, 0, 100, 100), Switch(1000, 1, 0, 0, 0, 200, 200),
                   FutexSleep(1100, 0, 100, 100, kMutex), FutexSleep(1200, 1, 200, 200, kMutex),
                   Wake(1500, 1, 100, 100, 0, 0), Wake(1700, 0, 200, 200, 0, 0)},
                  2000);
  std::vector<Lock> locks = ComputeLocks(m);
  ASSERT_EQ(locks.size(), 2u);
  EXPECT_EQ(locks[0].pid, 200);  // 500 ns waited before 100's 400 ns: the longer wait first
  EXPECT_EQ(locks[0].wait_ns, 500u);
  EXPECT_EQ(locks[1].pid, 100);
  EXPECT_EQ(locks[1].wait_ns, 400u);
  EXPECT_NE(locks[0].process, locks[1].process);
  EXPECT_EQ(locks[0].address, locks[1].address);
}

TEST(LocksTest, AWaiterWokenByAnInterruptHasNoWaker) {
  Model m = Build({Fork(100, 0, 100, 100, 1, 1), Switch(1000, 0, 0, 0, 0, 100, 100),
                   FutexSleep(1100, 0, 100, 100, kMutex), Wake(1400, 0, 100, 100, 0, 0),
                   Switch(1500, 0, 0, 0, 0, 100, 100)},
                  2000);
  std::vector<Lock> locks = ComputeLocks(m);
  ASSERT_EQ(locks.size(), 1u);
  EXPECT_EQ(locks[0].waits, 1u);
  EXPECT_EQ(locks[0].wait_ns, 300u);
  EXPECT_EQ(locks[0].waits_without_waker, 1u);
  EXPECT_THAT(locks[0].wakers, IsEmpty());
  EXPECT_THAT(Tids(m, locks[0].waiters), ElementsAre(100));
}

TEST(LocksTest, OtherSleepsAndSleepsWithoutArgumentsAreNotLocks) {
  Event read = Switch(1100, 0, 100, 100, kTaskInterruptible, 0, 0, false, 0);
  read.sched_switch.wait_args[0] = 3;                 // read(3, ...)
  Event v1_futex = FutexSleep(1300, 0, 100, 100, 0);  // a version 1 trace: no arguments
  Model m = Build({Fork(100, 0, 100, 100, 1, 1), Switch(1000, 0, 0, 0, 0, 100, 100), read,
                   Wake(1200, 0, 100, 100, 0, 0), Switch(1250, 0, 0, 0, 0, 100, 100), v1_futex},
                  2000);
  EXPECT_THAT(ComputeLocks(m), IsEmpty());
}

Event AddressName(uint64_t ts, int32_t tid, int32_t pid, uint64_t address, uint32_t name) {
  Event e = ::ctrace::testing::Base(ts, EventKind::kAddressName, 0, tid, pid);
  e.address_name = {address, name, 3};
  return e;
}

// The recorder names an address once per process image (format version 3); the model gives
// each lock its process's first name for the address, never another process's.
TEST(LocksTest, ALockIsNamedByItsOwnProcessesNameForTheAddress) {
  std::vector<Event> events = TwoWaitersOneReleaser();
  events.push_back(Fork(2100, 0, 200, 200, 1, 1));
  events.push_back(AddressName(2200, 101, 100, kMutex, 1));
  events.push_back(AddressName(2300, 102, 100, kMutex, 2));    // a second name: the first stands
  events.push_back(AddressName(2400, 200, 200, kCondvar, 2));  // another process's address
  events.push_back(AddressName(2500, 999, 100, kCondvar, 2));  // by a thread never seen
  Model m = Build(events, 5000);
  m.strings = {"", "shared_mutex", "other", "/usr/bin/program"};
  std::vector<Lock> locks = ComputeLocks(m);
  ASSERT_EQ(locks.size(), 2u);
  EXPECT_EQ(locks[0].address, kCondvar);
  EXPECT_EQ(LockName(m, locks[0]), "");
  EXPECT_EQ(locks[1].address, kMutex);
  EXPECT_EQ(LockName(m, locks[1]), "shared_mutex");
  EXPECT_EQ(m.String(locks[1].object), "/usr/bin/program");
}

}  // namespace
}  // namespace ctrace
