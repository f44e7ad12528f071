#include "tests/viewer/window_test_util.h"

#include <fcntl.h>
#include <signal.h>
#include <stb_image.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "model/load_model.h"
#include "tests/support/command_runner.h"

extern char** environ;

namespace ctrace::viewer::testing {
namespace {

pid_t Spawn(const std::vector<std::string>& argv, const std::vector<std::string>& env, bool quiet) {
  std::vector<std::string> merged;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry = *e;
    std::string name = entry.substr(0, entry.find('='));
    bool replaced = false;
    for (const std::string& x : env) replaced |= x.substr(0, x.find('=')) == name;
    if (!replaced) merged.push_back(entry);
  }
  merged.insert(merged.end(), env.begin(), env.end());
  std::vector<char*> a, e;
  for (const std::string& s : argv) a.push_back(const_cast<char*>(s.c_str()));
  a.push_back(nullptr);
  for (const std::string& s : merged) e.push_back(const_cast<char*>(s.c_str()));
  e.push_back(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    int devnull = open("/dev/null", O_RDWR);
    dup2(devnull, 0);
    if (quiet) {
      dup2(devnull, 1);
      dup2(devnull, 2);
    }
    execve(a[0], a.data(), e.data());
    _exit(127);
  }
  return pid;
}

}  // namespace

std::string FindProgram(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    std::string p = dir + "/" + name;
    if (access(p.c_str(), X_OK) == 0) return p;
  }
  return "";
}

XServer::XServer(int width, int height) {
  std::string xvfb = FindProgram("Xvfb");
  if (xvfb.empty()) return;
  for (int n = 90; n < 190; ++n) {
    std::string lock = "/tmp/.X" + std::to_string(n) + "-lock";
    if (access(lock.c_str(), F_OK) == 0) continue;
    display_ = ":" + std::to_string(n);
    pid_t pid =
        Spawn({xvfb, display_, "-screen", "0",
               std::to_string(width) + "x" + std::to_string(height) + "x24", "-nolisten", "tcp"},
              {}, true);
    // Ready once its socket exists; gone if the display was taken meanwhile.
    std::string socket = "/tmp/.X11-unix/X" + std::to_string(n);
    for (int i = 0; i < 100; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      int status;
      if (waitpid(pid, &status, WNOHANG) == pid) {
        pid = -1;
        break;
      }
      if (access(socket.c_str(), F_OK) == 0) {
        pid_ = pid;
        return;
      }
    }
    if (pid > 0) {
      kill(-pid, SIGKILL);
      waitpid(pid, nullptr, 0);
    }
  }
}

XServer::~XServer() {
  if (pid_ <= 0) return;
  kill(-pid_, SIGTERM);
  waitpid(pid_, nullptr, 0);
}

Background::Background(const std::vector<std::string>& argv, const std::vector<std::string>& env)
    : pid_(Spawn(argv, env, false)) {}

Background::~Background() {
  if (pid_ > 0 && !exited_) {
    kill(-pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

bool Background::running() {
  if (exited_ || pid_ <= 0) return false;
  if (waitpid(pid_, &status_, WNOHANG) == pid_) exited_ = true;
  return !exited_;
}

std::optional<int> Background::Wait(double seconds) {
  auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (running() && std::chrono::steady_clock::now() < end) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (!exited_) return std::nullopt;
  if (WIFSIGNALED(status_)) return 128 + WTERMSIG(status_);
  return WEXITSTATUS(status_);
}

std::optional<Image> LoadPng(const std::string& path) {
  int w = 0, h = 0, n = 0;
  unsigned char* data = stbi_load(path.c_str(), &w, &h, &n, 3);
  if (data == nullptr) return std::nullopt;
  Image img;
  img.width = w;
  img.height = h;
  img.rgb.assign(data, data + static_cast<size_t>(w) * static_cast<size_t>(h) * 3);
  stbi_image_free(data);
  return img;
}

std::optional<ViewState> ReadState(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  absl::StatusOr<ViewState> s = ViewState::Parse(text.str());
  if (!s.ok()) return std::nullopt;
  return *s;
}

std::optional<ViewState> WaitForState(const std::string& path,
                                      const std::function<bool(const ViewState&)>& pred,
                                      double seconds) {
  auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  std::optional<ViewState> last;
  while (true) {
    std::optional<ViewState> s = ReadState(path);
    if (s) last = s;
    if (s && pred(*s)) return s;
    if (std::chrono::steady_clock::now() >= end) return last;
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
  }
}

std::string RenderScreenshot(const std::string& xvfb_run, const std::string& viewer,
                             const std::vector<std::string>& traces, const std::string& png,
                             const std::string& state, const std::vector<std::string>& extra,
                             Image* image, ViewState* view_state) {
  std::vector<std::string> argv = {xvfb_run, "-a",           "-s", "-screen 0 1600x1000x24",
                                   viewer,   "--screenshot", png,  "--state-file",
                                   state};
  argv.insert(argv.end(), extra.begin(), extra.end());
  argv.insert(argv.end(), traces.begin(), traces.end());
  ctrace::testing::CommandResult r = ctrace::testing::RunCommand(argv);
  if (r.exit_code != 0) return "the viewer failed: " + r.err;
  std::optional<Image> img = LoadPng(png);
  if (!img.has_value()) return "no screenshot at " + png;
  std::optional<ViewState> s = ReadState(state);
  if (!s.has_value()) return "no state file at " + state;
  *image = *std::move(img);
  *view_state = *std::move(s);
  return "";
}

std::unique_ptr<RenderableTrace> RecordForRendering(const std::string& ctrace,
                                                    const std::string& name,
                                                    const std::vector<std::string>& command,
                                                    int exit_code) {
  auto t = std::make_unique<RenderableTrace>();
  t->xvfb_run = FindProgram("xvfb-run");
  if (t->xvfb_run.empty()) {
    t->skip = "SKIPPED LOUDLY: xvfb-run not found (apt-get install xvfb): cannot render";
    return t;
  }
  if (std::string why = ctrace::testing::WhyCannotRecord(); !why.empty()) {
    t->skip = why + ": no real trace to render";
    return t;
  }
  t->dir = std::make_unique<TempDir>();
  t->path = t->dir->File(name);
  std::vector<std::string> argv = {ctrace, "run", "-o", t->path, "--"};
  argv.insert(argv.end(), command.begin(), command.end());
  ctrace::testing::CommandResult r = ctrace::testing::RunCommand(argv);
  if (r.exit_code != exit_code) {
    t->skip = "recording failed: " + r.err;
    return t;
  }
  absl::StatusOr<Model> m = LoadModel(t->path);
  if (!m.ok()) {
    t->skip = "the recorded trace does not load: " + std::string(m.status().message());
    return t;
  }
  t->model = std::make_unique<Model>(*std::move(m));
  return t;
}

}  // namespace ctrace::viewer::testing
