using System;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Vfs;

namespace Tessera.Kernel.Proc
{
    // A procfs file: its text is generated when it is opened (for the process opening it)
    // and read like a regular file from that snapshot, as Linux's seq_file files behave for
    // readers that read them whole.
    public sealed class GeneratedFileInode : Inode, IOpenableInode
    {
        private readonly Func<FsContext, byte[]> _generate;
        private readonly long _size;

        // size: what stat reports; 0 as procfs files have, or the fixed length of sysfs binary files.
        public GeneratedFileInode(FileSystem fileSystem, uint permissions, Func<FsContext, byte[]> generate, long size = 0)
            : base(fileSystem, FileMode.Regular | permissions)
        {
            _generate = generate;
            _size = size;
            LinkCount = 1;
        }

        public override long Size => _size;

        public Errno Open(FsContext context, PathLocation location, int flags, out OpenFile file)
        {
            file = null;
            if ((flags & OpenFlags.AccessMode) != OpenFlags.ReadOnly) return Errno.EACCES;
            file = new GeneratedFile(location, this, flags, _generate(context));
            return Errno.None;
        }
    }

    public sealed class GeneratedFile : OpenFile
    {
        private readonly byte[] _text;

        public GeneratedFile(PathLocation location, Inode inode, int flags, byte[] text) : base(location, inode, flags) => _text = text;

        public override long Read(Span<byte> buffer)
        {
            long n = ReadAt(Offset, buffer);
            if (n > 0) Offset += n;
            return n;
        }

        public override long ReadAt(long offset, Span<byte> buffer)
        {
            if (offset >= _text.Length) return 0;
            int n = (int)Math.Min(buffer.Length, _text.Length - offset);
            _text.AsSpan((int)offset, n).CopyTo(buffer);
            return n;
        }

        public override long Seek(long offset, int whence)
        {
            long target = whence == 0 ? offset : whence == 1 ? Offset + offset : whence == 2 ? _text.Length + offset : -1;
            if (whence < 0 || whence > 2 || target < 0) return -(long)Errno.EINVAL;
            Offset = target;
            return target;
        }
    }

    // A procfs symbolic link whose target depends on who asks (/proc/self) or on live state
    // (/proc/[pid]/exe, cwd, fd/N).
    public sealed class GeneratedLinkInode : SymlinkInode
    {
        private readonly Func<FsContext, string> _target;

        public GeneratedLinkInode(FileSystem fileSystem, Func<FsContext, string> target) : base(fileSystem, "") => _target = target;

        public override string TargetFor(FsContext context) => _target(context) ?? "";
    }
}
