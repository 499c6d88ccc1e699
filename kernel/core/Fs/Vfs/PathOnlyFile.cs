namespace Tessera.Kernel.Fs.Vfs
{
    // What open(O_PATH) returns: a handle on a place in the tree, good for fstat, fchdir,
    // *at dirfds, dup and close, but not for I/O (EBADF).
    public sealed class PathOnlyFile : OpenFile
    {
        public PathOnlyFile(PathLocation location, int flags) : base(location, location.Inode, flags) { }
    }
}
