using System.Collections.Generic;
using Tessera.Frame.Boot;
using Tessera.Frame.Diagnostics;
using Tessera.Frame.Memory.Gc;
using Tessera.Frame.Threading;

namespace Tessera.Frame.Memory
{
    // The owner of all usable RAM: one buddy allocator (BuddyAllocator) over the validated
    // boot memory map minus what the kernel reserved at boot (low memory, its image, the boot
    // tables and the collector's seed, the boot modules). Everything else that needs memory
    // asks here: the collector grows its page pool and gives wholly free chunks back
    // (Gc/PageRuns.cs), kernel thread stacks, and page tables and frames of address spaces.
    // Every call is under the heap lock (reentrant, interrupts off), which the collector
    // holds anyway; when no block is left, a collection runs once (it may give chunks back)
    // before the caller is told no.
    public static unsafe class PhysicalMemory
    {
        // Up to 2^16 frames (256 MiB) in one block, so large objects get contiguous runs.
        internal const int MaxOrder = 16;
        private static BuddyAllocator s_frames;

        public static ulong TotalBytes => s_frames == null ? 0 : s_frames.TotalFrames << PageFrame.Shift;
        public static ulong FreeBytes
        {
            get
            {
                if (s_frames == null) return 0;
                using (HeapLock.Enter()) return s_frames.FreeFrames << PageFrame.Shift;
            }
        }
        public static ulong UsedBytes => TotalBytes - FreeBytes;

        // For tests, which take the heap lock themselves.
        internal static BuddyAllocator Frames => s_frames;

        // Once, on the boot processor, after module initialization (the bookkeeping arrays come
        // from the collector's seed). Returns why the map was refused, or null.
        internal static string Initialize(IReadOnlyList<MemoryRegion> map, IReadOnlyList<PhysicalRange> reserved)
        {
            var ranges = new List<FrameRange>();
            MemoryMapError mapError = UsableFrames.Compute(map, reserved, ranges);
            if (mapError != MemoryMapError.None) return "memory map refused (MemoryMapError " + ((int)mapError).ToString() + ")";
            FrameError error = BuddyAllocator.Create(ranges, MaxOrder, out BuddyAllocator frames);
            if (error != FrameError.None) return "page-frame allocator refused the ranges (FrameError " + ((int)error).ToString() + ")";
            using (HeapLock.Enter()) s_frames = frames;
            return null;
        }

        // The smallest order whose block holds `pages` pages.
        internal static int OrderFor(ulong pages)
        {
            int order = 0;
            while ((1UL << order) < pages) order++;
            return order;
        }

        // A block of 2^order frames (its physical address), without a collection; false when
        // none is free or the allocator does not exist yet. The caller holds the heap lock.
        internal static bool TryAllocateLocked(int order, out ulong physical)
        {
            physical = 0;
            if (s_frames == null || !s_frames.TryAllocate(order, out ulong frame)) return false;
            physical = PageFrame.ToAddress(frame);
            return true;
        }

        // A block of 2^order frames through the direct map, collecting once if none is free;
        // null when memory is exhausted. Not zeroed.
        internal static byte* Allocate(int order)
        {
            using (HeapLock.Enter())
            {
                if (!TryAllocateLocked(order, out ulong physical))
                {
                    GarbageCollector.Collect();   // nests: the heap lock is reentrant
                    if (!TryAllocateLocked(order, out physical)) return null;
                }
                return KernelLayout.PhysicalToVirtual(physical);
            }
        }

        internal static byte* AllocateZeroed(int order)
        {
            byte* block = Allocate(order);
            if (block != null)
                for (ulong i = 0; i < (PageFrame.Size << order); i += 8) *(ulong*)(block + i) = 0;
            return block;
        }

        // Gives a block back; a free the allocator refuses is a kernel bug.
        internal static void Free(ulong physical, int order)
        {
            using (HeapLock.Enter())
            {
                FrameError error = s_frames.Free(physical >> PageFrame.Shift, order);
                if (error != FrameError.None)
                    Panic.Halt("page-frame allocator refused to free frame 0x" + (physical >> PageFrame.Shift).ToString("x") + " order " + order.ToString() + " (FrameError " + ((int)error).ToString() + ")");
            }
        }

        // The same, through any kernel mapping of the block.
        internal static void FreeAt(byte* mapping, int order) => Free(KernelLayout.VirtualToPhysical((ulong)mapping), order);
    }
}
