namespace Tessera.Kernel.Fs.Vfs
{
    // A name in a directory bound to an inode: the unit path lookup walks. Directories keep
    // their children's dentries (DirectoryEntries), so for tmpfs the dentry cache is the file
    // system itself, as in Linux's ramfs. A directory has exactly one dentry (no hard links).
    public sealed class Dentry
    {
        public string Name { get; internal set; }
        public Dentry Parent { get; internal set; }   // null only at a file system's root
        public Inode Inode { get; internal set; }
        // Stable position in the parent's listing (getdents64 offsets survive unlink/insert).
        public long Cookie { get; internal set; }
        // How many mounts sit on this dentry; > 0 makes lookup consult the mount table.
        public int MountCount { get; internal set; }
        public bool Unlinked { get; internal set; }

        public Dentry(string name, Dentry parent, Inode inode)
        {
            Name = name;
            Parent = parent;
            Inode = inode;
        }

        public bool IsMountPoint => MountCount > 0;

        // Whether this dentry is `other` or lies below it (for rename's loop check).
        public bool IsWithin(Dentry other)
        {
            for (Dentry d = this; d != null; d = d.Parent) if (d == other) return true;
            return false;
        }
    }
}
