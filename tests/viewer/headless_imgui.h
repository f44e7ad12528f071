// An ImGui context for frames built without a window or GPU: what the app draws is checked
// or timed in its draw lists (app_test, viewer_benchmark).
#ifndef CTRACE_TESTS_VIEWER_HEADLESS_IMGUI_H_
#define CTRACE_TESTS_VIEWER_HEADLESS_IMGUI_H_

#include "imgui.h"

namespace ctrace::viewer::testing {

// Creates the current context with a display of `width` x `height` and the default font's
// atlas built (no texture uploaded). Destroy it with ImGui::DestroyContext.
inline void CreateHeadlessImGuiContext(float width, float height) {
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.DisplaySize = ImVec2(width, height);
  io.DeltaTime = 1.0f / 60;
  // As the OpenGL 3 backend says: draw lists may pass 64k vertices.
  io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;
  unsigned char* pixels;
  int w, h;
  io.Fonts->AddFontDefault();
  io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
}

}  // namespace ctrace::viewer::testing

#endif  // CTRACE_TESTS_VIEWER_HEADLESS_IMGUI_H_
