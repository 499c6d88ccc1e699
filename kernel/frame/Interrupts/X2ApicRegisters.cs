namespace Tessera.Frame.Interrupts
{
    // x2APIC register addressing (Intel SDM Vol. 3A, 11.12.1.2, Table 11-6): the register at
    // xAPIC MMIO offset X is MSR 0x800 + (X >> 4); the ICR's two halves become one 64-bit
    // MSR (0x830) with the destination's 32-bit x2APIC id in bits 32-63 (11.12.9). Safe
    // arithmetic, so the host tests check it: QEMU 7.2 under TCG offers no x2APIC.
    public static class X2ApicRegisters
    {
        private const uint MsrBase = 0x800;

        public static uint MsrOf(int xApicOffset) => MsrBase + (uint)(xApicOffset >> 4);

        public static ulong InterruptCommand(uint destination, uint low) => (ulong)destination << 32 | low;
    }
}
