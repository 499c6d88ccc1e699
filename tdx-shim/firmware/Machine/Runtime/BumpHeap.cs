using System.Runtime;
using Tessera.TdShim.Layout;

namespace Tessera.TdShim.Machine.Runtime
{
    // Firmware runs once and briefly, so its heap is a bump allocator over TempMem that never frees: no collector.
    // Memory is zeroed on allocation (TempMem is not guaranteed zero on a normal VM).
    internal static unsafe class BumpHeap
    {
        private static ulong s_next = ShimLayout.HeapBase;

        internal static ulong Used => s_next - ShimLayout.HeapBase;

        [RuntimeExport("TesseraAllocateObjectMemory")]
        internal static void* Allocate(nuint size) => AllocateAligned(size, 8);

        internal static void* AllocateAligned(nuint size, ulong alignment)
        {
            ulong start = (s_next + alignment - 1) & ~(alignment - 1);
            if (size > ShimLayout.HeapEnd - start || start > ShimLayout.HeapEnd)
            {
                Failure.Stop("out of heap memory (the shim's TempMem heap is 12 MiB)");
            }
            s_next = start + size;
            byte* p = (byte*)start;
            for (nuint i = 0; i < size; i++)
            {
                p[i] = 0;
            }
            return p;
        }

        [RuntimeExport("TesseraRuntimeFailure")]
        internal static void RuntimeFailure(string message) => Failure.Stop(message);

        // The core library's GC API has nothing to do here.
        [RuntimeExport("TesseraGcCollect")]
        internal static void Collect() { }

        [RuntimeExport("TesseraGcTotalMemory")]
        internal static long TotalMemory() => (long)Used;

        [RuntimeExport("TesseraGcCollectionCount")]
        internal static int CollectionCount() => 0;
    }
}
