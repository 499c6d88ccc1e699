using System.Runtime;
using System.Runtime.CompilerServices;

namespace Internal.Runtime
{
    // What the core library needs from the operating system below it. The frame exports these
    // symbols ([RuntimeExport] in kernel/frame/Runtime); the linker joins the two.
    internal static unsafe class RuntimeImports
    {
        // Zeroed, pointer-aligned memory for one object; never returns null (the frame panics).
        [MethodImpl(MethodImplOptions.InternalCall)]
        [RuntimeImport("*", "TesseraAllocateObjectMemory")]
        internal static extern void* AllocateObjectMemory(nuint size);

        // Stops the machine with a message and a backtrace from the caller's frame.
        [MethodImpl(MethodImplOptions.InternalCall)]
        [RuntimeImport("*", "TesseraRuntimeFailure")]
        internal static extern void RuntimeFailure(string message);

        [MethodImpl(MethodImplOptions.InternalCall)]
        [RuntimeImport("*", "TesseraGcCollect")]
        internal static extern void GcCollect();

        [MethodImpl(MethodImplOptions.InternalCall)]
        [RuntimeImport("*", "TesseraGcTotalMemory")]
        internal static extern long GcTotalMemory();

        [MethodImpl(MethodImplOptions.InternalCall)]
        [RuntimeImport("*", "TesseraGcCollectionCount")]
        internal static extern int GcCollectionCount();

        [MethodImpl(MethodImplOptions.InternalCall)]
        [RuntimeImport("*", "RhpNewArray")]
        internal static extern string RhNewString(MethodTable* stringType, int length);
    }
}
