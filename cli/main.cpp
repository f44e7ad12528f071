// ctrace: records how a program's processes and threads really run, and reports on it.
#include "cli/subcommands.h"

int main(int argc, char** argv) { return ctrace::cli::CtraceMain(argc, argv); }
