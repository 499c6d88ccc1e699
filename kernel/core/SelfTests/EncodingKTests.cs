using System.Text;
using Tessera.Frame.Testing;

namespace Tessera.Kernel.SelfTests
{
    // UTF-8 must behave exactly as .NET's: these run against .NET on the host and against our
    // core library in the kernel, with the same expectations.
    public static class EncodingKTests
    {
        [KTest]
        public static void Utf8RoundTripsText()
        {
            string text = "tessera é € 😀";
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            KAssert.Equal(19, bytes.Length, "encoded length");
            KAssert.Equal(0xF0, bytes[15], "four-byte sequence lead");
            KAssert.Equal(text, Encoding.UTF8.GetString(bytes), "round trip");
            KAssert.Equal(bytes.Length, Encoding.UTF8.GetByteCount(text), "byte count");
        }

        [KTest]
        public static void Utf8ReplacesInvalidInputLikeDotNet()
        {
            KAssert.Equal("a\uFFFDb", Encoding.UTF8.GetString(new byte[] { 0x61, 0xFF, 0x62 }), "invalid byte");
            KAssert.Equal("\uFFFD\uFFFD", Encoding.UTF8.GetString(new byte[] { 0xC0, 0xAF }), "overlong two-byte form");
            KAssert.Equal("\uFFFD\uFFFD\uFFFD", Encoding.UTF8.GetString(new byte[] { 0xED, 0xA0, 0x80 }), "encoded surrogate");
            KAssert.Equal("\uFFFD", Encoding.UTF8.GetString(new byte[] { 0xE2, 0x82 }), "truncated sequence");
            KAssert.Equal("\uFFFDx", Encoding.UTF8.GetString(new byte[] { 0xF0, 0x9F, 0x98, 0x78 }), "broken four-byte sequence");
            KAssert.Equal("\uFFFD\uFFFD\uFFFD\uFFFD", Encoding.UTF8.GetString(new byte[] { 0xF4, 0x90, 0x80, 0x80 }), "beyond U+10FFFF");
            KAssert.Equal(3, Encoding.UTF8.GetBytes("\uD800").Length, "lone surrogate encodes as U+FFFD");
        }
    }
}
