using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Vfs;

namespace Tessera.Kernel.Fs.Calls
{
    // What every call family shares: errno results, dirfd handling and *at lookups.
    public static class CallSupport
    {
        public static long Fail(Errno error) => -(long)error;

        public static long Result(Errno error) => error == Errno.None ? 0 : -(long)error;

        // Where a relative path starts: the cwd for AT_FDCWD, else the directory fd (EBADF if
        // not open, ENOTDIR if not a directory). Absolute paths ignore dirfd entirely.
        public static Errno StartFor(FsContext context, int dirfd, string path, out PathLocation start)
        {
            start = context.Cwd;
            if (path.Length > 0 && path[0] == '/') return Errno.None;
            if (dirfd == AtFlags.CurrentDirectory) return Errno.None;
            OpenFile file = context.Files.Get(dirfd);
            if (file == null) return Errno.EBADF;
            if (!file.Location.IsValid) return path.Length == 0 ? Errno.None : Errno.ENOTDIR;
            if (path.Length > 0 && !file.Inode.IsDirectory) return Errno.ENOTDIR;
            start = file.Location;
            return Errno.None;
        }

        // Resolves (dirfd, path) to a location; follow says whether a final symlink is followed.
        public static Errno Resolve(FsContext context, int dirfd, string path, bool follow, out PathLocation location)
        {
            location = default;
            Errno error = StartFor(context, dirfd, path, out PathLocation start);
            if (error != Errno.None) return error;
            return PathWalker.Resolve(context, start, path, follow, out location);
        }

        // The inode (dirfd, path) names, honouring AT_EMPTY_PATH (then dirfd itself, which
        // may be a pipe or an O_PATH fd) and AT_SYMLINK_NOFOLLOW.
        public static Errno InodeAt(FsContext context, int dirfd, string path, int atFlags, out Inode inode, out PathLocation location)
        {
            inode = null;
            location = default;
            if (path.Length == 0 && (atFlags & AtFlags.EmptyPath) != 0)
            {
                if (dirfd == AtFlags.CurrentDirectory) { location = context.Cwd; inode = location.Inode; return Errno.None; }
                OpenFile file = context.Files.Get(dirfd);
                if (file == null) return Errno.EBADF;
                location = file.Location;
                inode = file.Inode;
                return Errno.None;
            }
            Errno error = Resolve(context, dirfd, path, (atFlags & AtFlags.SymlinkNoFollow) == 0, out location);
            if (error == Errno.None) inode = location.Inode;
            return error;
        }

        // The parent directory and last name of (dirfd, path), for calls that add or remove.
        public static Errno ParentAt(FsContext context, int dirfd, string path, out ParentLookup parent)
        {
            parent = default;
            Errno error = StartFor(context, dirfd, path, out PathLocation start);
            if (error != Errno.None) return error;
            return PathWalker.ResolveParent(context, start, path, out parent);
        }

        // An fd usable for I/O (O_PATH descriptors are not: EBADF).
        public static OpenFile FileFor(FsContext context, int fd)
        {
            OpenFile file = context.Files.Get(fd);
            return file == null || file.IsPathOnly ? null : file;
        }

        // Linux treats a lookup of the last name of a create as "does it exist", after the
        // search permission on the directory the walk already checked.
        public static Dentry Existing(ParentLookup parent) =>
            parent.Kind == LastComponent.Normal ? ((DirectoryInode)parent.Directory.Inode).Entries.Find(parent.Name) : null;

        // A write by someone without CAP_FSETID drops set-user-ID, and set-group-ID when group
        // execute is set (fs/inode.c file_remove_privs / should_remove_suid).
        public static void RemovePrivilegesAfterWrite(Inode inode, Credentials who)
        {
            if (who.IsRoot || !inode.IsRegular) return;
            uint kill = inode.Mode & FileMode.SetUid;
            if ((inode.Mode & (FileMode.SetGid | FileMode.GroupExecute)) == (FileMode.SetGid | FileMode.GroupExecute)) kill |= FileMode.SetGid;
            if (kill == 0) return;
            inode.Mode &= ~kill;
            inode.TouchChange();
        }
    }
}
