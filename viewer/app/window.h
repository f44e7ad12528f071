// The native window: GLFW with an OpenGL 3.3 core context, ImGui's GLFW and OpenGL 3
// backends, files dropped on the window, and sleeping while nothing happens.
#ifndef CTRACE_VIEWER_APP_WINDOW_H_
#define CTRACE_VIEWER_APP_WINDOW_H_

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

struct GLFWwindow;

namespace ctrace::viewer {

struct WindowOptions {
  int width = 1600;
  int height = 1000;
  std::string title = "ctrace-view";
  // Where ImGui keeps its layout (imgui.ini); empty: nowhere (screenshots are reproducible).
  std::string ini_path;
  // Screenshots: the mouse is not there (no hover highlight or tooltip wherever the pointer
  // of the X server happens to be).
  bool ignore_mouse = false;
};

class Window {
 public:
  // Fails with one clear line when there is no display or no OpenGL 3.3.
  static absl::StatusOr<std::unique_ptr<Window>> Create(const WindowOptions& options);
  ~Window();
  Window(const Window&) = delete;
  Window& operator=(const Window&) = delete;

  bool ShouldClose() const;
  void RequestClose();
  void SetTitle(const std::string& title);
  // Ends a BeginFrame wait early; callable from any thread.
  static void Wake();
  // Resizes the window (the layout saved in imgui.ini remembers its last size).
  void SetSize(int width, int height);
  // Waits for input (or `timeout_s`; 0: don't wait) and starts an ImGui frame.
  void BeginFrame(double timeout_s);
  // Renders the ImGui frame into the back buffer (not shown until Swap).
  void Render();
  void Swap();
  // Frame buffer size in pixels.
  int width() const;
  int height() const;
  // Files dropped on the window since the last call.
  std::vector<std::string> TakeDroppedFiles();
  // Input events seen since the last call (mouse, keys, resize).
  int TakeEventCount();

 private:
  Window() = default;
  GLFWwindow* window_ = nullptr;
  std::string ini_path_;
  bool ignore_mouse_ = false;
  std::vector<std::string> dropped_;
  int events_ = 0;
  // ImGui 1.86 samples keys once a frame: a key pressed and released between two frames
  // would never be seen down. Releases that follow a press within a frame wait for the next.
  std::vector<int> pressed_this_frame_;
  std::vector<std::array<int, 3>> deferred_releases_;  // key, scancode, mods
};

}  // namespace ctrace::viewer

#endif  // CTRACE_VIEWER_APP_WINDOW_H_
