#include "viewer/app/screenshot.h"

#include <GL/gl.h>
#include <stb_image_write.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "absl/strings/str_cat.h"

namespace ctrace::viewer {

absl::Status WriteScreenshot(const std::string& path, int width, int height) {
  if (width <= 0 || height <= 0) return absl::InternalError("the window has no pixels");
  const size_t row = static_cast<size_t>(width) * 3;
  std::vector<uint8_t> pixels(row * static_cast<size_t>(height));
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
  if (GLenum err = glGetError(); err != GL_NO_ERROR) {
    return absl::InternalError(absl::StrCat("glReadPixels failed (GL error ", err, ")"));
  }
  // OpenGL's first row is the bottom one; PNG's is the top one.
  std::vector<uint8_t> tmp(row);
  for (int y = 0; y < height / 2; ++y) {
    uint8_t* a = pixels.data() + static_cast<size_t>(y) * row;
    uint8_t* b = pixels.data() + static_cast<size_t>(height - 1 - y) * row;
    std::memcpy(tmp.data(), a, row);
    std::memcpy(a, b, row);
    std::memcpy(b, tmp.data(), row);
  }
  if (!stbi_write_png(path.c_str(), width, height, 3, pixels.data(), static_cast<int>(row))) {
    return absl::UnavailableError(absl::StrCat("cannot write ", path));
  }
  return absl::OkStatus();
}

}  // namespace ctrace::viewer
