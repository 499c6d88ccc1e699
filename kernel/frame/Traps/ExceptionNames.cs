namespace Tessera.Frame.Traps
{
    // Architectural exception vectors (Intel SDM Vol. 3A, Table 6-1).
    internal static class ExceptionNames
    {
        internal const int Breakpoint = 3;
        internal const int PageFault = 14;

        internal static string Of(ulong vector) => vector switch
        {
            0 => "divide error (#DE)",
            1 => "debug exception (#DB)",
            2 => "non-maskable interrupt (NMI)",
            3 => "breakpoint (#BP)",
            4 => "overflow (#OF)",
            5 => "bound range exceeded (#BR)",
            6 => "invalid opcode (#UD)",
            7 => "device not available (#NM)",
            8 => "double fault (#DF)",
            9 => "coprocessor segment overrun",
            10 => "invalid TSS (#TS)",
            11 => "segment not present (#NP)",
            12 => "stack-segment fault (#SS)",
            13 => "general protection fault (#GP)",
            14 => "page fault (#PF)",
            16 => "x87 floating-point error (#MF)",
            17 => "alignment check (#AC)",
            18 => "machine check (#MC)",
            19 => "SIMD floating-point exception (#XM)",
            20 => "virtualization exception (#VE)",
            21 => "control protection exception (#CP)",
            _ => "reserved exception vector",
        };

        // Vectors for which the CPU pushes an error code (SDM Vol. 3A, 6.13).
        internal static bool HasErrorCode(int vector) =>
            vector == 8 || (vector >= 10 && vector <= 14) || vector == 17 || vector == 21 || vector == 29 || vector == 30;
    }
}
