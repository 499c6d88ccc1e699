using Tessera.Frame.Boot;
using Tessera.Frame.Memory;

namespace Tessera.Kernel.Memory
{
    // RAM as /proc/meminfo and sysinfo(2) report it. Free is what the page-frame allocator has
    // plus the collector's pool not in use by objects (slots of garbage not yet collected count
    // as used), so user pages, page tables and file pages all count as used, as on Linux.
    public static class MemoryTotals
    {
        public static ulong TotalBytes => BootInfo.UsableMemoryBytes;

        public static ulong FreeBytes
        {
            get
            {
                ulong heap = KernelHeap.CapacityBytes, objects = KernelHeap.AllocatedBytes;
                ulong free = PhysicalMemory.FreeBytes + (heap > objects ? heap - objects : 0);
                return free < TotalBytes ? free : TotalBytes;
            }
        }
    }
}
