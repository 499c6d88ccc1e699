using System.Collections.Generic;
using Tessera.Frame.Threading;

namespace Tessera.Kernel.Memory
{
    // One change to make in the mappings of a file whose pages left its page cache.
    public sealed class FileMappingUpdate
    {
        public FileMappingUpdate(MappedFile file, List<VirtualMemory> spaces, ulong firstPage, ulong endPage, bool truncated)
        {
            File = file;
            Spaces = spaces;
            FirstPage = firstPage;
            EndPage = endPage;
            Truncated = truncated;
        }

        public MappedFile File { get; }
        public List<VirtualMemory> Spaces { get; }
        public ulong FirstPage { get; }
        public ulong EndPage { get; }
        public bool Truncated { get; }
    }

    // Unmapping pages a truncation or hole punch took from a file needs each address space's
    // lock, which must not be taken under the file-system lock (a fault holds them in the other
    // order). So the file layer notes the work here and every system call does what is pending
    // before it returns to its program: the truncating program never sees a stale page.
    public static class FileMappingUpdates
    {
        private static readonly KernelMutex s_lock = new KernelMutex();
        private static List<FileMappingUpdate> s_pending = new List<FileMappingUpdate>();
        private static volatile bool s_any;

        public static void Add(FileMappingUpdate update)
        {
            s_lock.Enter();
            s_pending.Add(update);
            s_any = true;
            s_lock.Exit();
        }

        // Called with no lock held.
        public static void RunPending()
        {
            if (!s_any) return;
            s_lock.Enter();
            List<FileMappingUpdate> work = s_pending;
            s_pending = new List<FileMappingUpdate>();
            s_any = false;
            s_lock.Exit();
            foreach (FileMappingUpdate update in work)
                foreach (VirtualMemory m in update.Spaces)
                    m.DropFilePages(update.File, update.FirstPage, update.EndPage, update.Truncated);
        }
    }
}
