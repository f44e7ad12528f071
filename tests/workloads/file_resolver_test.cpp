// Path resolution on its own: decoding, traversal refused before and during the open, and
// the mapping of failures to statuses.
#include "workloads/file_resolver.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "gtest/gtest.h"
#include "tests/support/trace_queries.h"

namespace ctrace::workloads {
namespace {

using ::ctrace::testing::TempDir;

TEST(WorkloadFileResolver, DecodesPercentEscapesAndDropsQuery) {
  auto p = DecodeTargetPath("/a%20b/c%2Ed.html?x=/../y");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->relative, "a b/c.d.html");
  EXPECT_FALSE(p->escapes);
}

TEST(WorkloadFileResolver, DropsEmptyAndDotSegments) {
  auto p = DecodeTargetPath("//a/./b//");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->relative, "a/b");
  EXPECT_TRUE(p->names_directory);
}

TEST(WorkloadFileResolver, DotDotPlainOrEncodedEscapes) {
  for (const char* t :
       {"/..", "/../x", "/a/../../x", "/%2e%2e/x", "/%2E%2e%2Fx", "/a/..%2f..", "/.%2e"}) {
    auto p = DecodeTargetPath(t);
    ASSERT_TRUE(p.has_value()) << t;
    EXPECT_TRUE(p->escapes) << t;
  }
  // Double encoding is a literal name, not a traversal.
  auto p = DecodeTargetPath("/%252e%252e/x");
  ASSERT_TRUE(p.has_value());
  EXPECT_FALSE(p->escapes);
  EXPECT_EQ(p->relative, "%2e%2e/x");
}

TEST(WorkloadFileResolver, MalformedEscapesAndNulAreRejected) {
  for (const char* t : {"/%", "/%4", "/%zz", "/a%00b", "/%g0"}) {
    EXPECT_FALSE(DecodeTargetPath(t).has_value()) << t;
  }
}

class WorkloadOpenFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ofstream(dir_.File("a.txt")) << "abc";
    std::filesystem::create_directory(dir_.File("d"));
    std::ofstream(dir_.File("d/index.html")) << "<p>";
    std::filesystem::create_directory(dir_.File("empty"));
    std::filesystem::create_symlink("/etc/passwd", dir_.File("out"));
    std::filesystem::create_symlink("a.txt", dir_.File("in"));
    mkfifo(dir_.File("fifo").c_str(), 0644);
    root_ = open(dir_.path().c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    ASSERT_GE(root_, 0);
  }
  void TearDown() override { close(root_); }

  TempDir dir_;
  int root_ = -1;
};

TEST_F(WorkloadOpenFileTest, OpensRegularFileWithSizeAndType) {
  ResolvedFile f = OpenRequestedFile(root_, "/a.txt");
  EXPECT_EQ(f.status, 200);
  EXPECT_TRUE(f.fd.valid());
  EXPECT_EQ(f.size, 3u);
  EXPECT_EQ(f.content_type, "text/plain; charset=utf-8");
}

TEST_F(WorkloadOpenFileTest, DirectoryServesIndex) {
  ResolvedFile f = OpenRequestedFile(root_, "/d/");
  EXPECT_EQ(f.status, 200);
  EXPECT_EQ(f.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(OpenRequestedFile(root_, "/d").status, 200);
  EXPECT_EQ(OpenRequestedFile(root_, "/empty/").status, 404);
}

TEST_F(WorkloadOpenFileTest, SymlinkInsideRootIsFollowedOutsideIsRefused) {
  EXPECT_EQ(OpenRequestedFile(root_, "/in").status, 200);
  EXPECT_EQ(OpenRequestedFile(root_, "/out").status, 403);
}

TEST_F(WorkloadOpenFileTest, StatusesForFailures) {
  EXPECT_EQ(OpenRequestedFile(root_, "/missing").status, 404);
  EXPECT_EQ(OpenRequestedFile(root_, "/a.txt/x").status, 404);
  EXPECT_EQ(OpenRequestedFile(root_, "/a.txt/").status, 404);
  EXPECT_EQ(OpenRequestedFile(root_, "/../a.txt").status, 403);
  EXPECT_EQ(OpenRequestedFile(root_, "/%zz").status, 400);
  EXPECT_EQ(OpenRequestedFile(root_, "/fifo").status, 403);  // never blocks on a FIFO
}

TEST(WorkloadFileResolver, ContentTypes) {
  EXPECT_EQ(ContentTypeFor("x/INDEX.HTM"), "text/html; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("a.png"), "image/png");
  EXPECT_EQ(ContentTypeFor("noext"), "application/octet-stream");
  EXPECT_EQ(ContentTypeFor("dir.d/noext"), "application/octet-stream");
}

}  // namespace
}  // namespace ctrace::workloads
