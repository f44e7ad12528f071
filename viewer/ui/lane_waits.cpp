// Why threads waited, drawn over the lanes: the critical path of a thread (a stripe along the
// bottom of each segment's lane, red where the chain ends unexplained, and an arrow at each
// hop from one thread to another) and the waits of the lock chosen in the Locks panel (a
// stripe along the top of the waiter's lane, and an arrow from the waker at the wakeup).
#include <algorithm>

#include "imgui.h"
#include "viewer/ui/draw_util.h"
#include "viewer/ui/view.h"

namespace ctrace::viewer {

bool View::SelectLock(int doc, int index) {
  lock_doc_ = -1;
  lock_index_ = -1;
  lock_waits_.clear();
  if (index < 0) return true;
  const TraceAnalysis* a = Analysis(doc);
  if (a == nullptr || static_cast<size_t>(index) >= a->locks.size()) return false;
  lock_doc_ = doc;
  lock_index_ = index;
  lock_waits_ = WaitsOn(Doc(doc)->model(), a->locks[static_cast<size_t>(index)]);
  return true;
}

bool View::ShowCriticalPath() {
  if (selection_.empty() || selection_.thread == kNoThread) return false;
  const TraceDocument* doc = Doc(selection_.doc);
  if (doc == nullptr) return false;
  const Model& m = doc->model();
  const Thread& th = m.threads[selection_.thread];
  uint64_t from = th.first_ns;
  uint64_t to = th.exit ? th.exit->ts_ns : m.end_ns;
  if (const auto& range = controller_.range()) {
    from = doc->origin_ns() + static_cast<uint64_t>(std::max(0.0, range->first));
    to = doc->origin_ns() + static_cast<uint64_t>(std::max(0.0, range->second));
  }
  path_doc_ = selection_.doc;
  path_ = ComputeCriticalPath(m, selection_.thread, from, to);
  return true;
}

void View::DrawWaitOverlays(ImDrawList* dl, ImVec2 origin, float width, float height) {
  const TimeAxis& axis = controller_.axis();
  auto visible = [&](int row) {
    if (row < 0) return false;
    float y = RowCenterY(row);
    return y > origin.y - 40 && y < origin.y + height + 40;
  };
  auto row_top = [&](int row) {
    const Row& r = layout_.rows[static_cast<size_t>(row)];
    return time_origin_.y + r.y - controller_.scroll_y();
  };
  auto span = [&](const TraceDocument& doc, uint64_t a, uint64_t b, float* x0, float* x1) {
    const double o = static_cast<double>(doc.origin_ns());
    *x0 = origin.x + axis.XOf(static_cast<double>(a) - o);
    *x1 = origin.x + axis.XOf(static_cast<double>(b) - o);
    if (*x1 < origin.x || *x0 > origin.x + width) return false;
    *x0 = std::max(*x0, origin.x);
    *x1 = std::min(std::max(*x1, *x0 + 1), origin.x + width);
    return true;
  };
  constexpr float kStripe = 4;

  if (path_ && path_doc_ >= 0 && static_cast<size_t>(path_doc_) < thread_rows_.size()) {
    const TraceDocument& doc = *Doc(path_doc_);
    const std::vector<int>& rows = thread_rows_[static_cast<size_t>(path_doc_)];
    const std::vector<PathSegment>& segs = path_->segments;
    for (size_t i = 0; i < segs.size(); ++i) {
      const PathSegment& s = segs[i];
      const int row = rows[s.thread];
      float x0, x1;
      if (visible(row) && span(doc, s.start_ns, s.end_ns, &x0, &x1)) {
        const Row& r = layout_.rows[static_cast<size_t>(row)];
        const float bottom = row_top(row) + r.height;
        const Rgb c = s.gap == PathGap::kNone ? kCriticalPath : kCriticalPathEnd;
        dl->AddRectFilled(ImVec2(x0, bottom - kStripe), ImVec2(x1, bottom), Col(c));
      }
      // A hop: the chain moves to another thread's lane at this instant.
      if (i > 0 && segs[i - 1].thread != s.thread) {
        const int a = rows[segs[i - 1].thread];
        if (!visible(a) || !visible(row) || a == row) continue;
        float x, unused;
        if (!span(doc, s.start_ns, s.start_ns, &x, &unused)) continue;
        Arrow(dl, ImVec2(x, RowCenterY(a)), ImVec2(x, RowCenterY(row)), Col(kCriticalPath), 2.0f);
      }
    }
  }

  if (lock_doc_ >= 0 && static_cast<size_t>(lock_doc_) < thread_rows_.size()) {
    const TraceDocument& doc = *Doc(lock_doc_);
    const std::vector<int>& rows = thread_rows_[static_cast<size_t>(lock_doc_)];
    float last_arrow_x = -1e9f;
    for (const LockWait& w : lock_waits_) {
      const int row = rows[w.thread];
      float x0, x1;
      if (!visible(row) || !span(doc, w.start_ns, w.end_ns, &x0, &x1)) continue;
      const float top = row_top(row);
      dl->AddRectFilled(ImVec2(x0, top), ImVec2(x1, top + kStripe), Col(kLockWait));
      if (w.waker == kNoThread || x1 - last_arrow_x < 3) continue;
      const int a = rows[w.waker];
      if (!visible(a) || a == row) continue;
      last_arrow_x = x1;
      Arrow(dl, ImVec2(x1, RowCenterY(a)), ImVec2(x1, RowCenterY(row)), Col(kLockWait, 200), 1.5f);
    }
  }
}

}  // namespace ctrace::viewer
