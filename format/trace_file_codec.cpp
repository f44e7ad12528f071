#include "format/trace_file_codec.h"

#include <zlib.h>

#include <cstring>
#include <string>

#include "absl/strings/str_cat.h"
#include "format/byte_reader.h"
#include "format/byte_writer.h"
#include "format/file_layout.h"

namespace ctrace {
namespace {

void PutU32At(uint8_t* out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out[i] = static_cast<uint8_t>(v >> (8 * i));
}
void PutU64At(uint8_t* out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out[i] = static_cast<uint8_t>(v >> (8 * i));
}
uint32_t GetU32At(const uint8_t* in) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | in[i];
  return v;
}
uint64_t GetU64At(const uint8_t* in) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | in[i];
  return v;
}

size_t HeaderPayloadSize(const TraceHeader& h) {
  size_t size = 4 + h.clock_source.size() + 8 + 8 + 4 + h.hostname.size() + 4 +
                h.kernel_release.size() + 4 + 4 + 4 + h.recorder.size() + 4;
  for (const std::string& arg : h.command) size += 4 + arg.size();
  return size;
}

absl::Status Malformed(absl::string_view what, const ByteReader& r) {
  return absl::DataLossError(
      absl::StrCat(what, " at payload offset ", r.offset(), ": ", r.error()));
}

}  // namespace

uint32_t Crc32(std::string_view bytes) {
  uLong crc = crc32(0L, Z_NULL, 0);
  // zlib takes uInt lengths; feed large inputs in pieces.
  while (!bytes.empty()) {
    const size_t n = std::min<size_t>(bytes.size(), 1u << 30);
    crc = crc32(crc, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(n));
    bytes.remove_prefix(n);
  }
  return static_cast<uint32_t>(crc);
}

absl::Status CheckHeaderLimits(const TraceHeader& h) {
  if (h.cpu_count > kMaxCpuCount) {
    return absl::InvalidArgumentError(
        absl::StrCat("header cpu_count ", h.cpu_count, " exceeds the maximum ", kMaxCpuCount));
  }
  const size_t size = HeaderPayloadSize(h);
  if (size > kMaxHeaderPayload) {
    return absl::InvalidArgumentError(absl::StrCat("header needs ", size, " bytes, more than the ",
                                                   kMaxHeaderPayload, "-byte maximum"));
  }
  return absl::OkStatus();
}

void EncodeFileHeader(const TraceHeader& h, std::vector<uint8_t>* out) {
  const size_t start = out->size();
  ByteWriter w(out);
  w.PutBytes(kFileMagic);
  w.PutU32(kTraceFormatVersion);
  w.PutU32(static_cast<uint32_t>(HeaderPayloadSize(h)));
  w.PutString32(h.clock_source);
  w.PutU64(h.start_monotonic_ns);
  w.PutU64(h.start_realtime_ns);
  w.PutString32(h.hostname);
  w.PutString32(h.kernel_release);
  w.PutU32(static_cast<uint32_t>(h.command.size()));
  for (const std::string& arg : h.command) w.PutString32(arg);
  w.PutU32(h.cpu_count);
  w.PutString32(h.recorder);
  w.PutU32(h.flags);
  // The CRC covers version, length and payload.
  const std::string_view covered(reinterpret_cast<const char*>(out->data()) + start + 8,
                                 out->size() - start - 8);
  w.PutU32(Crc32(covered));
}

absl::Status DecodeHeaderPayload(std::string_view payload, TraceHeader* h) {
  ByteReader r(payload);
  std::string_view s;
  if (!r.ReadString32(payload.size(), &s)) return Malformed("header clock_source", r);
  h->clock_source = std::string(s);
  if (!r.ReadU64(&h->start_monotonic_ns)) return Malformed("header start_monotonic_ns", r);
  if (!r.ReadU64(&h->start_realtime_ns)) return Malformed("header start_realtime_ns", r);
  if (!r.ReadString32(payload.size(), &s)) return Malformed("header hostname", r);
  h->hostname = std::string(s);
  if (!r.ReadString32(payload.size(), &s)) return Malformed("header kernel_release", r);
  h->kernel_release = std::string(s);
  uint32_t argc;
  if (!r.ReadU32(&argc)) return Malformed("header command count", r);
  // Each argument takes at least its 4-byte length: bound the count before reserving.
  if (argc > r.remaining() / 4) {
    return absl::DataLossError(absl::StrCat("header command count ", argc, " exceeds the ",
                                            r.remaining(), " bytes left in the header"));
  }
  h->command.clear();
  h->command.reserve(argc);
  for (uint32_t i = 0; i < argc; ++i) {
    if (!r.ReadString32(payload.size(), &s)) return Malformed("header command argument", r);
    h->command.emplace_back(s);
  }
  if (!r.ReadU32(&h->cpu_count)) return Malformed("header cpu_count", r);
  if (h->cpu_count > kMaxCpuCount) {
    return absl::DataLossError(
        absl::StrCat("header cpu_count ", h->cpu_count, " exceeds the maximum ", kMaxCpuCount));
  }
  if (!r.ReadString32(payload.size(), &s)) return Malformed("header recorder", r);
  h->recorder = std::string(s);
  if (!r.ReadU32(&h->flags)) return Malformed("header flags", r);
  if (r.remaining() != 0) {
    return absl::DataLossError(
        absl::StrCat("header payload has ", r.remaining(), " unexpected bytes after its fields"));
  }
  return absl::OkStatus();
}

void EncodeChunkHeader(const ChunkHeader& c, uint8_t* out) {
  PutU32At(out + 0, kChunkMagic);
  PutU32At(out + 4, c.compressed_size);
  PutU32At(out + 8, c.uncompressed_size);
  PutU32At(out + 12, c.event_count);
  PutU32At(out + 16, c.string_count);
  PutU32At(out + 20, c.first_string_id);
  PutU64At(out + 24, c.first_ts_ns);
  PutU64At(out + 32, c.last_ts_ns);
  PutU32At(out + 40, c.crc32);
  PutU32At(out + 44, c.reserved);
}

ChunkHeader DecodeChunkHeader(const uint8_t* in) {
  ChunkHeader c;
  c.compressed_size = GetU32At(in + 4);
  c.uncompressed_size = GetU32At(in + 8);
  c.event_count = GetU32At(in + 12);
  c.string_count = GetU32At(in + 16);
  c.first_string_id = GetU32At(in + 20);
  c.first_ts_ns = GetU64At(in + 24);
  c.last_ts_ns = GetU64At(in + 32);
  c.crc32 = GetU32At(in + 40);
  c.reserved = GetU32At(in + 44);
  return c;
}

absl::Status CheckTrailerLimits(const TraceTrailer& t, uint32_t cpu_limit) {
  if (t.lost_per_cpu.size() > cpu_limit) {
    return absl::InvalidArgumentError(absl::StrCat("trailer lost_per_cpu has ",
                                                   t.lost_per_cpu.size(),
                                                   " entries, more than the ", cpu_limit, " CPUs"));
  }
  if (t.end_reason.size() > kMaxStringLength) {
    return absl::InvalidArgumentError(absl::StrCat("trailer end_reason is ", t.end_reason.size(),
                                                   " bytes, more than the ", kMaxStringLength,
                                                   "-byte maximum"));
  }
  return absl::OkStatus();
}

void EncodeTrailer(const TraceTrailer& t, std::vector<uint8_t>* out) {
  std::vector<uint8_t> payload;
  ByteWriter p(&payload);
  p.PutU64(t.end_monotonic_ns);
  p.PutU64(t.event_count);
  p.PutU64(t.chunk_count);
  p.PutU32(static_cast<uint32_t>(t.lost_per_cpu.size()));
  for (uint64_t lost : t.lost_per_cpu) p.PutU64(lost);
  p.PutString32(t.end_reason);

  ByteWriter w(out);
  w.PutU32(kTrailerMagic);
  w.PutU32(static_cast<uint32_t>(payload.size()));
  w.PutBytes(std::string_view(reinterpret_cast<const char*>(payload.data()), payload.size()));
  w.PutU32(Crc32(std::string_view(reinterpret_cast<const char*>(payload.data()), payload.size())));
  w.PutU32(static_cast<uint32_t>(8 + payload.size() + 4));
  w.PutBytes(kEndMagic);
}

absl::Status DecodeTrailerPayload(std::string_view payload, uint32_t cpu_limit, TraceTrailer* t) {
  ByteReader r(payload);
  if (!r.ReadU64(&t->end_monotonic_ns)) return Malformed("trailer end_monotonic_ns", r);
  if (!r.ReadU64(&t->event_count)) return Malformed("trailer event_count", r);
  if (!r.ReadU64(&t->chunk_count)) return Malformed("trailer chunk_count", r);
  uint32_t n;
  if (!r.ReadU32(&n)) return Malformed("trailer lost_per_cpu count", r);
  if (n > cpu_limit) {
    return absl::DataLossError(absl::StrCat("trailer lost_per_cpu has ", n,
                                            " entries, more than the ", cpu_limit, " CPUs"));
  }
  t->lost_per_cpu.resize(n);
  for (uint32_t i = 0; i < n; ++i) {
    if (!r.ReadU64(&t->lost_per_cpu[i])) return Malformed("trailer lost_per_cpu", r);
  }
  std::string_view reason;
  if (!r.ReadString32(kMaxStringLength, &reason)) return Malformed("trailer end_reason", r);
  t->end_reason = std::string(reason);
  if (r.remaining() != 0) {
    return absl::DataLossError(
        absl::StrCat("trailer payload has ", r.remaining(), " unexpected bytes after its fields"));
  }
  return absl::OkStatus();
}

}  // namespace ctrace
