namespace Tessera.Frame.Memory.Gc
{
    // Finds the reference fields of an object from the GC descriptor ILCompiler stores just
    // before each MethodTable that has pointers (dotnet/runtime src/coreclr/gc/gcdesc.h):
    //   MT[-1] = number of series N.
    //   N > 0: N series below it, each { nint size; nint offset }, where size + the object's
    //          size is the byte length of a run of references starting at offset.
    //   N < 0: an array of structs: MT[-2] is the offset of the first element's references,
    //          and -N items below it { u32 pointer count; u32 bytes to skip } repeat per element.
    internal static unsafe class ObjectReferences
    {
        private const uint HasPointersFlag = 0x01000000;

        internal static ulong SizeOf(byte* obj)
        {
            var type = *(Internal.Runtime.MethodTable**)obj;
            ulong size = type->BaseSize;
            if (type->HasComponentSize) size += (ulong)*(uint*)(obj + 8) * type->ComponentSize;
            return (size + 7) & ~7UL;
        }

        // Calls visit(address of each reference field).
        internal static void ForEach(byte* obj, delegate*<ulong*, void> visit)
        {
            var type = *(Internal.Runtime.MethodTable**)obj;
            // A slot handed out but not yet given its MethodTable (the allocating thread was
            // preempted in between) is still all zeroes: it holds no references.
            if (type == null || (type->_uFlags & HasPointersFlag) == 0) return;
            long* gcdesc = (long*)type;
            long series = gcdesc[-1];
            if (series > 0)
            {
                long objectSize = (long)SizeOf(obj);
                for (long i = 1; i <= series; i++)
                {
                    long runBytes = gcdesc[-1 - 2 * i] + objectSize;
                    long offset = gcdesc[-2 * i];
                    ulong* field = (ulong*)(obj + offset);
                    for (long b = 0; b < runBytes; b += 8) visit(field++);
                }
            }
            else if (series < 0)
            {
                long offset = gcdesc[-2];
                uint* items = (uint*)(gcdesc - 2);
                uint length = *(uint*)(obj + 8);
                byte* cursor = obj + offset;
                for (uint e = 0; e < length; e++)
                {
                    for (long i = 1; i <= -series; i++)
                    {
                        uint pointers = items[-2 * i];
                        uint skip = items[-2 * i + 1];
                        for (uint p = 0; p < pointers; p++) { visit((ulong*)cursor); cursor += 8; }
                        cursor += skip;
                    }
                }
            }
        }
    }
}
