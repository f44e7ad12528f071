/* ctrace-demo: the default workload `scripts/demo.sh` records. One small job that touches
 * each way a program waits, so its trace shows every state the timeline draws:
 *   - a pool of 3 worker threads fed jobs through a mutex + condition variable (futex waits);
 *   - a dispatcher thread blocked in epoll_wait on a pipe the main thread writes to;
 *   - a child process (fork + exec of /bin/sh) that hashes for a while and exits 0;
 *   - CPU-bound jobs, so workers preempt each other on 2 CPUs.
 * usage: ctrace-demo [JOBS]   (default 48) */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/wait.h>
#include <unistd.h>

#define WORKERS 3

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ready = PTHREAD_COND_INITIALIZER;
static int queued, done_jobs, closing;
static int notify[2];

static uint64_t burn(int rounds) { /* a few milliseconds of arithmetic */
  uint64_t x = 88172645463325252ull;
  for (int i = 0; i < rounds * 100000; i++) x ^= x << 13, x ^= x >> 7, x ^= x << 17;
  return x;
}

static void* worker(void* arg) {
  char name[16];
  snprintf(name, sizeof(name), "worker-%ld", (long)arg);
  pthread_setname_np(pthread_self(), name);
  for (;;) {
    pthread_mutex_lock(&lock);
    while (queued == 0 && !closing) pthread_cond_wait(&ready, &lock);
    if (queued == 0 && closing) {
      pthread_mutex_unlock(&lock);
      return NULL;
    }
    queued--;
    pthread_mutex_unlock(&lock);
    volatile uint64_t sink = burn(20);
    (void)sink;
    pthread_mutex_lock(&lock);
    done_jobs++;
    pthread_mutex_unlock(&lock);
    char c = 'd';
    if (write(notify[1], &c, 1) != 1) perror("ctrace-demo: write");
  }
}

/* Waits in epoll for job completions, the way an event loop waits for sockets. */
static void* dispatcher(void* arg) {
  long jobs = (long)arg;
  pthread_setname_np(pthread_self(), "dispatcher");
  int ep = epoll_create1(0);
  struct epoll_event ev = {.events = EPOLLIN, .data.fd = notify[0]};
  epoll_ctl(ep, EPOLL_CTL_ADD, notify[0], &ev);
  long seen = 0;
  while (seen < jobs) {
    struct epoll_event out[4];
    int n = epoll_wait(ep, out, 4, 100);
    for (int i = 0; i < n; i++) {
      char buf[64];
      ssize_t got = read(out[i].data.fd, buf, sizeof(buf));
      if (got > 0) seen += got;
    }
  }
  close(ep);
  return NULL;
}

int main(int argc, char** argv) {
  long jobs = argc > 1 ? atol(argv[1]) : 48;
  if (jobs <= 0) {
    fprintf(stderr, "usage: ctrace-demo [JOBS]\n");
    return 2;
  }
  if (pipe(notify) != 0) {
    perror("ctrace-demo: pipe");
    return 1;
  }
  pid_t child = fork();
  if (child == 0) {
    execl("/bin/sh", "sh", "-c", "i=0; while [ $i -lt 2000 ]; do i=$((i+1)); done", (char*)NULL);
    _exit(127);
  }
  pthread_t workers[WORKERS], disp;
  pthread_create(&disp, NULL, dispatcher, (void*)jobs);
  for (long i = 0; i < WORKERS; i++) pthread_create(&workers[i], NULL, worker, (void*)i);
  for (long i = 0; i < jobs; i++) { /* jobs arrive every 2 ms */
    pthread_mutex_lock(&lock);
    queued++;
    pthread_cond_signal(&ready);
    pthread_mutex_unlock(&lock);
    usleep(2000);
  }
  pthread_join(disp, NULL);
  pthread_mutex_lock(&lock);
  closing = 1;
  pthread_cond_broadcast(&ready);
  pthread_mutex_unlock(&lock);
  for (int i = 0; i < WORKERS; i++) pthread_join(workers[i], NULL);
  int status;
  waitpid(child, &status, 0);
  printf("ctrace-demo: %d jobs done by %d workers; child exited %d\n", done_jobs, WORKERS,
         WEXITSTATUS(status));
  return 0;
}
