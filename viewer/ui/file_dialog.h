// A small File > Open dialog in ImGui: a directory listing (folders first, .ctrace files
// or everything), a path field, Open and "Add to comparison".
#ifndef CTRACE_VIEWER_UI_FILE_DIALOG_H_
#define CTRACE_VIEWER_UI_FILE_DIALOG_H_

#include <string>
#include <vector>

namespace ctrace::viewer {

class FileDialog {
 public:
  // Opens the dialog on the next Draw; `add`: the chosen files join the open ones.
  void Open(bool add);
  // Draws the dialog while it is open. True when files were chosen (in `*paths`).
  bool Draw(std::vector<std::string>* paths, bool* add);

 private:
  struct Entry {
    std::string name;
    bool dir;
  };
  void ChangeDir(const std::string& dir);

  bool request_ = false;
  bool add_ = false;
  bool only_traces_ = true;
  std::string dir_;
  std::string error_;
  std::vector<Entry> entries_;
  std::vector<std::string> chosen_;  // file names in dir_
  char path_[1024] = {};
};

}  // namespace ctrace::viewer

#endif  // CTRACE_VIEWER_UI_FILE_DIALOG_H_
