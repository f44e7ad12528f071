#include "model/load_model.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "base/status_macros.h"
#include "format/trace_reader.h"

namespace ctrace {
namespace {

// Reading a chunk (read, checksum, decompress, decode) is about a third of loading, and it
// does not depend on the model: a second thread reads the next chunks while this one applies
// the last. A few chunks are in flight at most (each up to 65,536 events, ~3 MB decoded);
// their vectors are handed back to the reader to reuse, so the pipeline allocates only at
// the start.
class ChunkPipeline {
 public:
  explicit ChunkPipeline(TraceReader* reader) : reader_(reader) {
    for (int i = 0; i < kInFlight; ++i) free_.emplace_back();
    thread_ = std::thread([this] { ReadAll(); });
  }
  ~ChunkPipeline() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    changed_.notify_all();
    thread_.join();
  }

  // The next chunk's events, or nullptr at the end of the file or on an error (status()).
  // The chunk returned before is given back to the reader. *end_offset: the file offset just
  // past it.
  const std::vector<Event>* Next(uint64_t* end_offset) {
    std::unique_lock lock(mu_);
    if (current_) {
      free_.push_back(std::move(*current_));
      current_.reset();
      changed_.notify_all();
    }
    changed_.wait(lock, [this] { return !full_.empty() || finished_; });
    if (full_.empty()) return nullptr;
    current_ = std::move(full_.front().events);
    *end_offset = full_.front().end_offset;
    full_.pop_front();
    return &*current_;
  }
  // Valid once Next() returned nullptr.
  const absl::Status& status() const { return status_; }

 private:
  static constexpr int kInFlight = 3;

  void ReadAll() {
    while (true) {
      std::vector<Event> chunk;
      {
        std::unique_lock lock(mu_);
        changed_.wait(lock, [this] { return !free_.empty() || stop_; });
        if (stop_) break;
        chunk = std::move(free_.back());
        free_.pop_back();
      }
      absl::StatusOr<bool> more = reader_->NextChunk(&chunk);
      std::lock_guard lock(mu_);
      if (!more.ok() || !*more) {
        if (!more.ok()) status_ = more.status();
        break;
      }
      full_.push_back({std::move(chunk), reader_->offset()});
      changed_.notify_all();
    }
    std::lock_guard lock(mu_);
    finished_ = true;
    changed_.notify_all();
  }

  TraceReader* reader_;
  std::mutex mu_;
  std::condition_variable changed_;
  struct ReadChunk {
    std::vector<Event> events;
    uint64_t end_offset;
  };
  std::deque<ReadChunk> full_;  // read, waiting to be applied, in file order
  std::vector<std::vector<Event>> free_;
  std::optional<std::vector<Event>> current_;  // being applied
  absl::Status status_;
  bool finished_ = false;  // the reader thread is done (end of file or error)
  bool stop_ = false;      // the consumer is gone
  std::thread thread_;     // last: started once everything above exists
};

}  // namespace

absl::StatusOr<Model> LoadModel(const std::string& path, TimelineBuilderOptions options,
                                const LoadProgress& progress) {
  ASSIGN_OR_RETURN(std::unique_ptr<TraceReader> reader, TraceReader::Open(path));
  TimelineBuilder builder(options);
  {
    ChunkPipeline chunks(reader.get());
    const uint64_t file_bytes = reader->file_size();
    uint64_t offset = 0;
    while (const std::vector<Event>* chunk = chunks.Next(&offset)) {
      builder.Add(*chunk);
      if (progress) progress(offset, file_bytes);
    }
    RETURN_IF_ERROR(chunks.status());
  }  // the reader thread has ended: the reader below is this thread's again
  const TraceReader& r = *reader;
  Model model = builder.Finish(r.trailer() ? r.trailer()->end_monotonic_ns : 0);
  model.header = r.header();
  model.trailer = r.trailer();
  model.truncated = r.truncated();
  model.truncation_reason = r.truncation_reason();
  if (r.header().start_monotonic_ns != 0) {
    model.start_ns = std::min(model.start_ns, r.header().start_monotonic_ns);
    if (model.stats.events == 0) model.start_ns = r.header().start_monotonic_ns;
    model.end_ns = std::max(model.end_ns, model.start_ns);
  }
  model.strings.reserve(r.string_count());
  for (uint32_t id = 0; id < r.string_count(); ++id) model.strings.emplace_back(r.String(id));
  return model;
}

}  // namespace ctrace
