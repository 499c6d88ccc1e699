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

        public static ulong CapacityBytes => GarbageCollector.CapacityBytes;

        // The physical range [PhysicalStart, PhysicalEnd) the heap owns (the frame's boot
        // tables and the collector's pages), read-only, so that the page-frame allocator can
        // keep its hands off it. Set once at boot, before any object exists.
        internal static ulong PhysicalStart { get; private set; }
        internal static ulong PhysicalEnd { get; private set; }

        internal static void RecordPhysicalRange(ulong start, ulong end)
        {
            PhysicalStart = start;
            PhysicalEnd = end;
        }

        public static int CollectionCount
        {
            [MethodImpl(MethodImplOptions.NoInlining)]
            get => GarbageCollector.CollectionCount;
        }
    }
}
