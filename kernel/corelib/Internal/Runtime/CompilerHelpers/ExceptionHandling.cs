using System;
using System.Runtime;

namespace Internal.Runtime.CompilerHelpers
{
    // The kernel has no exception handling: errors are values, and a throw means a broken
    // invariant. Every throw ends here and stops the machine with the exception's message.
    internal static class ExceptionHandling
    {
        [RuntimeExport("RhpThrowEx")]
        internal static void RhpThrowEx(Exception exception)
        {
            string text = exception is null ? "throw null" : "unhandled exception: " + exception.ToString();
            RuntimeImports.RuntimeFailure(text);
        }

        [RuntimeExport("RhpRethrow")]
        internal static void RhpRethrow() => RuntimeImports.RuntimeFailure("rethrow without an exception in flight");

        [RuntimeExport("RhpFallbackFailFast")]
        internal static void RhpFallbackFailFast() => RuntimeImports.RuntimeFailure("the compiler's fail-fast helper was reached");
    }
}
