using Tessera.Frame.Cpu;

namespace Tessera.Frame.Diagnostics
{
    // Names code addresses from the symbol table the build embeds in the image (written by
    // distro's KernelSymbolTable after a first link): "TESY", u32 count, then count entries
    // { u64 address, u32 size, u32 name offset } sorted by address, then NUL-terminated names.
    internal static unsafe class Symbolizer
    {
        private const uint Magic = 0x59534554;   // "TESY"

        internal static string Describe(ulong address)
        {
            string hex = "0x" + address.ToString("x16");
            byte* table = NativeStubs.SymbolTable();
            if (*(uint*)table != Magic) return hex;
            uint count = *(uint*)(table + 4);
            byte* entries = table + 8;
            byte* names = entries + (ulong)count * 16;

            // Binary search for the last symbol starting at or below the address.
            long lo = 0, hi = (long)count - 1, found = -1;
            while (lo <= hi)
            {
                long mid = (lo + hi) / 2;
                if (*(ulong*)(entries + mid * 16) <= address) { found = mid; lo = mid + 1; }
                else hi = mid - 1;
            }
            if (found < 0) return hex;
            byte* entry = entries + found * 16;
            ulong start = *(ulong*)entry;
            uint size = *(uint*)(entry + 8);
            if (size != 0 && address >= start + size) return hex;
            string name = new string((sbyte*)(names + *(uint*)(entry + 12)));
            return hex + " " + name + "+0x" + (address - start).ToString("x");
        }
    }
}
