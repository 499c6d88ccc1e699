using Tessera.Frame.Cpu;
using Tessera.Frame.Diagnostics;
using Tessera.Frame.Interrupts;
using Tessera.Frame.Memory.Gc;

namespace Tessera.Frame.Threading
{
    // Kernel thread stacks: page runs from the collector's range (not objects: the collector
    // scans them as roots but never frees them). A new stack is laid out as if the thread had
    // called frame_native_switch_stack: six saved registers (zero) and a return address that
    // lands in the trampoline with the stack 16-byte aligned for its call.
    internal static unsafe class ThreadStack
    {
        internal static byte* Allocate(uint pages)
        {
            using (InterruptGuard.Enter()) return AllocateWithInterruptsOff(pages);
        }

        private static byte* AllocateWithInterruptsOff(uint pages)
        {
            byte* stack = PageRuns.Allocate(pages);
            if (stack == null)
            {
                GarbageCollector.Collect();   // nests: the guard is already held
                stack = PageRuns.Allocate(pages);
            }
            if (stack == null) Panic.Halt("out of memory: no pages for a kernel thread stack");
            return stack;
        }

        // Called by the scheduler with interrupts off.
        internal static void Free(byte* stack, uint pages) => PageRuns.Free(stack, pages);

        internal static ulong PrepareFirstSwitch(ulong top)
        {
            ulong* slot = (ulong*)top;
            *--slot = (ulong)(delegate*<void>)&NativeStubs.ThreadTrampoline;
            for (int i = 0; i < 6; i++) *--slot = 0;   // rbp, rbx, r12-r15
            return (ulong)slot;
        }
    }
}
