// ctrace: records how a program's processes and threads really run, and reports on it.
#include "cli/subcommands.h"
#include "model/malloc_tuning.h"

int main(int argc, char** argv) {
  ctrace::TuneMallocForBigModels();
  return ctrace::cli::CtraceMain(argc, argv);
}
