// The two status macros every fallible function here would otherwise write by hand.
// Abseil keeps its own (absl/status/status_macros.h is not public), so ctrace has these.
//
//   RETURN_IF_ERROR(writer->Flush());
//   ASSIGN_OR_RETURN(std::unique_ptr<TraceReader> reader, TraceReader::Open(path));
//
// RETURN_IF_ERROR takes an absl::Status; ASSIGN_OR_RETURN an absl::StatusOr<T>, whose value
// it moves into `lhs` (a declaration or an existing variable). Either returns the error
// unchanged, so the function must return absl::Status or absl::StatusOr<U>.
#ifndef CTRACE_BASE_STATUS_MACROS_H_
#define CTRACE_BASE_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define RETURN_IF_ERROR(expr)                                           \
  do {                                                                  \
    if (::absl::Status ctrace_status_ = (expr); !ctrace_status_.ok()) { \
      return ctrace_status_;                                            \
    }                                                                   \
  } while (false)

#define CTRACE_STATUS_CONCAT_INNER_(a, b) a##b
#define CTRACE_STATUS_CONCAT_(a, b) CTRACE_STATUS_CONCAT_INNER_(a, b)

#define ASSIGN_OR_RETURN(lhs, expr) \
  CTRACE_ASSIGN_OR_RETURN_IMPL_(CTRACE_STATUS_CONCAT_(ctrace_statusor_, __LINE__), lhs, expr)

#define CTRACE_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                                  \
  if (!statusor.ok()) return std::move(statusor).status(); \
  lhs = *std::move(statusor)

#endif  // CTRACE_BASE_STATUS_MACROS_H_
