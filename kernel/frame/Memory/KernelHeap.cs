using System.Runtime.CompilerServices;
using Tessera.Frame.Memory.Gc;

namespace Tessera.Frame.Memory
{
    // What the safe kernel may know about the managed heap.
    public static class KernelHeap
    {
        // Bytes in allocated object slots: live objects plus garbage not yet collected.
        // Not inlined: the compiler assumes allocation helpers leave statics untouched, so an
        // inlined read could be hoisted across a `new` and report a stale count.
        public static ulong AllocatedBytes
        {
            [MethodImpl(MethodImplOptions.NoInlining)]
            get => GarbageCollector.AllocatedBytes;
        }

        // The pages the collector holds now: it takes them from the page-frame allocator as
        // it needs them and gives wholly free chunks back (PhysicalMemory has RAM totals).
        public static ulong CapacityBytes => GarbageCollector.CapacityBytes;

        public static int CollectionCount
        {
            [MethodImpl(MethodImplOptions.NoInlining)]
            get => GarbageCollector.CollectionCount;
        }
    }
}
