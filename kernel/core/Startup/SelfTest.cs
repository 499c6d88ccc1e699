using System;
using System.Runtime.CompilerServices;
using Tessera.Frame.Console;

namespace Tessera.Kernel.Startup
{
    // Deliberate failures, so boot tests can check that a broken kernel reports clearly:
    // the panic message, the registers and a symbolized backtrace on the console.
    internal static class SelfTest
    {
        internal static int Run(string name)
        {
            SerialConsole.WriteLine("selftest: " + name);
            switch (name)
            {
                case "throw":
                    ThrowFromNamedFunction();
                    break;
                case "null":
                    return DereferenceNull(null);
                case "divide":
                    return Divide(1, 0);
            }
            SerialConsole.WriteLine("selftest: unknown test '" + name + "'");
            return 2;
        }

        // Not inlined, so the backtrace shows these names.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void ThrowFromNamedFunction() =>
            throw new InvalidOperationException("selftest: a deliberate throw");

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static int DereferenceNull(int[] array) => array.Length;

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static int Divide(int a, int b) => a / b;
    }
}
