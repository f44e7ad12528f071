// Histograms on a log scale: run-queue latency (runnable -> running) and the time spent in
// epoll_wait calls, for the whole trace or the selected thread only.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "imgui.h"
#include "text/duration_text.h"
#include "viewer/core/time_format.h"
#include "viewer/ui/draw_util.h"
#include "viewer/ui/view.h"

namespace ctrace::viewer {
namespace {

void DrawHistogram(const char* title, const Histogram& h, Rgb color, ImVec2 size) {
  ImGui::BeginGroup();
  ImGui::Text("%s: %llu samples", title, static_cast<unsigned long long>(h.total));
  if (h.total > 0) {
    ImGui::SameLine();
    ImGui::TextDisabled("mean %s, max %s",
                        FormatDurationLabel(double(h.sum_ns) / double(h.total)).c_str(),
                        FormatDurationLabel(double(h.max_ns)).c_str());
  }
  ImVec2 p = ImGui::GetCursorScreenPos();
  float label_h = ImGui::GetTextLineHeight() + 2;
  ImVec2 area(size.x, std::max(40.0f, size.y - label_h * 2));
  ImGui::InvisibleButton(title, ImVec2(area.x, area.y + label_h));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p, ImVec2(p.x + area.x, p.y + area.y), IM_COL32(30, 32, 37, 255));
  int first = h.FirstUsed(), last = h.LastUsed();
  if (first < 0) {
    dl->AddText(ImVec2(p.x + 8, p.y + 8), IM_COL32(150, 150, 150, 255), "no samples");
    ImGui::EndGroup();
    return;
  }
  first = std::max(0, first - 1);
  last = std::min(Histogram::kBuckets - 1, last + 1);
  int n = last - first + 1;
  uint64_t peak = *std::max_element(h.counts.begin(), h.counts.end());
  float bw = area.x / static_cast<float>(n);
  ImGuiIO& io = ImGui::GetIO();
  for (int b = first; b <= last; ++b) {
    uint64_t c = h.counts[static_cast<size_t>(b)];
    float x0 = p.x + static_cast<float>(b - first) * bw;
    float bh = peak == 0 ? 0 : area.y * 0.92f * static_cast<float>(c) / static_cast<float>(peak);
    if (c > 0) bh = std::max(bh, 1.0f);
    dl->AddRectFilled(ImVec2(x0 + 1, p.y + area.y - bh), ImVec2(x0 + bw - 1, p.y + area.y),
                      Col(color));
    // Every other bucket labelled, from its lower bound.
    if ((b - first) % 2 == 0) {
      std::string l = Histogram::BucketLabel(b);
      dl->AddText(ImVec2(x0 + 1, p.y + area.y + 1), IM_COL32(180, 180, 190, 255), l.c_str());
    }
    if (io.MousePos.x >= x0 && io.MousePos.x < x0 + bw && io.MousePos.y >= p.y &&
        io.MousePos.y < p.y + area.y) {
      ImGui::BeginTooltip();
      ImGui::Text("%s .. %s: %llu (%.1f%%)", Histogram::BucketLabel(b).c_str(),
                  Histogram::BucketLabel(b + 1).c_str(), static_cast<unsigned long long>(c),
                  100.0 * double(c) / double(h.total));
      ImGui::EndTooltip();
    }
  }
  ImGui::EndGroup();
}

}  // namespace

void View::DrawHistogramsPanel() {
  int d = selection_.doc >= 0 ? selection_.doc : 0;
  const TraceAnalysis* a = PanelAnalysis(d);
  if (a == nullptr) return;
  const TraceDocument* doc = Doc(d);
  bool thread = selection_.thread != kNoThread && selection_.doc == d;
  ImGui::BeginDisabled(!thread);
  ImGui::Checkbox("selected thread only", &histogram_selected_only_);
  ImGui::EndDisabled();
  Histogram rq = a->runqueue, ep = a->epoll;
  if (thread && histogram_selected_only_) {
    rq = RunqueueLatency(*doc, selection_.thread);
    ep = EpollWait(*doc, selection_.thread);
    ImGui::SameLine();
    ImGui::TextDisabled("%s", std::string(doc->ThreadName(selection_.thread)).c_str());
  }
  ImVec2 avail = ImGui::GetContentRegionAvail();
  ImVec2 each((avail.x - 16) / 2, avail.y);
  DrawHistogram("Run-queue latency", rq, StateColor(ThreadState::kRunnable), each);
  ImGui::SameLine(0, 16);
  DrawHistogram("epoll_wait time", ep, StateColor(ThreadState::kBlockedEpoll), each);
}

}  // namespace ctrace::viewer
