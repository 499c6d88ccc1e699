using System;
using Tessera.Kernel.Abi;

namespace Tessera.Kernel.Fs.Vfs
{
    // An open regular file in memory: reads and writes at the shared offset or at a given one.
    public sealed class RegularFile : OpenFile
    {
        private readonly RegularFileInode _file;

        public RegularFile(PathLocation location, RegularFileInode inode, int flags) : base(location, inode, flags) => _file = inode;

        public override long Read(Span<byte> buffer)
        {
            long count = ReadAt(Offset, buffer);
            if (count > 0) Offset += count;
            return count;
        }

        public override long Write(ReadOnlySpan<byte> data)
        {
            if ((Flags & OpenFlags.Append) != 0) Offset = _file.Size;
            long count = WriteAt(Offset, data);
            if (count > 0) Offset += count;
            return count;
        }

        public override long ReadAt(long offset, Span<byte> buffer)
        {
            if (offset < 0) return -(long)Errno.EINVAL;
            int count = _file.Content.Read(offset, buffer);
            if ((Flags & OpenFlags.NoAccessTime) == 0) _file.TouchAccess();
            return count;
        }

        // With O_APPEND, pwrite appends whatever the offset (pwrite(2) BUGS, as Linux does).
        public override long WriteAt(long offset, ReadOnlySpan<byte> data)
        {
            if (offset < 0) return -(long)Errno.EINVAL;
            if ((Flags & OpenFlags.Append) != 0) offset = _file.Size;
            if (data.Length == 0) return 0;
            long count = _file.Content.Write(offset, data);
            if (count > 0) _file.TouchModifyAndChange();
            return count;
        }

        public override long Seek(long offset, int whence)
        {
            long target;
            switch (whence)
            {
                case SeekWhence.Set: target = offset; break;
                case SeekWhence.Current: target = Offset + offset; break;
                case SeekWhence.End: target = _file.Size + offset; break;
                case SeekWhence.Data:
                case SeekWhence.Hole:
                    if (offset < 0 || offset >= _file.Size) return -(long)Errno.ENXIO;
                    target = _file.Content.NextDataOrHole(offset, whence == SeekWhence.Data);
                    if (target < 0) return -(long)Errno.ENXIO;
                    break;
                default: return -(long)Errno.EINVAL;
            }
            if (target < 0) return -(long)Errno.EINVAL;
            Offset = target;
            return target;
        }
    }
}
