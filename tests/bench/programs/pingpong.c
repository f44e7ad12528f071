/* Pipe ping-pong between pairs of threads: each round trip is two writes, two reads and (on
 * one CPU) two context switches with two wakeups. The recording-overhead benchmark runs one
 * pair pinned to one CPU; the event storm runs several pairs on every CPU.
 *
 * usage: pingpong ROUNDS [PAIRS]        ROUNDS round trips per pair
 *        pingpong --seconds S [PAIRS]   as many as fit in S seconds
 * Prints round trips, seconds and microseconds per round trip. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct pair {
  int ping[2], pong[2];
  long rounds;     /* 0: until the deadline */
  double deadline; /* monotonic seconds */
  long done;
};

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void* ponger(void* arg) {
  struct pair* p = arg;
  char c;
  while (read(p->ping[0], &c, 1) == 1 && c) {
    if (write(p->pong[1], &c, 1) != 1) break;
  }
  return NULL;
}

static void* pinger(void* arg) {
  struct pair* p = arg;
  char c = 1, r;
  for (long i = 0; p->rounds ? i < p->rounds : 1; i++) {
    if (!p->rounds && (i & 1023) == 0 && now() >= p->deadline) break;
    if (write(p->ping[1], &c, 1) != 1 || read(p->pong[0], &r, 1) != 1) break;
    p->done++;
  }
  c = 0;
  if (write(p->ping[1], &c, 1) != 1) perror("pingpong: write");
  return NULL;
}

int main(int argc, char** argv) {
  long rounds = 0;
  double seconds = 0;
  int argi = 1;
  if (argc > 2 && strcmp(argv[1], "--seconds") == 0) {
    seconds = atof(argv[2]);
    argi = 3;
  } else if (argc > 1) {
    rounds = atol(argv[1]);
    argi = 2;
  }
  int pairs = argc > argi ? atoi(argv[argi]) : 1;
  if ((rounds <= 0 && seconds <= 0) || pairs <= 0 || pairs > 64) {
    fprintf(stderr, "usage: pingpong ROUNDS [PAIRS] | pingpong --seconds S [PAIRS]\n");
    return 2;
  }
  struct pair p[64];
  pthread_t threads[128];
  double start = now();
  for (int i = 0; i < pairs; i++) {
    memset(&p[i], 0, sizeof(p[i]));
    if (pipe(p[i].ping) || pipe(p[i].pong)) {
      perror("pingpong: pipe");
      return 1;
    }
    p[i].rounds = rounds;
    p[i].deadline = start + seconds;
    pthread_create(&threads[2 * i], NULL, ponger, &p[i]);
    pthread_create(&threads[2 * i + 1], NULL, pinger, &p[i]);
  }
  long total = 0;
  for (int i = 0; i < 2 * pairs; i++) pthread_join(threads[i], NULL);
  for (int i = 0; i < pairs; i++) total += p[i].done;
  double elapsed = now() - start;
  printf("round_trips %ld seconds %.6f us_per_round_trip %.3f\n", total, elapsed,
         total ? elapsed * 1e6 / total * pairs : 0.0);
  return 0;
}
