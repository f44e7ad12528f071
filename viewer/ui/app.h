// The application around the view: opening traces (in the background, from the command
// line, File > Open, or files dropped on the window), the menu bar, the error dialog, and
// the view's settings kept in imgui.ini. Knows nothing of GLFW or OpenGL: the program
// (viewer/app/) drives it once per frame between ImGui::NewFrame and ImGui::Render.
#ifndef CTRACE_VIEWER_UI_APP_H_
#define CTRACE_VIEWER_UI_APP_H_

#include <atomic>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "viewer/ui/file_dialog.h"
#include "viewer/ui/view.h"

namespace ctrace::viewer {

class App {
 public:
  App();
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // Registers the [CtraceView][Layout] section of imgui.ini. Call once after
  // ImGui::CreateContext and before the first frame.
  void InstallSettingsHandler();

  // Called from the loading thread when a batch has loaded (the program wakes its event
  // loop with it, so the trace is drawn at once while the loop otherwise sleeps). May be set
  // while a batch is loading (the window is created while the first one loads).
  void SetWakeCallback(void (*wake)()) { wake_ = wake; }

  // How many pixels tall the traces opened next will be shown: a trace's lanes within them
  // are indexed before it is shown, the others after (lane_indexes.h). Set it to the
  // window's height before the first frame; each frame then sets it to the lanes' area.
  // Until set, a 4K screen's.
  void SetViewHeight(float px) { view_height_ = px; }

  // Loads `paths` in the background; they replace the open traces, or join them (`add`).
  void OpenAsync(std::vector<std::string> paths, bool add);
  // Loads `paths` now and starts their analyses; returns one message per file that failed
  // (they are also shown in the error dialog).
  std::vector<std::string> OpenNow(const std::vector<std::string>& paths);
  // Waits for loading and analyses to finish (screenshots).
  void WaitUntilIdle();

  // One frame: the menu bar, the view and the dialogs, filling the main viewport.
  void Frame();
  // Call once a frame is on screen: starts the analyses of the traces that frame was the first
  // to show. They wait for it so that it is not drawn on CPUs they take (software OpenGL draws
  // on the CPU); the next Frame() starts them too, if this is not called.
  void FrameShown() { StartAnalyses(unstarted_.size()); }
  // Traces shown whose analyses wait for FrameShown (or the next frame).
  size_t analyses_waiting_for_a_frame() const { return unstarted_.size(); }

  bool quit_requested() const { return quit_; }
  bool busy() const;
  View& view() { return view_; }
  const std::vector<std::string>& errors() const { return errors_; }
  ViewState State() const;

 private:
  struct LoadBatch {
    std::vector<std::unique_ptr<TraceDocument>> docs;
    std::vector<std::string> errors;
    bool add = false;
  };
  // `fraction`, if given, follows the batch's loading (0 to 1). `view_height` is read once
  // each trace has loaded (the window may be resized while it loads).
  static LoadBatch Load(std::vector<std::string> paths, bool add,
                        const std::atomic<float>& view_height,
                        std::atomic<float>* fraction = nullptr);
  void Accept(LoadBatch batch);
  // Starts the analyses of the first `count` traces of unstarted_.
  void StartAnalyses(size_t count);
  void Poll();
  void DrawMenuBar();
  void DrawErrorDialog();
  void DrawControlsHelp();

  std::vector<LoadedTrace> traces_;
  std::vector<std::future<std::unique_ptr<TraceAnalysis>>> analyses_;  // by trace index
  std::vector<size_t> unstarted_;  // traces accepted whose analyses have not started
  size_t drawn_unstarted_ = 0;     // how many of them a frame built since has drawn
  std::future<LoadBatch> loading_;
  std::thread loader_;  // sets loading_, then calls wake_
  std::atomic<void (*)()> wake_{nullptr};
  std::vector<std::string> loading_paths_;
  std::atomic<float> loading_fraction_{0};  // of the batch loading_ waits for
  std::atomic<float> view_height_{2160};
  std::vector<std::string> errors_;
  bool error_dialog_requested_ = false;
  bool help_requested_ = false;
  FileDialog dialog_;
  View view_;
  bool quit_ = false;
};

}  // namespace ctrace::viewer

#endif  // CTRACE_VIEWER_UI_APP_H_
