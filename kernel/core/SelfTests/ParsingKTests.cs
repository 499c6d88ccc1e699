using Tessera.Frame.Testing;

namespace Tessera.Kernel.SelfTests
{
    // int.TryParse must mean the same in our core library as in .NET: this runs in the booted
    // kernel and, unchanged, on the host against .NET.
    public static class ParsingKTests
    {
        [KTest]
        public static void Int32TryParseAcceptsWhatDotNetAccepts()
        {
            Check("4", true, 4);
            Check(" -17 ", true, -17);
            Check("+8", true, 8);
            Check("2147483647", true, 2147483647);
            Check("-2147483648", true, -2147483648);
            Check("2147483648", false, 0);
            Check("-2147483649", false, 0);
            Check("99999999999999999999", false, 0);
            Check("", false, 0);
            Check("-", false, 0);
            Check("4x", false, 0);
            Check("0x10", false, 0);
            Check("1 2", false, 0);
        }

        private static void Check(string text, bool ok, int expected)
        {
            bool parsed = int.TryParse(text, out int value);
            KAssert.True(parsed == ok, "int.TryParse(\"" + text + "\") returns " + (ok ? "true" : "false"));
            KAssert.Equal((long)expected, (long)value, "int.TryParse(\"" + text + "\") value");
        }
    }
}
