namespace Tessera.Kernel.Fs.Vfs
{
    // A symbolic link: its target text (at most PATH_MAX - 1 bytes), mode 0777 as on Linux.
    // Synthetic file systems may compute the target for the process asking (/proc/self).
    public class SymlinkInode : Inode
    {
        public string Target { get; }
        private readonly long _length;

        public SymlinkInode(FileSystem fileSystem, string target) : base(fileSystem, FileMode.SymbolicLink | 0x1FF)
        {
            Target = target;
            _length = PathLimits.Utf8Length(target, 0, target.Length);
            LinkCount = 1;
        }

        public override long Size => _length;

        public virtual string TargetFor(FsContext context) => Target;
    }
}
