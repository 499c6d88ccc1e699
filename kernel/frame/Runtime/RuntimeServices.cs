using System.Runtime;
using Tessera.Frame.Diagnostics;
using Tessera.Frame.Memory;

namespace Tessera.Frame.Runtime
{
    // The services the core library imports from the operating system (see
    // kernel/corelib/Internal/Runtime/RuntimeImports.cs).
    internal static unsafe class RuntimeServices
    {
        [RuntimeExport("TesseraAllocateObjectMemory")]
        internal static void* AllocateObjectMemory(nuint size) => KernelHeap.Allocate(size);

        [RuntimeExport("TesseraRuntimeFailure")]
        internal static void RuntimeFailure(string message) => Panic.Halt(message);
    }
}
