// A program linked at a fixed address (-no-pie, as Go and many older binaries are): prints
// where its global lives, then waits for its stdin to close, so a test can name the address
// in a process whose load bias is zero but whose first segment is not at 0.
#include <stdio.h>
#include <unistd.h>

int non_pie_word[2];

int main(void) {
  printf("%p\n", (void*)&non_pie_word[1]);
  fflush(stdout);
  char c;
  while (read(0, &c, 1) > 0) {
  }
  return 0;
}
