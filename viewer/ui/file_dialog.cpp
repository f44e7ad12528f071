#include "viewer/ui/file_dialog.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "imgui.h"

namespace ctrace::viewer {

namespace fs = std::filesystem;

void FileDialog::Open(bool add) {
  request_ = true;
  add_ = add;
  if (dir_.empty()) {
    std::error_code ec;
    ChangeDir(fs::current_path(ec).string());
  } else {
    ChangeDir(dir_);
  }
}

void FileDialog::ChangeDir(const std::string& dir) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::path(dir), ec);
  if (ec) p = dir;
  std::vector<Entry> entries;
  fs::directory_iterator it(p, fs::directory_options::skip_permission_denied, ec);
  if (ec) {
    error_ = "cannot list " + p.string() + ": " + ec.message();
    return;
  }
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) break;
    std::error_code e2;
    bool is_dir = it->is_directory(e2);
    std::string name = it->path().filename().string();
    if (!name.empty() && name[0] == '.') continue;
    if (!is_dir && only_traces_ && it->path().extension() != ".ctrace") continue;
    entries.push_back({name, is_dir});
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return a.dir != b.dir ? a.dir : a.name < b.name;
  });
  dir_ = p.string();
  entries_ = std::move(entries);
  chosen_.clear();
  error_.clear();
  std::snprintf(path_, sizeof(path_), "%s", dir_.c_str());
}

bool FileDialog::Draw(std::vector<std::string>* paths, bool* add) {
  const char* title = "Open trace";
  if (request_) {
    ImGui::OpenPopup(title);
    request_ = false;
  }
  ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowSize(
      ImVec2(std::min(760.0f, vp->WorkSize.x - 40), std::min(520.0f, vp->WorkSize.y - 40)),
      ImGuiCond_Appearing);
  ImGui::SetNextWindowPos(
      ImVec2(vp->WorkPos.x + vp->WorkSize.x / 2, vp->WorkPos.y + vp->WorkSize.y / 2),
      ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  bool done = false;
  if (!ImGui::BeginPopupModal(title, nullptr, 0)) return false;
  ImGui::SetNextItemWidth(-1);
  if (ImGui::InputText("##path", path_, sizeof(path_), ImGuiInputTextFlags_EnterReturnsTrue)) {
    std::error_code ec;
    if (fs::is_directory(path_, ec)) {
      ChangeDir(path_);
    } else {
      paths->assign(1, path_);
      *add = add_;
      done = true;
    }
  }
  if (ImGui::Button("Up")) ChangeDir((fs::path(dir_) / "..").string());
  ImGui::SameLine();
  if (ImGui::Checkbox(".ctrace files only", &only_traces_)) ChangeDir(dir_);
  ImGui::SameLine();
  ImGui::Checkbox("add to the open traces (compare)", &add_);
  if (!error_.empty()) ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "%s", error_.c_str());
  float footer = ImGui::GetFrameHeightWithSpacing() + 4;
  ImGui::BeginChild("##entries", ImVec2(0, -footer), true);
  std::string enter;
  for (const Entry& e : entries_) {
    std::string label = e.dir ? e.name + "/" : e.name;
    bool selected = std::find(chosen_.begin(), chosen_.end(), e.name) != chosen_.end();
    if (ImGui::Selectable(label.c_str(), selected, ImGuiSelectableFlags_AllowDoubleClick)) {
      if (e.dir) {
        if (ImGui::IsMouseDoubleClicked(0)) enter = e.name;
      } else if (ImGui::GetIO().KeyCtrl) {
        if (selected) {
          std::erase(chosen_, e.name);
        } else {
          chosen_.push_back(e.name);
        }
      } else {
        chosen_.assign(1, e.name);
        if (ImGui::IsMouseDoubleClicked(0)) {
          paths->assign(1, (fs::path(dir_) / e.name).string());
          *add = add_;
          done = true;
        }
      }
    }
  }
  ImGui::EndChild();
  if (!enter.empty()) ChangeDir((fs::path(dir_) / enter).string());
  ImGui::BeginDisabled(chosen_.empty());
  if (ImGui::Button(chosen_.size() > 1 ? "Open all" : "Open")) {
    paths->clear();
    for (const std::string& n : chosen_) paths->push_back((fs::path(dir_) / n).string());
    *add = add_;
    done = true;
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) {
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  ImGui::TextDisabled("ctrl-click: several files");
  if (done) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
  return done;
}

}  // namespace ctrace::viewer
