namespace Tessera.Frame.Cpu
{
    // Every MSR access goes through here. In a TD most MSRs are virtualized by the TDX module
    // and some must be requested from the host with TDVMCALL; that routing belongs here.
    internal static class ModelSpecificRegisters
    {
        internal const uint ApicBase = 0x1B;         // IA32_APIC_BASE
        internal const uint Efer = 0xC000_0080;      // IA32_EFER (bit 0: syscall enable)
        internal const uint Star = 0xC000_0081;      // IA32_STAR: syscall/sysret selectors
        internal const uint LStar = 0xC000_0082;     // IA32_LSTAR: 64-bit syscall entry
        internal const uint FMask = 0xC000_0084;     // IA32_FMASK: RFLAGS bits syscall clears
        internal const uint FsBase = 0xC000_0100;    // IA32_FS_BASE
        internal const uint GsBase = 0xC000_0101;    // IA32_GS_BASE
        internal const uint KernelGsBase = 0xC000_0102;

        internal static ulong Read(uint msr) => NativeStubs.ReadMsr(msr);
        internal static void Write(uint msr, ulong value) => NativeStubs.WriteMsr(msr, value);
    }
}
