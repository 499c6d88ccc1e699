using Tessera.Frame.Cpu;

namespace Tessera.Frame.User
{
    // Arms the syscall instruction on the calling CPU (Intel SDM Vol. 2B, SYSCALL; Vol. 4,
    // IA32_STAR/LSTAR/FMASK): kernel CS 0x08 (SS 0x10) on entry; STAR[63:48] = 0x10 is the base
    // from which a return to user mode takes SS 0x18|3 and CS 0x20|3 (Cpu/GlobalDescriptorTable.cs).
    // FMASK clears the flags the kernel must not inherit, IF above all: the entry stub runs
    // on the user's stack until it has switched.
    internal static unsafe class SystemCallEntry
    {
        private const ulong SyscallEnable = 1;
        // CF PF AF ZF SF TF IF DF OF IOPL NT RF AC ID, as Linux masks them.
        private const ulong MaskedFlags = 0x257FD5;

        internal static void EnableOnThisCpu()
        {
            ulong efer = ModelSpecificRegisters.Read(ModelSpecificRegisters.Efer);
            ModelSpecificRegisters.Write(ModelSpecificRegisters.Efer, efer | SyscallEnable);
            ulong star = ((ulong)0x10 << 48) | ((ulong)GlobalDescriptorTable.KernelCode << 32);
            ModelSpecificRegisters.Write(ModelSpecificRegisters.Star, star);
            ModelSpecificRegisters.Write(ModelSpecificRegisters.LStar, (ulong)(delegate*<void>)&NativeStubs.SyscallEntry);
            ModelSpecificRegisters.Write(ModelSpecificRegisters.FMask, MaskedFlags);
        }
    }
}
