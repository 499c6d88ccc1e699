using Tessera.Frame.Console;
using Tessera.Frame.Cpu;
using Tessera.Frame.Power;

namespace Tessera.Frame.Diagnostics
{
    // An unexpected state: say what happened and where, then stop the machine.
    public static class Panic
    {
        // The exit status a panic leaves behind (EX_SOFTWARE in sysexits.h).
        public const int ExitStatus = 70;

        private static bool s_inPanic;

        public static void Halt(string message)
        {
            if (s_inPanic)
            {
                SerialConsole.WriteLine("KERNEL PANIC while panicking: " + message);
                Machine.Exit(ExitStatus);
            }
            s_inPanic = true;
            SerialConsole.WriteLine();
            SerialConsole.WriteLine("KERNEL PANIC: " + message);
            Backtrace.PrintFromHere(NativeStubs.ReadFramePointer());
            Stop();
        }

        internal static void Stop()
        {
            SerialConsole.WriteLine("System halted.");
            Machine.Exit(ExitStatus);
        }
    }
}
