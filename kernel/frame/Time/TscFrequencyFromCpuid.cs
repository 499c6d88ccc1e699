namespace Tessera.Frame.Time
{
    // The TSC frequency the CPU states (Intel SDM Vol. 2A, CPUID):
    //   leaf 0x15 "Time Stamp Counter and Nominal Core Crystal Clock Information":
    //     EAX = ratio denominator, EBX = ratio numerator, ECX = crystal frequency in Hz (0 if
    //     not enumerated); TSC frequency = ECX * EBX / EAX.
    //   leaf 0x16 "Processor Frequency Information": EAX = base frequency in MHz.
    // When 0x15 gives the ratio but not the crystal, the TSC runs at the base frequency
    // (SDM: the crystal can then be derived from 0x16), so 0x16 is used only in that case.
    // A TDX module reports the TD's virtual TSC frequency through leaf 0x15.
    public static class TscFrequencyFromCpuid
    {
        public const uint MinPlausibleHz = 1_000_000;
        // Above this the nanosecond conversion could overflow (TscConversion), and no CPU is near it.
        public const ulong MaxPlausibleHz = 10_000_000_000;

        // `maxLeaf` is CPUID.0:EAX; the other arguments are the registers of leaves 0x15 and
        // 0x16 (pass zeros for leaves above maxLeaf). Returns 0 when the CPU does not say.
        public static ulong Compute(uint maxLeaf, uint denominator, uint numerator, uint crystalHz, uint baseMhz)
        {
            if (maxLeaf < 0x15 || denominator == 0 || numerator == 0) return 0;
            ulong hz = 0;
            if (crystalHz != 0) hz = (ulong)crystalHz * numerator / denominator;
            else if (maxLeaf >= 0x16 && baseMhz != 0) hz = (ulong)baseMhz * 1_000_000;
            return hz >= MinPlausibleHz && hz <= MaxPlausibleHz ? hz : 0;
        }
    }
}
