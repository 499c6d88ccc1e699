namespace Tessera.Kernel.Fs.Vfs
{
    // A place in the tree: a dentry seen through a mount (Linux's struct path). The same
    // dentry can be visible through several mounts, so both are needed for "..".
    public readonly struct PathLocation
    {
        public readonly Mount Mount;
        public readonly Dentry Dentry;

        public PathLocation(Mount mount, Dentry dentry)
        {
            Mount = mount;
            Dentry = dentry;
        }

        public Inode Inode => Dentry.Inode;
        public bool IsValid => Dentry != null;
        public bool IsMountRoot => Dentry == Mount.Root;
        public bool SameAs(PathLocation other) => Mount == other.Mount && Dentry == other.Dentry;
    }
}
