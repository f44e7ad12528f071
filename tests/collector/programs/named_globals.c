// A library with global variables for the address-naming tests to find by address, loaded
// with dlopen (not linked, so the test program gets no copy of them: their addresses are the
// library's own, in its .bss and .data).
#include <pthread.h>

pthread_mutex_t library_lock = PTHREAD_MUTEX_INITIALIZER;  // all zeros: in .bss
struct {
  int first;
  int second;
} library_pair = {1, 2};  // initialised: in .data
