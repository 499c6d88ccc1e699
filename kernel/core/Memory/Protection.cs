using System;

namespace Tessera.Kernel.Memory
{
    // What a mapping allows, with Linux's PROT_* values (include/uapi/asm-generic/mman-common.h).
    [Flags]
    public enum Protection
    {
        None = 0,
        Read = 1,
        Write = 2,
        Execute = 4,
    }
}
