using Tessera.Frame.Cpu;
using Tessera.Frame.Diagnostics;

namespace Tessera.Frame.Memory
{
    // The kernel's page tables (Intel SDM Vol. 3A, 4.5 "4-Level Paging"). The boot stub's
    // tables map the first GiB twice (identity and KernelBase); here we drop the identity map,
    // then build the kernel's own tables: the KernelBase mapping reused as is, every byte of
    // RAM in the direct map with 2 MiB pages, and device windows mapped uncached on request.
    internal static unsafe class PageTables
    {
        private const ulong Present = 1, Writable = 2, WriteThrough = 8, CacheDisable = 16, Huge = 0x80;
        private const ulong NoExecute = 1UL << 63;
        private const ulong AddressMask = 0x000F_FFFF_FFFF_F000;
        private const ulong TwoMiB = 2UL << 20;
        private static ulong* s_pml4;

        // The physical address of the kernel's top-level table (what CR3 holds in the kernel).
        internal static ulong KernelRoot => KernelLayout.VirtualToPhysical((ulong)s_pml4);

        internal static void RemoveIdentityMap()
        {
            ulong cr3 = NativeStubs.ReadCr3();
            ulong* pml4 = (ulong*)KernelLayout.PhysicalToVirtual(cr3 & ~0xFFFUL);
            pml4[0] = 0;
            NativeStubs.WriteCr3(cr3);
        }

        // Builds and loads the kernel's tables, direct-mapping physical [0, ramEnd).
        internal static void BuildKernelTables(ulong ramEnd)
        {
            ulong* boot = (ulong*)KernelLayout.PhysicalToVirtual(NativeStubs.ReadCr3() & AddressMask);
            s_pml4 = NewTable();
            s_pml4[511] = boot[511];                       // kernel image and first GiB
            ramEnd = (ramEnd + TwoMiB - 1) & ~(TwoMiB - 1);
            for (ulong physical = 0; physical < ramEnd; physical += TwoMiB)
                MapLarge(KernelLayout.DirectMapBase + physical, physical, Writable | NoExecute);
            NativeStubs.WriteCr3(KernelLayout.VirtualToPhysical((ulong)s_pml4));
            KernelLayout.DirectMapIsLive(ramEnd);
        }

        // Maps a device window uncached in the direct map and returns its virtual address.
        internal static byte* MapDevice(ulong physical, ulong length)
        {
            ulong first = physical & ~(TwoMiB - 1);
            ulong end = (physical + length + TwoMiB - 1) & ~(TwoMiB - 1);
            for (ulong p = first; p < end; p += TwoMiB)
            {
                MapLarge(KernelLayout.DirectMapBase + p, p, Writable | NoExecute | CacheDisable | WriteThrough);
                NativeStubs.InvalidatePage(KernelLayout.DirectMapBase + p);
            }
            return (byte*)(KernelLayout.DirectMapBase + physical);
        }

        // Maps (or, with physical == ulong.MaxValue, unmaps) one read-only 2 MiB page. The
        // caller invalidates the TLBs (Memory/TlbShootdown.cs) before relying on the change.
        internal static void SetLargeReadOnly(ulong virtualAddress, ulong physical)
        {
            if (physical == ulong.MaxValue)
            {
                ulong* pdpt = NextLevel(s_pml4, (int)((virtualAddress >> 39) & 511));
                ulong* pd = NextLevel(pdpt, (int)((virtualAddress >> 30) & 511));
                pd[(virtualAddress >> 21) & 511] = 0;
                return;
            }
            MapLarge(virtualAddress, physical, NoExecute);
        }

        private static void MapLarge(ulong virtualAddress, ulong physical, ulong flags)
        {
            ulong* pdpt = NextLevel(s_pml4, (int)((virtualAddress >> 39) & 511));
            ulong* pd = NextLevel(pdpt, (int)((virtualAddress >> 30) & 511));
            pd[(virtualAddress >> 21) & 511] = physical | Present | Huge | flags;
        }

        private static ulong* NextLevel(ulong* table, int index)
        {
            ulong entry = table[index];
            if ((entry & Present) == 0)
            {
                ulong* next = NewTable();
                table[index] = KernelLayout.VirtualToPhysical((ulong)next) | Present | Writable;
                return next;
            }
            if ((entry & Huge) != 0) Panic.Halt("page tables: a large page where a table was expected");
            return (ulong*)(KernelLayout.KernelBase + (entry & AddressMask));
        }

        // Tables come from the boot allocator, which lives in the first GiB: reachable through
        // KernelBase before and after the switch.
        private static ulong* NewTable() => (ulong*)BootAllocator.AllocatePage();
    }
}
