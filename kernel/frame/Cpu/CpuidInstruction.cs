namespace Tessera.Frame.Cpu
{
    // CPUID through one door: in a TD the TDX module answers some leaves and the host the
    // rest (via #VE), and the values the host supplies are untrusted.
    public static unsafe class CpuidInstruction
    {
        public static void Query(uint leaf, uint subleaf, out uint eax, out uint ebx, out uint ecx, out uint edx)
        {
            uint* registers = stackalloc uint[4];
            NativeStubs.CpuId(leaf, subleaf, registers);
            eax = registers[0];
            ebx = registers[1];
            ecx = registers[2];
            edx = registers[3];
        }
    }
}
