// The `ctrace` command line: the table of subcommands and the one place that runs one and
// turns what it returns into output and an exit code (see cli/subcommand.h).
#ifndef CTRACE_CLI_SUBCOMMANDS_H_
#define CTRACE_CLI_SUBCOMMANDS_H_

#include <span>

#include "cli/subcommand.h"

namespace ctrace::cli {

// Every subcommand, in the order `ctrace help` lists them.
std::span<const Subcommand> Subcommands();

// `ctrace ARGS...` (argv[0] is the program): main() is this.
int CtraceMain(int argc, char** argv);

}  // namespace ctrace::cli

#endif  // CTRACE_CLI_SUBCOMMANDS_H_
