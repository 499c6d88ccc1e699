using System;
using Tessera.Kernel.Abi;

namespace Tessera.Kernel.Fs.Vfs
{
    // An open directory. Its offset is a listing position: 0 is ".", 1 is "..", then the
    // entries' stable cookies (DirectoryEntries), so a reader resumes where it stopped.
    public sealed class DirectoryFile : OpenFile
    {
        public DirectoryFile(PathLocation location, DirectoryInode inode, int flags) : base(location, inode, flags)
        {
            Directory = inode;
        }

        public DirectoryInode Directory { get; }

        public override long Read(Span<byte> buffer) => -(long)Errno.EISDIR;
        public override long ReadAt(long offset, Span<byte> buffer) => -(long)Errno.EISDIR;

        // fs/libfs.c dcache_dir_lseek: SEEK_SET and SEEK_CUR only, never negative.
        public override long Seek(long offset, int whence)
        {
            long target;
            if (whence == SeekWhence.Set) target = offset;
            else if (whence == SeekWhence.Current) target = Offset + offset;
            else return -(long)Errno.EINVAL;
            if (target < 0) return -(long)Errno.EINVAL;
            Offset = target;
            return target;
        }
    }
}
