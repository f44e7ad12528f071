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
#include "model/event_order.h"

namespace ctrace {
namespace {

// Reading a chunk (read, checksum, decompress, decode) and putting the events back in time
// order (model/event_order.h) do not depend on the model: a second thread does both for the
// next chunks while this one applies the last. The applying thread is the one that bounds
// loading (100M events: ~6.5 s of CPU against ~4.9 s for reading), so the ordering is on the
// reading thread, which copies each released event once into the batch it hands over. (On a
// Zen 2 VM the balance is the other way: the applying thread used 4.4 s of CPU in a 5-6 s
// load, waiting for the reader the rest.) A few batches are in flight at most (a chunk's worth
// of events each, ~4 MB); their vectors are handed back to the reader to reuse, so the pipeline
// allocates only at the start. Eight rather than three absorb more of the chunk-to-chunk
// variation of either side (BM_LoadModel/0, 10M events, 4 interleaved pairs: median 571 ->
// 549 ms; 100M: 6322 -> 6127 and 5021 -> 4924 ms), for 20 MB more.
class ChunkPipeline {
 public:
  ChunkPipeline(TraceReader* reader, uint64_t reorder_window_ns)
      : reader_(reader), order_(reorder_window_ns) {
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

  // The next events in time order (those the last chunk read released), or nullptr at the
  // end of the file or on an error (status()). The batch returned before is given back to
  // the reader. *end_offset: the file offset just past the chunk read last.
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
  static constexpr int kInFlight = 8;

  void ReadAll() {
    std::vector<Event> chunk;  // as read: sorted within, overlapping the chunks before
    bool more = true;
    while (more) {
      std::vector<Event> batch;
      {
        std::unique_lock lock(mu_);
        changed_.wait(lock, [this] { return !free_.empty() || stop_; });
        if (stop_) break;
        batch = std::move(free_.back());
        free_.pop_back();
      }
      batch.clear();
      absl::StatusOr<bool> read = reader_->NextChunk(&chunk);
      if (!read.ok()) {
        std::lock_guard lock(mu_);
        status_ = read.status();
        break;
      }
      more = *read;
      const auto keep = [&batch](const Event& e) { batch.push_back(e); };
      if (more) {
        order_.Add(chunk, keep);
      } else {
        order_.Finish(keep);  // the end of the file (or of what it holds whole)
      }
      std::lock_guard lock(mu_);
      full_.push_back({std::move(batch), reader_->offset()});
      changed_.notify_all();
    }
    std::lock_guard lock(mu_);
    finished_ = true;
    changed_.notify_all();
  }

  TraceReader* reader_;
  EventOrder order_;  // the reading thread's
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
    ChunkPipeline chunks(reader.get(), options.reorder_window_ns);
    const uint64_t file_bytes = reader->file_size();
    uint64_t offset = 0;
    uint64_t reported = 0;
    while (const std::vector<Event>* chunk = chunks.Next(&offset)) {
      builder.AddOrdered(*chunk);
      // Once per chunk: the last batch (what the order still held) reads no more of the file.
      if (progress && offset != reported) progress(offset, file_bytes);
      reported = offset;
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
