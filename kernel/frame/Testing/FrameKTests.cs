using Tessera.Frame.Boot;
using Tessera.Frame.Cpu;
using Tessera.Frame.Memory;
using Tessera.Frame.Traps;

namespace Tessera.Frame.Testing
{
    // In-kernel tests of the frame itself: they need the real machine.
    public static class FrameKTests
    {
        [KTest]
        public static void BreakpointTrapReturnsToTheKernel()
        {
            int before = TrapDispatcher.BreakpointCount;
            NativeStubs.Breakpoint();
            NativeStubs.Breakpoint();
            KAssert.Equal(before + 2, TrapDispatcher.BreakpointCount, "breakpoints handled through the IDT");
        }

        // Kept reachable so the compiler cannot place the array on the stack.
        private static byte[] s_kept;

        [KTest]
        public static void HeapAccountsForAllocations()
        {
            System.GC.Collect();   // a collection in the middle would lower the count
            ulong before = KernelHeap.AllocatedBytes;
            s_kept = new byte[10000];
            s_kept[9999] = 1;
            ulong after = KernelHeap.AllocatedBytes;
            KAssert.True(after - before >= 10000, "allocated bytes grow by at least the array size (before "
                + before.ToString() + ", after " + after.ToString() + ")");
            KAssert.True(KernelHeap.AllocatedBytes <= KernelHeap.CapacityBytes, "allocation stays within the heap");
        }

        [KTest]
        public static void MemoryMapHasUsableRam()
        {
            ulong usable = 0;
            foreach (MemoryRegion region in BootInfo.MemoryMap)
                if (region.Kind == MemoryRegionKind.Usable) usable += region.Length;
            KAssert.True(usable >= 32UL << 20, "at least 32 MiB of usable RAM reported by the boot loader");
        }

        [KTest]
        public static void TimeStampCounterAdvances()
        {
            ulong a = NativeStubs.ReadTimeStampCounter();
            ulong b = NativeStubs.ReadTimeStampCounter();
            KAssert.True(b > a, "rdtsc is monotonic");
        }
    }
}
