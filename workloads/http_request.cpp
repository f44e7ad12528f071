#include "workloads/http_request.h"

#include "absl/strings/ascii.h"

namespace ctrace::workloads {
namespace {

// Local helpers over std::string_view: Debian's Abseil has its own string_view type, which
// std::string_view does not convert to.
bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (absl::ascii_tolower(static_cast<unsigned char>(a[i])) !=
        absl::ascii_tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && EqualsIgnoreCase(s.substr(0, prefix.size()), prefix);
}

// RFC 9110 token characters: what a method or header name may be made of.
bool IsTokenChar(char c) {
  if (absl::ascii_isalnum(static_cast<unsigned char>(c))) return true;
  constexpr std::string_view kPunctuation = "!#$%&'*+-.^_`|~";
  return kPunctuation.find(c) != std::string_view::npos;
}

bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsTokenChar(c)) return false;
  }
  return true;
}

// Visible ASCII only: a target with spaces, control bytes or 8-bit bytes is not one request
// line and must be refused rather than guessed at.
bool IsVisible(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c <= 0x20 || c >= 0x7f) return false;
  }
  return true;
}

// Lines end in CRLF; a bare LF is accepted too (RFC 9112 section 2.2 allows it).
std::string_view StripCr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

ParseStatus RequestParser::Feed(std::string_view bytes) {
  if (status_ != ParseStatus::kIncomplete) return status_;
  // Never hold more than the limit plus one read's worth.
  size_t room = kMaxHeadBytes + 4 - buffer_.size();
  buffer_.append(bytes.substr(0, room));

  if (!request_line_done_) {
    // Some clients send a blank line before the request line (RFC 9112 section 2.2 says a
    // server should ignore at least one).
    while (StartsWith(buffer_, "\r\n") || StartsWith(buffer_, "\n")) {
      buffer_.erase(0, buffer_[0] == '\r' ? 2 : 1);
    }
    size_t eol = buffer_.find('\n');
    if (eol == std::string::npos) {
      if (buffer_.size() > kMaxHeadBytes) return status_ = ParseStatus::kHeaderTooLarge;
      return status_;
    }
    // Judge the request line as soon as it is complete, so "GARBAGE\r\n" gets its 400 even
    // if the client never sends the blank line.
    status_ = ParseRequestLine(StripCr(std::string_view(buffer_).substr(0, eol)));
    if (status_ != ParseStatus::kIncomplete) return status_;
    request_line_done_ = true;
  }

  size_t head_end = buffer_.find("\r\n\r\n");
  size_t terminator = 4;
  size_t lf_end = buffer_.find("\n\n");
  if (lf_end != std::string::npos && (head_end == std::string::npos || lf_end < head_end)) {
    head_end = lf_end;
    terminator = 2;
  }
  if (head_end == std::string::npos || head_end + terminator > kMaxHeadBytes) {
    if (buffer_.size() > kMaxHeadBytes) return status_ = ParseStatus::kHeaderTooLarge;
    return status_;
  }
  std::string_view head(buffer_);
  size_t first_eol = head.find('\n');
  // The header block: everything between the request line and the blank line.
  std::string_view block =
      first_eol + 1 <= head_end ? head.substr(first_eol + 1, head_end - first_eol) : "";
  status_ = ParseHeaders(block);
  if (status_ == ParseStatus::kIncomplete) status_ = ParseStatus::kComplete;
  return status_;
}

ParseStatus RequestParser::ParseRequestLine(std::string_view line) {
  // method SP request-target SP HTTP-version, exactly one space each (RFC 9112 section 3).
  size_t sp1 = line.find(' ');
  if (sp1 == std::string_view::npos) return ParseStatus::kBadRequest;
  size_t sp2 = line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos) {
    return ParseStatus::kBadRequest;
  }
  std::string_view method = line.substr(0, sp1);
  std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  std::string_view version = line.substr(sp2 + 1);
  if (!IsToken(method) || !IsVisible(target)) return ParseStatus::kBadRequest;

  if (version.size() != 8 || !StartsWith(version, "HTTP/") || version[6] != '.' ||
      !absl::ascii_isdigit(static_cast<unsigned char>(version[5])) ||
      !absl::ascii_isdigit(static_cast<unsigned char>(version[7]))) {
    return ParseStatus::kBadRequest;
  }
  if (version[5] != '1') return ParseStatus::kVersionUnsupported;

  // Absolute form ("http://host/path", which proxies send) names the same resource as its
  // path; anything else that is not a path cannot be a file on this server.
  std::string_view path = target;
  for (std::string_view scheme : {"http://", "https://"}) {
    if (StartsWithIgnoreCase(path, scheme)) {
      path.remove_prefix(scheme.size());
      size_t slash = path.find('/');
      path = slash == std::string_view::npos ? std::string_view("/") : path.substr(slash);
      break;
    }
  }
  if (path.empty() || path[0] != '/') return ParseStatus::kBadRequest;

  request_.method = std::string(method);
  request_.target = std::string(path);
  request_.minor_version = version[7] - '0';
  return ParseStatus::kIncomplete;
}

ParseStatus RequestParser::ParseHeaders(std::string_view block) {
  int host_headers = 0;
  while (!block.empty()) {
    size_t eol = block.find('\n');
    std::string_view line = StripCr(block.substr(0, eol));
    block.remove_prefix(eol == std::string_view::npos ? block.size() : eol + 1);
    if (line.empty()) continue;
    // Obsolete line folding (a line starting with whitespace) must be refused, and a space
    // before the colon is a known request-smuggling trick (RFC 9112 section 5.1).
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || !IsToken(line.substr(0, colon))) {
      return ParseStatus::kBadRequest;
    }
    if (EqualsIgnoreCase(line.substr(0, colon), "host")) ++host_headers;
  }
  // HTTP/1.1 requires exactly one Host header (RFC 9112 section 3.2).
  if (request_.minor_version >= 1 && host_headers != 1) return ParseStatus::kBadRequest;
  if (host_headers > 1) return ParseStatus::kBadRequest;
  return ParseStatus::kIncomplete;
}

}  // namespace ctrace::workloads
