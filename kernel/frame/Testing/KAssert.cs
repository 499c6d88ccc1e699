using System.Collections.Generic;

namespace Tessera.Frame.Testing
{
    // Assertions for in-kernel tests. There are no exceptions to unwind, so a failed check is
    // recorded against the running test (which goes on) and reported by the runner. The same
    // file compiles on the host, where xunit runs the very same test methods.
    public static class KAssert
    {
        private static readonly List<string> s_failures = new List<string>();

        public static IReadOnlyList<string> Failures => s_failures;

        public static void ResetFailures() => s_failures.Clear();

        public static void Fail(string message) => s_failures.Add(message);

        public static void True(bool condition, string what)
        {
            if (!condition) Fail("expected true: " + what);
        }

        public static void False(bool condition, string what)
        {
            if (condition) Fail("expected false: " + what);
        }

        public static void Equal(long expected, long actual, string what)
        {
            if (expected != actual) Fail(what + ": expected " + expected.ToString() + ", got " + actual.ToString());
        }

        public static void Equal(ulong expected, ulong actual, string what)
        {
            if (expected != actual) Fail(what + ": expected " + expected.ToString() + ", got " + actual.ToString());
        }

        public static void Equal(string expected, string actual, string what)
        {
            if (expected != actual) Fail(what + ": expected \"" + expected + "\", got \"" + actual + "\"");
        }

        public static void Same(object expected, object actual, string what)
        {
            if (!ReferenceEquals(expected, actual)) Fail(what + ": expected the same object");
        }
    }
}
