using System.Collections.Generic;
using Tessera.Frame.Memory;
using Tessera.Kernel.Fs.Vfs;
using Tessera.Kernel.Syscalls;

namespace Tessera.Kernel.Memory
{
    // The mappings of one tmpfs file (Linux's address_space i_mmap): which address spaces map
    // it, one entry per area, and the file's frames handed to their faults. While an area maps
    // the file, the inode is not released (its pages outlive unlink and close, as Linux's
    // mapping holds the file). Everything here runs under the file-system lock; callers may
    // hold an address space's lock (that order, never the other).
    public sealed class MappedFile : IFileMappings
    {
        private readonly List<VirtualMemory> _areas = new List<VirtualMemory>();

        private MappedFile(RegularFileInode inode) => Inode = inode;

        public RegularFileInode Inode { get; }

        // The file's mappings, made on first use. Caller holds the file-system lock.
        public static MappedFile Of(RegularFileInode inode)
        {
            if (inode.Content.Mappings is MappedFile existing) return existing;
            var made = new MappedFile(inode);
            inode.Content.Mappings = made;
            return made;
        }

        public bool InUse => _areas.Count > 0;

        public void AddArea(VirtualMemory owner)
        {
            using (FileSystemLock.Hold()) _areas.Add(owner);
        }

        // The area left its address space; the last one lets an unlinked, closed file go.
        public void ReleaseArea(VirtualMemory owner)
        {
            using (FileSystemLock.Hold())
            {
                _areas.Remove(owner);
                if (_areas.Count == 0) Inode.ReleaseIfUnused();
            }
        }

        // The frame of file page pageIndex with a new reference for the caller's page table
        // (taken before the lock goes, so a truncation cannot free it first); 0 beyond the end
        // of file or when no page can be had.
        public ulong ReferenceFrame(ulong pageIndex, out bool beyondEnd)
        {
            using (FileSystemLock.Hold())
            {
                ulong frame = Inode.Content.FrameForMapping(pageIndex > long.MaxValue ? -1 : (long)pageIndex, out beyondEnd);
                if (frame != 0) FrameSharing.AddReference(frame);
                return frame;
            }
        }

        public void PagesRemoved(long firstPage, long endPage, bool truncated)
        {
            if (_areas.Count == 0) return;
            var spaces = new List<VirtualMemory>();
            foreach (VirtualMemory m in _areas)
                if (!spaces.Contains(m)) spaces.Add(m);
            FileMappingUpdates.Add(new FileMappingUpdate(this, spaces, (ulong)firstPage, (ulong)endPage, truncated));
        }
    }
}
