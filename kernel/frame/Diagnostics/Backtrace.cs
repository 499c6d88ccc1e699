using Tessera.Frame.Console;
using Tessera.Frame.Memory;

namespace Tessera.Frame.Diagnostics
{
    // Walks the frame-pointer chain. The kernel is compiled with frame pointers forced on
    // (ILCompiler --codegenopt JitFramed=1), so [rbp] holds the caller's rbp and [rbp+8]
    // the return address, all the way up to the boot stub, which starts the chain at 0.
    internal static unsafe class Backtrace
    {
        private const int MaxFrames = 48;

        internal static void Print(ulong rip, ulong rsp, ulong rbp)
        {
            SerialConsole.WriteLine("Backtrace:");
            SerialConsole.WriteLine("  #0  " + Symbolizer.Describe(rip));
            int number = 1;
            // Trapped on a function's first instruction: its frame is not set up yet, and the
            // caller's return address is still on top of the stack.
            if (Symbolizer.IsFunctionStart(rip) && rsp >= KernelLayout.KernelBase && (rsp & 7) == 0)
                SerialConsole.WriteLine("  #" + (number++).ToString() + "  " + Symbolizer.Describe(*(ulong*)rsp - 1));
            Walk(rbp, number);
        }

        internal static void PrintFromHere(ulong rbp)
        {
            SerialConsole.WriteLine("Backtrace:");
            Walk(rbp, 0);
        }

        private static void Walk(ulong rbp, int number)
        {
            for (int depth = 0; depth < MaxFrames; depth++)
            {
                if (rbp == 0 || (rbp & 7) != 0 || rbp < KernelLayout.KernelBase) return;
                ulong returnAddress = *(ulong*)(rbp + 8);
                if (returnAddress == 0) return;
                // The return address points after the call; describe the call itself.
                SerialConsole.WriteLine("  #" + number.ToString() + (number < 10 ? "  " : " ") + Symbolizer.Describe(returnAddress - 1));
                number++;
                ulong next = *(ulong*)rbp;
                if (next <= rbp) return;   // the stack grows down: callers live higher
                rbp = next;
            }
            SerialConsole.WriteLine("  ... (more frames)");
        }
    }
}
