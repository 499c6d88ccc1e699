namespace Tessera.Frame.Memory
{
    // Where things are in the kernel's address space:
    //   KernelBase (-2 GiB): the kernel image and the first GiB of physical memory, mapped by
    //     the boot stub and kept, so code and early data never move.
    //   DirectMapBase: all RAM, mapped by KernelPageTables once the memory map is known, plus
    //     device windows (uncached) on request.
    // The boot stub's identity map is removed once we run in the higher half, so that null
    // and small addresses fault.
    internal static class KernelLayout
    {
        internal const ulong KernelBase = 0xFFFF_FFFF_8000_0000;
        internal const ulong DirectMapBase = 0xFFFF_8000_0000_0000;
        internal const ulong BootMappedLimit = 1UL << 30;

        private static ulong s_directMapEnd;    // 0 until the kernel page tables are live

        internal static ulong MappedLimit => s_directMapEnd != 0 ? s_directMapEnd : BootMappedLimit;

        internal static bool IsMappedPhysical(ulong physical, ulong length) =>
            physical < MappedLimit && length <= MappedLimit - physical;

        internal static unsafe byte* PhysicalToVirtual(ulong physical) =>
            (byte*)((s_directMapEnd != 0 ? DirectMapBase : KernelBase) + physical);

        internal static ulong VirtualToPhysical(ulong virtualAddress) =>
            virtualAddress >= KernelBase ? virtualAddress - KernelBase : virtualAddress - DirectMapBase;

        internal static void DirectMapIsLive(ulong end) => s_directMapEnd = end;
    }
}
