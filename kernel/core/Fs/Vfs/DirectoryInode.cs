namespace Tessera.Kernel.Fs.Vfs
{
    // A directory: its entries and its own dentry (the way up for "..").
    public sealed class DirectoryInode : Inode
    {
        public DirectoryEntries Entries { get; } = new DirectoryEntries();

        // For synthetic directories (procfs): brings Entries up to date before a lookup or a
        // listing; null for directories whose entries are the truth (tmpfs).
        public IDynamicDirectory Dynamic { get; set; }

        public DirectoryInode(FileSystem fileSystem, uint permissions) : base(fileSystem, FileMode.Directory | permissions)
        {
            LinkCount = 2;   // its entry in the parent and its own "."
        }

        public bool IsEmpty => Entries.Count == 0;
        // Linux's tmpfs reports a directory's size as 20 bytes per entry plus 2 × 20 for . and .. (BOGO_DIRENT_SIZE).
        public override long Size => (Entries.Count + 2) * 20L;
    }
}
