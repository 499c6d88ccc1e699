namespace Tessera.TdShim.Layout
{
    // The shim's fixed physical memory layout, shared by the host-side image builder (which generates the reset
    // vector and the TDX metadata from it) and the firmware (which checks the memory map against it).
    //
    //   0x0008_0000  handover area, marked reserved in the memory map the kernel gets:
    //                CC event log (64 KiB), ACPI tables, hvm_start_info with its memory map and module list,
    //                the command line
    //   0x0100_0000  TempMem (16 MiB): page tables, stack, the shim program copied from ROM, its heap.
    //                In a TD the VMM adds these pages (TDH.MEM.PAGE.ADD) so they are usable before any accept.
    //   0x0200_0000  TD_HOB (64 KiB, in a TD only): where the VMM writes the TD HOB list.
    // Everything below 32 MiB but these areas (and the legacy hole 0xA0000-0xFFFFF) is free for the kernel's
    // PT_LOAD segments; the initramfs goes to the top of low RAM.
    public static class ShimLayout
    {
        public const ulong HandoverBase = 0x0008_0000;
        public const ulong LogArea = HandoverBase;                    // CCEL LASA
        public const ulong LogAreaSize = 64 * 1024;                   // CCEL LAML
        public const ulong AcpiArea = LogArea + LogAreaSize;          // RSDP, XSDT, MADT, CCEL
        public const ulong AcpiAreaSize = 0x1000;
        public const ulong StartInfoArea = AcpiArea + AcpiAreaSize;   // hvm_start_info, module list, memory map
        public const ulong StartInfoAreaSize = 0x2000;
        public const ulong CommandLineArea = StartInfoArea + StartInfoAreaSize;
        public const ulong CommandLineAreaSize = 0x1000;              // the kernel reads at most 4095 bytes + NUL
        public const ulong HandoverEnd = CommandLineArea + CommandLineAreaSize;

        public const ulong LegacyHoleStart = 0x000A_0000;
        public const ulong LegacyHoleEnd = 0x0010_0000;

        public const ulong TempMemBase = 0x0100_0000;
        public const ulong TempMemSize = 0x0100_0000;
        public const ulong PageTables = TempMemBase;                  // PML4, PDPT, 4 PDs: identity map of 4 GiB
        public const ulong PageTablesSize = 6 * 0x1000;
        public const ulong StackBottom = TempMemBase + 0x1_0000;
        public const ulong StackTop = TempMemBase + 0x5_0000;         // 256 KiB
        public const ulong ProgramBase = TempMemBase + 0x10_0000;     // the linked shim (code, data, bss)
        public const ulong ProgramLimit = TempMemBase + 0x40_0000;    // 3 MiB for the program
        public const ulong HeapBase = ProgramLimit;
        public const ulong HeapEnd = TempMemBase + TempMemSize;       // 12 MiB bump heap, never freed

        public const ulong TdHobBase = 0x0200_0000;
        public const ulong TdHobSize = 0x1_0000;

        /// <summary>The lowest RAM the shim needs: everything above must exist for TempMem and TD_HOB.</summary>
        public const ulong MinimumRamEnd = TdHobBase + TdHobSize;

        /// <summary>The kernel's boot stub maps the first GiB, so everything handed over lies below it.</summary>
        public const ulong HandoverLimit = 0x4000_0000;

        /// <summary>Boot modes the reset vector passes to the C# entry (in edi).</summary>
        public const uint BootModeNormalVm = 0;
        public const uint BootModeTd = 1;
    }
}
