namespace Tessera.Kernel.Fs.Vfs
{
    // A file system attached at a dentry of another mount (Linux's struct mount). The root
    // mount has no parent.
    public sealed class Mount
    {
        public int Id { get; }
        public FileSystem FileSystem { get; }
        public Mount Parent { get; internal set; }
        public Dentry MountPoint { get; internal set; }
        public int Flags { get; }   // MS_* flags it was mounted with (MS_RDONLY, MS_NOSUID, ...)
        public bool Detached { get; internal set; }
        // Open files and working or root directories inside: umount is EBUSY while > 0.
        public int Users { get; internal set; }

        public Mount(int id, FileSystem fileSystem, Mount parent, Dentry mountPoint, int flags)
        {
            Id = id;
            FileSystem = fileSystem;
            Parent = parent;
            MountPoint = mountPoint;
            Flags = flags;
        }

        public Dentry Root => FileSystem.Root;
    }
}
