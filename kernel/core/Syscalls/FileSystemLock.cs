using System;
using Tessera.Frame.Threading;

namespace Tessera.Kernel.Syscalls
{
    // One lock around the file-system layer, which expects its callers to take turns
    // (docs/file-systems.md). Calls never sleep holding it: a blocking read or write drops it
    // while it waits for readiness.
    public static class FileSystemLock
    {
        private static readonly KernelMutex s_mutex = new KernelMutex();

        public static Holder Hold()
        {
            s_mutex.Enter();
            return new Holder();
        }

        public readonly struct Holder : IDisposable
        {
            public void Dispose() => s_mutex.Exit();
        }
    }
}
