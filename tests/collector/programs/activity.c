/* A program whose every concurrency action is known, for the recorder's integration tests:
 *   - two threads named worker-a and worker-b, each blocks once in epoll_wait(maxevents 8,
 *     timeout 30 ms) on an empty epoll set, then exits;
 *   - one child process that execs this program again with argument "child" and exits 7;
 *   - the main process exits 3.
 * With "child" it exits 7 at once. With "spin SECONDS" it loops creating short threads (for
 * record -p tests). With "syscalls" (for --syscalls tests) a thread named reader calls
 * read(pipe, 64 bytes) while the main thread sleeps 20 ms in clock_nanosleep(CLOCK_MONOTONIC),
 * then writes 5 bytes to the pipe and joins the reader; it exits 0 if the read returned 5.
 * With "pingpong SECONDS" the main thread and a second one pass a byte back and forth over two
 * pipes, so the process switches and wakes every few microseconds (for record -p tests that
 * need events at the instant tracing begins). */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void* worker(void* name) {
  pthread_setname_np(pthread_self(), (const char*)name);
  int ep = epoll_create1(0);
  struct epoll_event events[8];
  int n = epoll_wait(ep, events, 8, 30);
  close(ep);
  return (void*)(long)n;
}

static void* short_thread(void* arg) {
  (void)arg;
  usleep(1000);
  return NULL;
}

static int spin(double seconds) {
  struct timespec start, now;
  clock_gettime(CLOCK_MONOTONIC, &start);
  do {
    pthread_t t;
    if (pthread_create(&t, NULL, short_thread, NULL) == 0) pthread_join(t, NULL);
    usleep(5000);
    clock_gettime(CLOCK_MONOTONIC, &now);
  } while ((now.tv_sec - start.tv_sec) + (now.tv_nsec - start.tv_nsec) / 1e9 < seconds);
  return 0;
}

static int ping_fds[2], pong_fds[2];

static void* ponger(void* arg) {
  (void)arg;
  char c;
  while (read(ping_fds[0], &c, 1) == 1) {
    if (write(pong_fds[1], &c, 1) != 1) break;
  }
  return NULL;
}

static int pingpong(double seconds) {
  if (pipe(ping_fds) != 0 || pipe(pong_fds) != 0) return 1;
  pthread_t t;
  if (pthread_create(&t, NULL, ponger, NULL) != 0) return 1;
  struct timespec start, now;
  clock_gettime(CLOCK_MONOTONIC, &start);
  char c = 'x';
  do {
    if (write(ping_fds[1], &c, 1) != 1 || read(pong_fds[0], &c, 1) != 1) return 1;
    clock_gettime(CLOCK_MONOTONIC, &now);
  } while ((now.tv_sec - start.tv_sec) + (now.tv_nsec - start.tv_nsec) / 1e9 < seconds);
  close(ping_fds[1]);  // the ponger's read returns 0 and it ends
  pthread_join(t, NULL);
  return 0;
}

static int pipe_fds[2];

static void* pipe_reader(void* arg) {
  (void)arg;
  pthread_setname_np(pthread_self(), "reader");
  char buf[64];
  return (void*)(long)read(pipe_fds[0], buf, sizeof(buf));
}

static int syscalls(void) {
  if (pipe(pipe_fds) != 0) return 1;
  pthread_t r;
  pthread_create(&r, NULL, pipe_reader, NULL);
  struct timespec ts = {0, 20 * 1000 * 1000};
  clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL);
  if (write(pipe_fds[1], "hello", 5) != 5) return 1;
  void* n;
  pthread_join(r, &n);
  return (long)n == 5 ? 0 : 1;
}

int main(int argc, char** argv) {
  if (argc > 1 && strcmp(argv[1], "child") == 0) return 7;
  if (argc > 2 && strcmp(argv[1], "spin") == 0) return spin(atof(argv[2]));
  if (argc > 1 && strcmp(argv[1], "syscalls") == 0) return syscalls();
  if (argc > 2 && strcmp(argv[1], "pingpong") == 0) return pingpong(atof(argv[2]));
  pthread_t a, b;
  pthread_create(&a, NULL, worker, "worker-a");
  pthread_create(&b, NULL, worker, "worker-b");
  pthread_join(a, NULL);
  pthread_join(b, NULL);

  pid_t child = fork();
  if (child == 0) {
    execl("/proc/self/exe", argv[0], "child", (char*)NULL);
    _exit(126);
  }
  int status = 0;
  waitpid(child, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 7) {
    fprintf(stderr, "activity: child ended with status %d\n", status);
    return 1;
  }
  const char* home = getenv("HOME");
  printf("uid=%d home=%s\n", (int)getuid(), home ? home : "");
  return 3;
}
