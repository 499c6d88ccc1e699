using System.Runtime.CompilerServices;
using Tessera.Frame.Boot;
using Tessera.Frame.Diagnostics;

namespace Tessera.Frame.Memory
{
    // The kernel's object memory for now: one bump region in the largest usable RAM range
    // above the kernel image. Nothing is freed yet; the garbage collector replaces this.
    public static unsafe class KernelHeap
    {
        private static byte* s_next;
        private static byte* s_limit;
        private static ulong s_allocated;
        private static ulong s_capacity;
        private static ulong s_physicalStart;
        private static ulong s_physicalEnd;

        // Not inlined: the compiler assumes its allocation helpers leave statics untouched, so
        // an inlined read could be hoisted across a `new` and report a stale count.
        public static ulong AllocatedBytes
        {
            [MethodImpl(MethodImplOptions.NoInlining)]
            get => s_allocated;
        }

        public static ulong CapacityBytes => s_capacity;

        // The physical range [PhysicalStart, PhysicalEnd) the heap owns, read-only, so that the
        // page-frame allocator can keep its hands off it.
        internal static ulong PhysicalStart => s_physicalStart;
        internal static ulong PhysicalEnd => s_physicalEnd;

        // Called before any object exists, with the memory map still in raw form.
        internal static void Initialize(ulong start, ulong end)
        {
            s_next = KernelLayout.PhysicalToVirtual(start);
            s_limit = KernelLayout.PhysicalToVirtual(end);
            s_capacity = end - start;
            s_physicalStart = start;
            s_physicalEnd = end;
        }

        internal static void* Allocate(nuint size)
        {
            ulong rounded = ((ulong)size + 15) & ~15UL;
            if (rounded > (ulong)(s_limit - s_next))
                Panic.Halt("out of memory: the kernel heap is exhausted");
            byte* result = s_next;
            s_next += rounded;
            s_allocated += rounded;
            for (ulong i = 0; i < rounded; i += 8) *(ulong*)(result + i) = 0;
            return result;
        }
    }
}
