using System.Runtime;
using Tessera.Frame.Diagnostics;
using Tessera.Frame.Memory.Gc;

namespace Tessera.Frame.Runtime
{
    // The services the core library imports from the operating system (see
    // kernel/corelib/Internal/Runtime/RuntimeImports.cs).
    internal static unsafe class RuntimeServices
    {
        // Zeroed memory for one object of `size` bytes (its 8-byte header included); returns
        // where the MethodTable pointer goes.
        [RuntimeExport("TesseraAllocateObjectMemory")]
        internal static void* AllocateObjectMemory(nuint size) => GarbageCollector.Allocate(size);

        [RuntimeExport("TesseraRuntimeFailure")]
        internal static void RuntimeFailure(string message) => Panic.Halt(message);
    }
}
