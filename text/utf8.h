// UTF-8 checking for text that comes out of a trace: thread names, file names and argv are
// raw bytes, but JSON and protobuf `string` fields must hold UTF-8. Every byte that does not
// start a valid sequence is replaced by U+FFFD (JsonWriter writes it as the escape \ufffd).
#ifndef CTRACE_TEXT_UTF8_H_
#define CTRACE_TEXT_UTF8_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace ctrace {

// Bytes in the valid UTF-8 sequence that starts at s[i] (RFC 3629 table 3-7: no overlong
// forms, no surrogates, nothing above U+10FFFF), or 0 if none starts there. i < s.size().
size_t ValidUtf8SequenceAt(std::string_view s, size_t i);

bool IsValidUtf8(std::string_view s);
// `s` with each byte that does not begin a valid UTF-8 sequence replaced by U+FFFD.
std::string ToValidUtf8(std::string_view s);

}  // namespace ctrace

#endif  // CTRACE_TEXT_UTF8_H_
