#include "viewer/ui/app.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "format/string_view_compat.h"
#include "imgui.h"
#include "imgui_internal.h"

namespace ctrace::viewer {

App::App() { view_.SetTraces(&traces_); }

App::~App() {
  if (loader_.joinable()) loader_.join();
  analyses_.clear();  // waits for the analyses still running on the documents
}

App::LoadBatch App::Load(std::vector<std::string> paths, bool add,
                         const std::atomic<float>& view_height, std::atomic<float>* fraction) {
  LoadBatch batch;
  batch.add = add;
  for (size_t i = 0; i < paths.size(); ++i) {
    const std::string& p = paths[i];
    // Only stored: the loop's own frames while loading (four a second) show it. Waking the
    // loop at each percent drew a hundred frames a trace instead, on the CPUs the loading
    // needs (software OpenGL draws on the CPU).
    const auto progress = [&](uint64_t read, uint64_t size) {
      if (fraction == nullptr || size == 0) return;
      fraction->store((static_cast<float>(i) + static_cast<float>(read) / size) / paths.size());
    };
    absl::StatusOr<std::unique_ptr<TraceDocument>> doc =
        TraceDocument::Load(p, progress, LaneIndexing::kOnDemand);
    if (doc.ok()) {
      // The lanes the trace opens with in view are indexed now, the rest once it shows
      // (StartAnalyses). Indexing them all first was 143 ms of the 10M-event benchmark
      // trace's ~1 s open.
      (void)IndexLanesInView(**doc, view_height.load());
      batch.docs.push_back(*std::move(doc));
    } else {
      batch.errors.push_back(std::string(doc.status().message()));
    }
  }
  return batch;
}

void App::Accept(LoadBatch batch) {
  if (!batch.errors.empty()) {
    errors_.insert(errors_.end(), batch.errors.begin(), batch.errors.end());
    error_dialog_requested_ = true;
  }
  if (batch.docs.empty()) return;
  if (!batch.add) {
    analyses_.clear();  // the analyses read the documents about to go
    unstarted_.clear();
    drawn_unstarted_ = 0;
    traces_.clear();
  }
  for (auto& doc : batch.docs) {
    unstarted_.push_back(traces_.size());
    traces_.push_back({std::move(doc), nullptr});
    analyses_.emplace_back();  // started after the frame that first shows the trace
  }
  view_.SetTraces(&traces_);
}

void App::StartAnalyses(size_t count) {
  count = std::min(count, unstarted_.size());
  for (size_t k = 0; k < count; ++k) {
    const size_t i = unstarted_[k];
    TraceDocument* d = traces_[i].doc.get();
    d->IndexRestInBackground();
    analyses_[i] = std::async(std::launch::async, [d] { return Analyze(*d); });
  }
  unstarted_.erase(unstarted_.begin(), unstarted_.begin() + static_cast<ptrdiff_t>(count));
  drawn_unstarted_ -= std::min(drawn_unstarted_, count);
}

void App::OpenAsync(std::vector<std::string> paths, bool add) {
  if (paths.empty()) return;
  if (loader_.joinable()) loader_.join();  // one batch at a time
  if (loading_.valid()) Accept(loading_.get());
  loading_paths_ = paths;
  loading_fraction_ = 0;
  std::promise<LoadBatch> done;
  loading_ = done.get_future();
  // A thread of its own rather than std::async: the result must be ready before the wake.
  loader_ = std::thread([this, done = std::move(done), paths = std::move(paths), add]() mutable {
    done.set_value(Load(std::move(paths), add, view_height_, &loading_fraction_));
    if (void (*wake)() = wake_.load()) wake();
  });
}

std::vector<std::string> App::OpenNow(const std::vector<std::string>& paths) {
  LoadBatch batch = Load(paths, false, view_height_);
  std::vector<std::string> errors = batch.errors;
  Accept(std::move(batch));
  return errors;
}

void App::WaitUntilIdle() {
  if (loading_.valid()) Accept(loading_.get());
  StartAnalyses(unstarted_.size());
  for (size_t i = 0; i < analyses_.size(); ++i) {
    if (analyses_[i].valid()) traces_[i].analysis = analyses_[i].get();
  }
}

bool App::busy() const {
  if (loading_.valid() || !unstarted_.empty()) return true;
  for (const auto& a : analyses_) {
    if (a.valid()) return true;
  }
  return false;
}

void App::Poll() {
  using namespace std::chrono_literals;
  StartAnalyses(drawn_unstarted_);  // those the last frame drew, if FrameShown was not called
  if (loading_.valid() && loading_.wait_for(0s) == std::future_status::ready) {
    Accept(loading_.get());
  }
  for (size_t i = 0; i < analyses_.size(); ++i) {
    if (analyses_[i].valid() && analyses_[i].wait_for(0s) == std::future_status::ready) {
      traces_[i].analysis = analyses_[i].get();
    }
  }
}

ViewState App::State() const {
  ViewState s = view_.State();
  if (!errors_.empty()) s.error = errors_.back();
  s.window_width = static_cast<int>(ImGui::GetIO().DisplaySize.x);
  s.window_height = static_cast<int>(ImGui::GetIO().DisplaySize.y);
  return s;
}

void App::InstallSettingsHandler() {
  ImGuiSettingsHandler h;
  h.TypeName = "CtraceView";
  h.TypeHash = ImHashStr("CtraceView");
  h.UserData = this;
  h.ReadOpenFn = [](ImGuiContext*, ImGuiSettingsHandler* handler, const char* name) -> void* {
    return std::string_view(name) == "Layout" ? handler->UserData : nullptr;
  };
  h.ReadLineFn = [](ImGuiContext*, ImGuiSettingsHandler*, void* entry, const char* line) {
    ViewSettings& s = static_cast<App*>(entry)->view_.settings();
    float f;
    int i;
    if (std::sscanf(line, "SideWidth=%f", &f) == 1) s.side_width = f;
    if (std::sscanf(line, "BottomHeight=%f", &f) == 1) s.bottom_height = f;
    if (std::sscanf(line, "LabelWidth=%f", &f) == 1) s.label_width = f;
    if (std::sscanf(line, "TintByCpu=%d", &i) == 1) s.tint_by_cpu = i != 0;
    if (std::sscanf(line, "CpuLanes=%d", &i) == 1) s.show_cpu_lanes = i != 0;
    if (std::sscanf(line, "CreationFlows=%d", &i) == 1) s.show_creation_flows = i != 0;
    if (std::sscanf(line, "WakeFlows=%d", &i) == 1) s.show_wake_flows = i != 0;
    if (std::sscanf(line, "BottomTab=%d", &i) == 1) s.bottom_tab = i;
    int w, h;
    if (std::sscanf(line, "WindowSize=%dx%d", &w, &h) == 2) {
      s.window_width = w;
      s.window_height = h;
    }
  };
  h.WriteAllFn = [](ImGuiContext*, ImGuiSettingsHandler* handler, ImGuiTextBuffer* out) {
    const ViewSettings& s = static_cast<App*>(handler->UserData)->view_.settings();
    out->appendf("[%s][Layout]\n", handler->TypeName);
    out->appendf("SideWidth=%.0f\nBottomHeight=%.0f\nLabelWidth=%.0f\n", s.side_width,
                 s.bottom_height, s.label_width);
    out->appendf("TintByCpu=%d\nCpuLanes=%d\nCreationFlows=%d\nWakeFlows=%d\nBottomTab=%d\n",
                 s.tint_by_cpu, s.show_cpu_lanes, s.show_creation_flows, s.show_wake_flows,
                 s.bottom_tab);
    const ImVec2 size = ImGui::GetIO().DisplaySize;
    if (size.x > 0 && size.y > 0) {
      out->appendf("WindowSize=%dx%d\n", static_cast<int>(size.x), static_cast<int>(size.y));
    }
    out->append("\n");
  };
  ImGui::GetCurrentContext()->SettingsHandlers.push_back(h);
}

void App::DrawMenuBar() {
  bool open = false, add = false;
  ImGuiIO& io = ImGui::GetIO();
  if (io.KeyCtrl && ImGui::IsKeyPressed('O', false)) open = true;
  if (io.KeyCtrl && ImGui::IsKeyPressed('Q', false)) quit_ = true;
  if (ImGui::BeginMenuBar()) {
    if (ImGui::BeginMenu("File")) {
      if (ImGui::MenuItem("Open...", "Ctrl+O")) open = true;
      if (ImGui::MenuItem("Add to comparison...")) add = true;
      if (ImGui::MenuItem("Close all", nullptr, false, !traces_.empty())) {
        analyses_.clear();
        traces_.clear();
        view_.SetTraces(&traces_);
      }
      ImGui::Separator();
      if (ImGui::MenuItem("Quit", "Ctrl+Q")) quit_ = true;
      ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("View")) {
      ViewSettings& s = view_.settings();
      if (ImGui::MenuItem("Fit all", "F")) view_.controller().axis().Fit();
      const auto& r = view_.controller().range();
      if (ImGui::MenuItem("Zoom to range", "Z", false, r.has_value()) && r) {
        view_.controller().axis().ZoomToRange(r->first, r->second);
      }
      ImGui::Separator();
      bool changed = ImGui::MenuItem("Tint running by CPU", nullptr, &s.tint_by_cpu);
      changed |= ImGui::MenuItem("CPU lanes", nullptr, &s.show_cpu_lanes);
      changed |= ImGui::MenuItem("Creation flows", nullptr, &s.show_creation_flows);
      changed |= ImGui::MenuItem("Wakeups of the selection", nullptr, &s.show_wake_flows);
      if (ImGui::MenuItem("Reset layout")) {
        s = ViewSettings();
        changed = true;
      }
      if (changed) ImGui::MarkIniSettingsDirty();
      ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Help")) {
      if (ImGui::MenuItem("Controls")) help_requested_ = true;
      ImGui::EndMenu();
    }
    if (loading_.valid()) {
      ImGui::TextColored(ImVec4(1, 0.85f, 0.4f, 1), "  loading %s ... %d%%",
                         absl::StrJoin(loading_paths_, ", ").c_str(),
                         static_cast<int>(loading_fraction_.load() * 100));
    } else {
      std::string names;
      for (const LoadedTrace& t : traces_)
        absl::StrAppend(&names, names.empty() ? "" : "  |  ", ToAbsl(t.doc->name()));
      ImGui::TextDisabled("  %s", names.c_str());
    }
    ImGui::EndMenuBar();
  }
  if (open || add) dialog_.Open(add);
}

void App::DrawErrorDialog() {
  const char* title = "Cannot open trace";
  if (error_dialog_requested_) {
    ImGui::OpenPopup(title);
    error_dialog_requested_ = false;
  }
  ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(
      ImVec2(vp->WorkPos.x + vp->WorkSize.x / 2, vp->WorkPos.y + vp->WorkSize.y / 2),
      ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  if (ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    for (const std::string& e : errors_) {
      ImGui::TextColored(ImVec4(1, 0.45f, 0.45f, 1), "%s", e.c_str());
    }
    ImGui::Spacing();
    if (ImGui::Button("OK", ImVec2(120, 0)) ||
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false)) {
      errors_.clear();
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }
}

void App::DrawControlsHelp() {
  const char* title = "Controls";
  if (help_requested_) {
    ImGui::OpenPopup(title);
    help_requested_ = false;
  }
  if (ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    const char* lines[] = {
        "Mouse wheel          zoom around the cursor (shift: scroll lanes)",
        "W / S                zoom in / out",
        "A / D                pan left / right",
        "Left drag            pan (both directions)",
        "Click                select an interval, CPU slice or thread name",
        "Right drag           select a time range (also shift+drag, or drag the ruler)",
        "Z                    zoom to the selected range",
        "F                    fit the whole trace",
        "Esc                  clear the range",
        "Click a group name   fold or unfold it",
        "Ctrl+O / drop files  open traces (several: compare)",
    };
    for (const char* l : lines) ImGui::TextUnformatted(l);
    if (ImGui::Button("Close", ImVec2(120, 0))) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
}

void App::Frame() {
  Poll();
  ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(4, 4));
  // No background of its own: the window's clear is its colour (viewer/app/window.cpp).
  ImGui::Begin("##ctrace-view", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_MenuBar |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoBackground);
  ImGui::PopStyleVar(2);
  DrawMenuBar();
  view_.Draw(ImGui::GetCursorScreenPos(), ImGui::GetContentRegionAvail());
  view_height_ = view_.lanes_height();
  drawn_unstarted_ = unstarted_.size();  // not those OpenAsync may accept below
  std::vector<std::string> paths;
  bool add = false;
  if (dialog_.Draw(&paths, &add)) OpenAsync(std::move(paths), add);
  DrawErrorDialog();
  DrawControlsHelp();
  ImGui::End();
}

}  // namespace ctrace::viewer
