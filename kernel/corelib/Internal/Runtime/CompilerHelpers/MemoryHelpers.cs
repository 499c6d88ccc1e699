using System;
using System.Runtime;
using System.Runtime.CompilerServices;

namespace Internal.Runtime.CompilerHelpers
{
    // Block operations the compiler emits as calls (struct copies, zeroing, stackalloc init).
    internal static unsafe class MemoryHelpers
    {
        [RuntimeExport("memset")]
        internal static void* MemSet(byte* destination, int value, nuint count)
        {
            for (nuint i = 0; i < count; i++) destination[i] = (byte)value;
            return destination;
        }

        [RuntimeExport("memmove")]
        internal static void* MemMove(byte* destination, byte* source, nuint count)
        {
            Buffer.Memmove(ref *destination, ref *source, count);
            return destination;
        }

        [RuntimeExport("memcpy")]
        internal static void* MemCopy(byte* destination, byte* source, nuint count)
        {
            Buffer.Memmove(ref *destination, ref *source, count);
            return destination;
        }
    }
}
