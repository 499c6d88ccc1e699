using Tessera.Frame.Boot;
using Tessera.Frame.Memory;
using Tessera.Frame.Cpu;

namespace Tessera.Frame.Testing
{
    // The kernel's own page tables: the direct map shows the same bytes as the boot mapping,
    // reaches the top of RAM, and device windows are mapped on request.
    public static unsafe class PageTableKTests
    {
        [KTest]
        public static void DirectMapAliasesTheKernelMapping()
        {
            byte* viaKernelBase = (byte*)BootAllocator.Allocate(64);
            ulong physical = KernelLayout.VirtualToPhysical((ulong)viaKernelBase);
            byte* viaDirectMap = KernelLayout.PhysicalToVirtual(physical);
            KAssert.True((ulong)viaDirectMap >= KernelLayout.DirectMapBase && (ulong)viaDirectMap < KernelLayout.KernelBase, "the direct map is live");
            viaKernelBase[3] = 0x5A;
            KAssert.Equal(0x5A, viaDirectMap[3], "the same byte through both mappings");
        }

        [KTest]
        public static void DirectMapReachesTheTopOfRam()
        {
            ulong top = 0;
            foreach (MemoryRegion region in BootInfo.MemoryMap)
                if (region.Kind == MemoryRegionKind.Usable && region.End > top) top = region.End;
            KAssert.True(KernelLayout.IsMappedPhysical(top - 4096, 4096), "the last usable page is mapped");
            ulong* last = (ulong*)KernelLayout.PhysicalToVirtual(top - 8);
            ulong saved = *last;
            *last = 0x1122334455667788;
            KAssert.Equal(0x1122334455667788UL, *last, "the last usable word reads back");
            *last = saved;
        }

        [KTest]
        public static void DeviceWindowsMapUncached()
        {
            // The local APIC's version register (Intel SDM Vol. 3A, 11.4.8): 0x10-0x1F for an
            // integrated APIC, which every x86-64 CPU has.
            ulong apicBase = Cpu.ModelSpecificRegisters.Read(Cpu.ModelSpecificRegisters.ApicBase);
            byte* apic = PageTables.MapDevice(apicBase & 0xFFFFF000, 4096);
            uint version = Cpu.Mmio.Read32(apic + 0x30) & 0xFF;
            KAssert.True(version >= 0x10 && version <= 0x1F, "local APIC version 0x" + version.ToString("x")
                + " through the device mapping (IA32_APIC_BASE 0x" + apicBase.ToString("x") + ")");
        }
    }
}
