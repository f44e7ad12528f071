// Protobuf `string` fields must hold UTF-8, but thread names and file names in a trace are
// raw bytes. These make any bytes valid UTF-8 the way the JSON export does
// (report/json_writer.h): every byte that does not start a valid sequence becomes U+FFFD.
#ifndef CTRACE_EXPORT_UTF8_H_
#define CTRACE_EXPORT_UTF8_H_

#include <string>
#include <string_view>

namespace ctrace {

bool IsValidUtf8(std::string_view s);
// `s` with each byte that does not begin a valid UTF-8 sequence replaced by U+FFFD.
std::string ToValidUtf8(std::string_view s);

}  // namespace ctrace

#endif  // CTRACE_EXPORT_UTF8_H_
