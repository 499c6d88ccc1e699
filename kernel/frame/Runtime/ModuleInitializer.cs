using Internal.Runtime.CompilerHelpers;
using Tessera.Frame.Cpu;
using Tessera.Frame.Diagnostics;
using Tessera.Frame.Memory.Gc;

namespace Tessera.Frame.Runtime
{
    // Prepares the compiled module before managed code runs. The ReadyToRun header walk is the core
    // library's (StartupCodeHelpers); the frame supplies the collector's allocator and registers each
    // module's frozen objects and GC statics as roots before their static bases are allocated.
    internal static unsafe class ModuleInitializer
    {
        internal static void InitializeAll()
        {
            void** start = (void**)NativeStubs.ModulesStart();
            void** end = (void**)NativeStubs.ModulesEnd();
            if (!StartupCodeHelpers.TryInitializeModules(start, end, &Allocate, &RegisterRoots))
            {
                Panic.Halt("module header has a bad signature");
            }
        }

        private static void* Allocate(nuint size) => GarbageCollector.Allocate(size);

        private static void RegisterRoots(byte* frozen, int frozenLength, byte* statics, int staticsLength)
        {
            if (frozen != null) RootSet.AddFrozenRegion(frozen, frozenLength);
            if (statics != null) RootSet.AddStaticRegion(statics, staticsLength);
        }
    }
}
