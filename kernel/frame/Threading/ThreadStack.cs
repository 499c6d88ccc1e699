using Tessera.Frame.Cpu;
using Tessera.Frame.Diagnostics;
using Tessera.Frame.Memory;

namespace Tessera.Frame.Threading
{
    // Kernel thread stacks: blocks from the page-frame allocator (PhysicalMemory; not
    // objects: the collector scans them as roots but never frees them), under the heap
    // lock. A new stack is laid out as if the thread had called frame_native_switch_stack:
    // six saved registers (zero) and a return address that lands in the trampoline with the
    // stack 16-byte aligned for its call. Stacks of exited threads are freed here, before
    // the next allocation (the scheduler cannot take the heap lock while it switches).
    internal static unsafe class ThreadStack
    {
        internal static byte* Allocate(uint pages)
        {
            using (HeapLock.Enter())
            {
                FreeDeadStacks();
                byte* stack = PhysicalMemory.Allocate(PhysicalMemory.OrderFor(pages));   // collects once if need be
                if (stack == null) Panic.Halt("out of memory: no pages for a kernel thread stack");
                return stack;
            }
        }

        private static void FreeDeadStacks()
        {
            for (KernelThread dead = Scheduler.TakeDeadStacks(); dead != null; dead = dead.NextInQueue)
            {
                if (dead.StackBase == null) continue;
                PhysicalMemory.FreeAt(dead.StackBase, PhysicalMemory.OrderFor(KernelThread.StackPages));
                dead.StackBase = null;
            }
        }

        internal static ulong PrepareFirstSwitch(ulong top)
        {
            ulong* slot = (ulong*)top;
            *--slot = (ulong)(delegate*<void>)&NativeStubs.ThreadTrampoline;
            for (int i = 0; i < 6; i++) *--slot = 0;   // rbp, rbx, r12-r15
            return (ulong)slot;
        }
    }
}
