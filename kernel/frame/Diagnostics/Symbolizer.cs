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
            byte* entry = Find(address);
            if (entry == null) return hex;
            ulong start = *(ulong*)entry;
            string name = new string((sbyte*)(Names() + *(uint*)(entry + 12)));
            return hex + " " + name + "+0x" + (address - start).ToString("x");
        }

        // True when the address is the first instruction of a known function: a trap there
        // came before the function pushed its frame pointer.
        internal static bool IsFunctionStart(ulong address)
        {
            byte* entry = Find(address);
            return entry != null && *(ulong*)entry == address;
        }

        private static byte* Names()
        {
            byte* table = NativeStubs.SymbolTable();
            return table + 8 + (ulong)*(uint*)(table + 4) * 16;
        }

        private static byte* Find(ulong address)
        {
            byte* table = NativeStubs.SymbolTable();
            if (*(uint*)table != Magic) return null;
            uint count = *(uint*)(table + 4);
            byte* entries = table + 8;

            // Binary search for the last symbol starting at or below the address.
            long lo = 0, hi = (long)count - 1, found = -1;
            while (lo <= hi)
            {
                long mid = (lo + hi) / 2;
                if (*(ulong*)(entries + mid * 16) <= address) { found = mid; lo = mid + 1; }
                else hi = mid - 1;
            }
            if (found < 0) return null;
            byte* entry = entries + found * 16;
            ulong start = *(ulong*)entry;
            uint size = *(uint*)(entry + 8);
            if (size != 0 && address >= start + size) return null;
            return entry;
        }
    }
}
