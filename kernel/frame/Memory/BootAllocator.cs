using Tessera.Frame.Diagnostics;

namespace Tessera.Frame.Memory
{
    // Raw, permanent memory for the frame's own tables (GDT, TSS, IDT, interrupt stacks, the
    // collector's page map and mark stack). Never freed, never scanned by the collector:
    // nothing here is a managed object.
    internal static unsafe class BootAllocator
    {
        private static byte* s_next;
        private static byte* s_limit;

        internal static void Initialize(byte* start, byte* end)
        {
            s_next = start;
            s_limit = end;
        }

        // Zeroed, 16-byte aligned.
        internal static void* Allocate(ulong size)
        {
            ulong rounded = (size + 15) & ~15UL;
            if (rounded > (ulong)(s_limit - s_next))
                Panic.Halt("out of memory: the boot allocator is exhausted");
            byte* result = s_next;
            s_next += rounded;
            for (ulong i = 0; i < rounded; i += 8) *(ulong*)(result + i) = 0;
            return result;
        }
    }
}
