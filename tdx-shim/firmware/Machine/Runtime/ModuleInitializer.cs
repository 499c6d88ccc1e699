using Internal.Runtime.CompilerHelpers;
using Tessera.TdShim.Machine.Hardware;

namespace Tessera.TdShim.Machine.Runtime
{
    // Prepares the compiled module before managed code runs. The ReadyToRun header walk is the core
    // library's (StartupCodeHelpers), shared with the kernel's frame; the shim allocates static bases from
    // its bump heap and registers no roots: its heap is never collected.
    internal static unsafe class ModuleInitializer
    {
        internal static void InitializeAll()
        {
            void** start = (void**)NativeStubs.ModulesStart();
            void** end = (void**)NativeStubs.ModulesEnd();
            if (!StartupCodeHelpers.TryInitializeModules(start, end, &BumpHeap.Allocate, null))
            {
                Failure.Stop("module header has a bad signature");
            }
        }
    }
}
