// Reads a trace file and builds its model, streaming chunk by chunk.
#ifndef CTRACE_MODEL_LOAD_MODEL_H_
#define CTRACE_MODEL_LOAD_MODEL_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "model/model.h"
#include "model/timeline_builder.h"

namespace ctrace {

// Fails with the reader's error (naming the file and chunk) on a missing or corrupt file. A
// file cut off after a whole chunk is not an error: Model::truncated says so.
// `progress`, if set, is called on the loading thread after each chunk is applied, with the
// file's bytes read so far and its size.
using LoadProgress = std::function<void(uint64_t read_bytes, uint64_t file_bytes)>;
absl::StatusOr<Model> LoadModel(const std::string& path, TimelineBuilderOptions options = {},
                                const LoadProgress& progress = {});

}  // namespace ctrace

#endif  // CTRACE_MODEL_LOAD_MODEL_H_
