namespace Tessera.Frame.Memory
{
    // Where things are in the kernel's address space. The boot stub maps the first GiB of
    // physical memory at KernelBase (the -2 GiB "kernel code model" region) with 2 MiB pages;
    // the identity map it also needs to switch to long mode is removed once we run here, so
    // that null and small addresses fault.
    internal static class KernelLayout
    {
        internal const ulong KernelBase = 0xFFFF_FFFF_8000_0000;
        internal const ulong MappedPhysicalLimit = 1UL << 30;

        internal static bool IsMappedPhysical(ulong physical, ulong length) =>
            physical < MappedPhysicalLimit && length <= MappedPhysicalLimit - physical;

        internal static unsafe byte* PhysicalToVirtual(ulong physical) => (byte*)(KernelBase + physical);

        internal static ulong VirtualToPhysical(ulong virtualAddress) => virtualAddress - KernelBase;
    }
}
