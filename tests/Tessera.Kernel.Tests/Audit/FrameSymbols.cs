using System;
using System.Collections.Generic;

namespace Tessera.Kernel.Tests.Audit
{
    // Which code symbols belong to the frame, the only part of the kernel allowed to execute
    // privileged instructions.
    public static class FrameSymbols
    {
        // ILCompiler names a managed method <assembly>_<namespace>_<type>__<method> with the
        // assembly name's dots as underscores, so everything compiled from Tessera.Frame starts
        // with "Tessera_Frame_". The frame's Iced-generated machine code and the boot stub name
        // their functions "frame_native_..." and "frame_boot_...".
        public static readonly IReadOnlyList<string> Prefixes = new[] { "Tessera_Frame_", "frame_native_", "frame_boot_" };

        // Entry points the frame exports under plain names; their bodies also carry the mangled
        // name at the same address, so attribution by address would find them anyway.
        public static readonly IReadOnlySet<string> PlainExports = new HashSet<string>(StringComparer.Ordinal)
        {
            "TesseraFrameStart", "TesseraTrapDispatch", "TesseraAllocateObjectMemory", "TesseraRuntimeFailure",
        };

        public static bool IsFrame(string symbolName)
        {
            if (PlainExports.Contains(symbolName)) return true;
            foreach (string prefix in Prefixes)
                if (symbolName.StartsWith(prefix, StringComparison.Ordinal)) return true;
            return false;
        }
    }
}
