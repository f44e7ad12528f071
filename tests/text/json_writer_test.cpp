#include "text/json_writer.h"

#include <limits>
#include <string>

#include "gtest/gtest.h"
#include "tests/support/mini_json.h"

namespace ctrace {
namespace {

using ::ctrace::testing::JsonParser;

std::string Quoted(std::string_view s) {
  std::string out;
  JsonWriter::AppendQuoted(s, &out);
  return out;
}

TEST(JsonWriterTest, NestedContainersGetCommasInTheRightPlaces) {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.Field("a", int64_t{1});
  w.Key("b");
  w.BeginArray();
  w.Int(-2);
  w.BeginObject();
  w.EndObject();
  w.BeginArray();
  w.EndArray();
  w.Null();
  w.Bool(true);
  w.EndArray();
  w.Field("c", "x");
  w.Field("d", uint64_t{18446744073709551615u});
  w.EndObject();
  EXPECT_EQ(out, R"({"a":1,"b":[-2,{},[],null,true],"c":"x","d":18446744073709551615})");
  EXPECT_TRUE(JsonParser::Parse(out).has_value());
}

TEST(JsonWriterTest, FractionsToSixDigitsAndNonFiniteAsNull) {
  std::string out;
  JsonWriter w(&out);
  w.BeginArray();
  w.Double(3.25);
  w.Double(-0.000123456789);
  w.Double(1.0 / 3.0);
  w.Double(std::numeric_limits<double>::quiet_NaN());
  w.Double(std::numeric_limits<double>::infinity());
  w.EndArray();
  EXPECT_EQ(out, "[3.25,-0.000123457,0.333333,null,null]");
  EXPECT_TRUE(JsonParser::Parse(out).has_value());
}

TEST(JsonWriterTest, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(Quoted("a\"b\\c"), R"("a\"b\\c")");
  EXPECT_EQ(Quoted("\n\t\r\b\f"), R"("\n\t\r\b\f")");
  EXPECT_EQ(Quoted(std::string("\x01\x1f", 2)), R"("\u0001\u001f")");
  EXPECT_EQ(Quoted(std::string("a\0b", 3)), R"("a\u0000b")");
  EXPECT_EQ(Quoted("/usr/bin/x"), R"("/usr/bin/x")");
}

TEST(JsonWriterTest, KeepsValidUtf8AndReplacesInvalidBytes) {
  EXPECT_EQ(Quoted("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"),
            "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
  EXPECT_EQ(Quoted("a\xff"
                   "b"),
            R"("a\ufffdb")");
  EXPECT_EQ(Quoted("\xc3"), R"("\ufffd")");                                // cut-off sequence
  EXPECT_EQ(Quoted("\xc0\xaf"), R"("\ufffd\ufffd")");                      // overlong '/'
  EXPECT_EQ(Quoted("\xed\xa0\x80"), R"("\ufffd\ufffd\ufffd")");            // UTF-16 surrogate
  EXPECT_EQ(Quoted("\xf4\x90\x80\x80"), R"("\ufffd\ufffd\ufffd\ufffd")");  // > U+10FFFF
}

TEST(JsonWriterTest, KeysAreEscapedToo) {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.Field("we\"ird", "v");
  w.EndObject();
  auto parsed = JsonParser::Parse(out);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ((*parsed)["we\"ird"].string, "v");
}

}  // namespace
}  // namespace ctrace
