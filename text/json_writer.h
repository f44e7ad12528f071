// A small streaming JSON writer: objects, arrays, strings (escaped, always valid UTF-8 out),
// integers, booleans and null, written compactly into a std::string.
//
//   JsonWriter w(&out);
//   w.BeginObject();
//   w.Key("tid"); w.Int(42);
//   w.Key("comm"); w.String("worker");
//   w.EndObject();
#ifndef CTRACE_TEXT_JSON_WRITER_H_
#define CTRACE_TEXT_JSON_WRITER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ctrace {

class JsonWriter {
 public:
  explicit JsonWriter(std::string* out) : out_(out) {}

  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();
  // Inside an object: the name of the next value.
  void Key(std::string_view name);

  void String(std::string_view s);
  void Int(int64_t v);
  void Uint(uint64_t v);
  void Bool(bool v);
  void Null();
  // A fraction, to 6 significant digits; NaN and infinities (which JSON cannot hold) as null.
  void Double(double v);
  template <typename T>
  void IntOrNull(const std::optional<T>& v) {
    if (v) {
      Int(static_cast<int64_t>(*v));
    } else {
      Null();
    }
  }

  // Key(name) followed by a value.
  void Field(std::string_view name, std::string_view s) {
    Key(name);
    String(s);
  }
  void Field(std::string_view name, const char* s) { Field(name, std::string_view(s)); }
  void Field(std::string_view name, int64_t v) {
    Key(name);
    Int(v);
  }
  void Field(std::string_view name, int32_t v) { Field(name, static_cast<int64_t>(v)); }
  void Field(std::string_view name, uint64_t v) {
    Key(name);
    Uint(v);
  }
  void Field(std::string_view name, uint32_t v) { Field(name, static_cast<uint64_t>(v)); }
  void Field(std::string_view name, bool v) {
    Key(name);
    Bool(v);
  }

  // Appends `s` to `out` as a quoted JSON string: ", \ and control characters escaped;
  // bytes that are not valid UTF-8 (thread names are raw bytes) become U+FFFD.
  static void AppendQuoted(std::string_view s, std::string* out);

 private:
  void BeforeValue();

  std::string* out_;
  // Per open container: whether a member has been written (a comma is due).
  std::vector<bool> has_member_;
  bool after_key_ = false;
};

}  // namespace ctrace

#endif  // CTRACE_TEXT_JSON_WRITER_H_
