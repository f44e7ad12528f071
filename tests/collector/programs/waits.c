/* Known waits, for the integration tests of why threads waited:
 *   waits timer  - threads spinner and sleeper, both pinned to CPU 0: the sleeper sleeps 1 ms
 *                  40 times while the spinner spins, so each sleep's timer fires on top of
 *                  the spinner (which did not wake anyone);
 *   waits chain  - thread a waits on a condition variable that thread b signals once it has
 *                  read a byte from a pipe, which thread c writes after sleeping 50 ms: a
 *                  waited for b, b for c, c for its sleep.
 * Exits 0 when every thread did its part. */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static atomic_int done;

static void PinToCpu0(void) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(0, &set);
  pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

static void SleepMs(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) != 0) {
  }
}

static void* Spinner(void* arg) {
  (void)arg;
  pthread_setname_np(pthread_self(), "spinner");
  PinToCpu0();
  volatile unsigned long n = 0;
  while (!atomic_load(&done)) ++n;
  return NULL;
}

static void* Sleeper(void* arg) {
  (void)arg;
  pthread_setname_np(pthread_self(), "sleeper");
  PinToCpu0();
  for (int i = 0; i < 40; ++i) SleepMs(1);
  atomic_store(&done, 1);
  return NULL;
}

static int Timer(void) {
  pthread_t spinner, sleeper;
  pthread_create(&spinner, NULL, Spinner, NULL);
  pthread_create(&sleeper, NULL, Sleeper, NULL);
  pthread_join(sleeper, NULL);
  pthread_join(spinner, NULL);
  return 0;
}

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ready = PTHREAD_COND_INITIALIZER;
static int signalled;
static int fds[2];

static void* A(void* arg) {
  (void)arg;
  pthread_setname_np(pthread_self(), "a");
  pthread_mutex_lock(&lock);
  while (!signalled) pthread_cond_wait(&ready, &lock);
  pthread_mutex_unlock(&lock);
  return NULL;
}

static void* B(void* arg) {
  (void)arg;
  pthread_setname_np(pthread_self(), "b");
  char byte;
  if (read(fds[0], &byte, 1) != 1) return (void*)1;
  pthread_mutex_lock(&lock);
  signalled = 1;
  pthread_cond_signal(&ready);
  pthread_mutex_unlock(&lock);
  return NULL;
}

static void* C(void* arg) {
  (void)arg;
  pthread_setname_np(pthread_self(), "c");
  SleepMs(50);
  return write(fds[1], "x", 1) == 1 ? NULL : (void*)1;
}

static int Chain(void) {
  if (pipe(fds) != 0) return 1;
  pthread_t a, b, c;
  pthread_create(&a, NULL, A, NULL);
  pthread_create(&b, NULL, B, NULL);
  pthread_create(&c, NULL, C, NULL);
  void* rb;
  void* rc;
  pthread_join(c, &rc);
  pthread_join(b, &rb);
  pthread_join(a, NULL);
  return rb == NULL && rc == NULL ? 0 : 1;
}

int main(int argc, char** argv) {
  if (argc == 2 && strcmp(argv[1], "timer") == 0) return Timer();
  if (argc == 2 && strcmp(argv[1], "chain") == 0) return Chain();
  fprintf(stderr, "usage: waits timer|chain\n");
  return 2;
}
