#include "viewer/app/window.h"

#include <GLFW/glfw3.h>

#include <algorithm>
#include <cfloat>
#include <cstdio>
#include <filesystem>
#include <utility>

#include "absl/strings/str_cat.h"
#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"

namespace ctrace::viewer {
namespace {

std::string g_glfw_error;

Window* Self(GLFWwindow* w) { return static_cast<Window*>(glfwGetWindowUserPointer(w)); }

void LoadFont() {
  ImGuiIO& io = ImGui::GetIO();
  const char* font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
  std::error_code ec;
  if (std::filesystem::exists(font, ec)) {
    io.Fonts->AddFontFromFileTTF(font, 15.0f);
  } else {
    io.Fonts->AddFontDefault();
  }
}

void SetStyle() {
  ImGui::StyleColorsDark();
  ImGuiStyle& s = ImGui::GetStyle();
  s.FrameRounding = 3;
  s.TabRounding = 3;
  s.ScrollbarRounding = 3;
  s.WindowBorderSize = 0;
  s.ChildBorderSize = 0;
  s.ItemSpacing = ImVec2(8, 4);
  s.Colors[ImGuiCol_WindowBg] = ImVec4(0.11f, 0.12f, 0.13f, 1);
  // Children sit on a window of that colour: drawing it again under each of them (the
  // timeline, the panels) cost a blended rectangle the size of most of the window a frame.
  // ImGui draws nothing for a transparent one.
  s.Colors[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
}

}  // namespace

absl::StatusOr<std::unique_ptr<Window>> Window::Create(const WindowOptions& options) {
  glfwSetErrorCallback([](int, const char* text) { g_glfw_error = text; });
  if (!glfwInit()) {
    return absl::UnavailableError(
        absl::StrCat("cannot open a window (", g_glfw_error,
                     "): run it on a desktop, or headless under xvfb-run -a"));
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  std::unique_ptr<Window> w(new Window());
  w->window_ =
      glfwCreateWindow(options.width, options.height, options.title.c_str(), nullptr, nullptr);
  if (w->window_ == nullptr) {
    glfwTerminate();
    return absl::UnavailableError(
        absl::StrCat("cannot create an OpenGL 3.3 window (", g_glfw_error, ")"));
  }
  glfwSetWindowUserPointer(w->window_, w.get());
  glfwMakeContextCurrent(w->window_);
  glfwSwapInterval(1);

  // Our callbacks first: ImGui's backend chains to them after its own handling.
  glfwSetDropCallback(w->window_, [](GLFWwindow* win, int count, const char** paths) {
    for (int i = 0; i < count; ++i) Self(win)->dropped_.emplace_back(paths[i]);
    ++Self(win)->events_;
  });
  glfwSetCursorPosCallback(w->window_,
                           [](GLFWwindow* win, double, double) { ++Self(win)->events_; });
  glfwSetMouseButtonCallback(w->window_,
                             [](GLFWwindow* win, int, int, int) { ++Self(win)->events_; });
  glfwSetScrollCallback(w->window_, [](GLFWwindow* win, double, double) { ++Self(win)->events_; });
  glfwSetKeyCallback(w->window_, [](GLFWwindow* win, int, int, int, int) { ++Self(win)->events_; });
  glfwSetCharCallback(w->window_, [](GLFWwindow* win, unsigned) { ++Self(win)->events_; });
  glfwSetWindowSizeCallback(w->window_, [](GLFWwindow* win, int, int) { ++Self(win)->events_; });

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  w->ini_path_ = options.ini_path;
  w->ignore_mouse_ = options.ignore_mouse;
  io.IniFilename = w->ini_path_.empty() ? nullptr : w->ini_path_.c_str();
  SetStyle();
  LoadFont();
  ImGui_ImplGlfw_InitForOpenGL(w->window_, true);
  // Replaces the backend's key callback (it still chains to ours above).
  glfwSetKeyCallback(w->window_, [](GLFWwindow* win, int key, int scancode, int action, int mods) {
    Window* self = Self(win);
    auto& pressed = self->pressed_this_frame_;
    // Any release after a press in the same frame waits (a modifier released with the key
    // it modifies must still be down when the key is seen).
    if (action == GLFW_RELEASE && !pressed.empty()) {
      self->deferred_releases_.push_back({key, scancode, mods});
      return;
    }
    if (action == GLFW_PRESS) pressed.push_back(key);
    ImGui_ImplGlfw_KeyCallback(win, key, scancode, action, mods);
  });
  ImGui_ImplOpenGL3_Init("#version 330 core");
  return w;
}

Window::~Window() {
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();  // writes imgui.ini
  glfwDestroyWindow(window_);
  glfwTerminate();
}

void Window::Wake() { glfwPostEmptyEvent(); }

void Window::SetSize(int width, int height) { glfwSetWindowSize(window_, width, height); }

bool Window::ShouldClose() const { return glfwWindowShouldClose(window_); }
void Window::RequestClose() { glfwSetWindowShouldClose(window_, GLFW_TRUE); }
void Window::SetTitle(const std::string& title) { glfwSetWindowTitle(window_, title.c_str()); }

void Window::BeginFrame(double timeout_s) {
  pressed_this_frame_.clear();
  for (const std::array<int, 3>& k : std::exchange(deferred_releases_, {})) {
    ImGui_ImplGlfw_KeyCallback(window_, k[0], k[1], GLFW_RELEASE, k[2]);
  }
  if (timeout_s > 0) {
    glfwWaitEventsTimeout(timeout_s);
  } else {
    glfwPollEvents();
  }
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  if (ignore_mouse_) ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
  ImGui::NewFrame();
}

void Window::Render() {
  ImGui::Render();
  int w = 0, h = 0;
  glfwGetFramebufferSize(window_, &w, &h);
  glViewport(0, 0, w, h);
  // The clear paints the window's background: the app's full-window host draws none (under
  // software OpenGL, Xvfb or a remote X display, blending one full-window rectangle and the
  // children's was half of every frame: 35-44 ms a swap at 1600x1000 on 2 vCPUs, 9-15 ms
  // without).
  const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  glClearColor(bg.x, bg.y, bg.z, 1);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void Window::Swap() { glfwSwapBuffers(window_); }

int Window::width() const {
  int w = 0, h = 0;
  glfwGetFramebufferSize(window_, &w, &h);
  return w;
}

int Window::height() const {
  int w = 0, h = 0;
  glfwGetFramebufferSize(window_, &w, &h);
  return h;
}

std::vector<std::string> Window::TakeDroppedFiles() { return std::exchange(dropped_, {}); }
int Window::TakeEventCount() { return std::exchange(events_, 0); }

}  // namespace ctrace::viewer
