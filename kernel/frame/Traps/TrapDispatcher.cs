using System.Runtime;
using Tessera.Frame.Console;
using Tessera.Frame.Cpu;
using Tessera.Frame.Diagnostics;

namespace Tessera.Frame.Traps
{
    // Where every trap stub lands. A breakpoint is counted and resumed (debuggers and tests
    // use it); every other CPU exception in the kernel is a bug: print the registers and a
    // symbolized backtrace, then stop.
    internal static unsafe class TrapDispatcher
    {
        internal static int BreakpointCount;

        [RuntimeExport("TesseraTrapDispatch")]
        internal static void Dispatch(TrapFrame* frame)
        {
            if (frame->Vector >= Interrupts.InterruptHandlers.FirstDeviceVector)
            {
                Interrupts.InterruptHandlers.Dispatch(frame);
                // Back to user code, unless the kernel wants this thread (Native/UserModeStubs.cs).
                if ((frame->Cs & 3) == 3)
                {
                    Threading.KernelThread current = Threading.Scheduler.Current;
                    Processors.Current->ExitToKernel = current.User != null && current.User.InterruptRequested ? 1 : 0;
                }
                return;
            }
            if (frame->Vector == ExceptionNames.Breakpoint)
            {
                BreakpointCount++;
                return;
            }

            SerialConsole.WriteLine();
            SerialConsole.WriteLine("KERNEL PANIC: CPU exception: " + ExceptionNames.Of(frame->Vector)
                + " at " + Symbolizer.Describe(frame->Rip));
            if (frame->Vector == ExceptionNames.PageFault)
                SerialConsole.WriteLine("  faulting address (CR2) " + Hex(NativeStubs.ReadCr2())
                    + ", error code " + Hex(frame->ErrorCode) + PageFaultReason(frame->ErrorCode));
            else
                SerialConsole.WriteLine("  vector " + frame->Vector.ToString() + ", error code " + Hex(frame->ErrorCode));
            PrintRegisters(frame);
            Backtrace.Print(frame->Rip, frame->Rsp, frame->Rbp);
            Panic.Stop();
        }

        private static string PageFaultReason(ulong code) =>
            " (" + ((code & 1) != 0 ? "protection violation" : "page not present")
            + ((code & 2) != 0 ? ", write" : ", read")
            + ((code & 4) != 0 ? ", user mode" : ", kernel mode")
            + ((code & 16) != 0 ? ", instruction fetch" : "") + ")";

        private static void PrintRegisters(TrapFrame* f)
        {
            SerialConsole.WriteLine("  RIP " + Hex(f->Rip) + "  RSP " + Hex(f->Rsp) + "  RFLAGS " + Hex(f->Rflags));
            SerialConsole.WriteLine("  RAX " + Hex(f->Rax) + "  RBX " + Hex(f->Rbx) + "  RCX " + Hex(f->Rcx));
            SerialConsole.WriteLine("  RDX " + Hex(f->Rdx) + "  RSI " + Hex(f->Rsi) + "  RDI " + Hex(f->Rdi));
            SerialConsole.WriteLine("  RBP " + Hex(f->Rbp) + "  R8  " + Hex(f->R8) + "  R9  " + Hex(f->R9));
            SerialConsole.WriteLine("  R10 " + Hex(f->R10) + "  R11 " + Hex(f->R11) + "  R12 " + Hex(f->R12));
            SerialConsole.WriteLine("  R13 " + Hex(f->R13) + "  R14 " + Hex(f->R14) + "  R15 " + Hex(f->R15));
            SerialConsole.WriteLine("  CS " + Hex(f->Cs) + "  SS " + Hex(f->Ss) + "  CR3 " + Hex(NativeStubs.ReadCr3()));
        }

        private static string Hex(ulong value) => value.ToString("x16");
    }
}
