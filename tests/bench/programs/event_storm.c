/* An event storm for the recorder's sustained-rate benchmark: THREADS threads (default 2,
 * one per CPU of these machines) call epoll_wait with a zero timeout in a tight loop for
 * SECONDS. Each call is one recorded syscall span (an enter and an exit event), a few
 * hundred nanoseconds apart, so the storm's event rate is set by the CPUs, not by sleeps.
 * usage: event_storm SECONDS [THREADS]; prints calls and calls/s. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

static double seconds;
static double start;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void* storm(void* arg) {
  long* calls = arg;
  int ep = epoll_create1(0);
  struct epoll_event ev;
  for (long i = 0;; i++) {
    if ((i & 4095) == 0 && now() - start >= seconds) break;
    epoll_wait(ep, &ev, 1, 0);
    (*calls)++;
  }
  close(ep);
  return NULL;
}

int main(int argc, char** argv) {
  seconds = argc > 1 ? atof(argv[1]) : 0;
  int threads = argc > 2 ? atoi(argv[2]) : 2;
  if (seconds <= 0 || threads <= 0 || threads > 64) {
    fprintf(stderr, "usage: event_storm SECONDS [THREADS]\n");
    return 2;
  }
  pthread_t t[64];
  long calls[64] = {0};
  start = now();
  for (int i = 0; i < threads; i++) pthread_create(&t[i], NULL, storm, &calls[i]);
  long total = 0;
  for (int i = 0; i < threads; i++) {
    pthread_join(t[i], NULL);
    total += calls[i];
  }
  double elapsed = now() - start;
  printf("calls %ld seconds %.3f calls_per_second %.0f\n", total, elapsed, total / elapsed);
  return 0;
}
