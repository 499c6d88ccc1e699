namespace Tessera.Frame.Cpu
{
    // Every MSR access goes through here. In a TD most MSRs are virtualized by the TDX module
    // and some must be requested from the host with TDVMCALL; that routing belongs here.
    internal static class ModelSpecificRegisters
    {
        internal const uint ApicBase = 0x1B;         // IA32_APIC_BASE
        internal const uint GsBase = 0xC000_0101;    // IA32_GS_BASE
        internal const uint KernelGsBase = 0xC000_0102;

        internal static ulong Read(uint msr) => NativeStubs.ReadMsr(msr);
        internal static void Write(uint msr, ulong value) => NativeStubs.WriteMsr(msr, value);
    }
}
