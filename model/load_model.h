// Reads a trace file and builds its model, streaming chunk by chunk.
#ifndef CTRACE_MODEL_LOAD_MODEL_H_
#define CTRACE_MODEL_LOAD_MODEL_H_

#include <string>

#include "absl/status/statusor.h"
#include "model/model.h"
#include "model/timeline_builder.h"

namespace ctrace {

// Fails with the reader's error (naming the file and chunk) on a missing or corrupt file. A
// file cut off after a whole chunk is not an error: Model::truncated says so.
absl::StatusOr<Model> LoadModel(const std::string& path, TimelineBuilderOptions options = {});

}  // namespace ctrace

#endif  // CTRACE_MODEL_LOAD_MODEL_H_
