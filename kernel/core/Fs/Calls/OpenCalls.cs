using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Pipes;
using Tessera.Kernel.Fs.Vfs;

namespace Tessera.Kernel.Fs.Calls
{
    // open, openat, creat, close, close_range, memfd_create (fs/open.c, fs/namei.c path_openat).
    public static class OpenCalls
    {
        public const uint CloseRangeUnshare = 2, CloseRangeCloseOnExec = 4;   // include/uapi/linux/close_range.h
        public const uint MemfdCloseOnExec = 1, MemfdAllowSealing = 2, MemfdHugeTlb = 4;   // include/uapi/linux/memfd.h
        private const int MemfdNameMax = 249;   // mm/memfd.c MFD_NAME_MAX_LEN (NAME_MAX - "memfd:")

        public static long Open(FsContext context, string path, int flags, uint mode) =>
            OpenAt(context, AtFlags.CurrentDirectory, path, flags, mode);

        // creat(path, mode) is open(path, O_CREAT|O_WRONLY|O_TRUNC, mode).
        public static long Creat(FsContext context, string path, uint mode) =>
            OpenAt(context, AtFlags.CurrentDirectory, path, OpenFlags.Create | OpenFlags.WriteOnly | OpenFlags.Truncate, mode);

        public static long OpenAt(FsContext context, int dirfd, string path, int flags, uint mode)
        {
            if ((flags & OpenFlags.Path) != 0) flags &= OpenFlags.Path | OpenFlags.Directory | OpenFlags.NoFollow | OpenFlags.CloseOnExec;
            flags |= OpenFlags.LargeFile;   // forced on 64-bit (fs/open.c force_o_largefile)
            if (!context.Files.HasFreeDescriptor()) return CallSupport.Fail(Errno.EMFILE);   // fs/open.c takes the fd first
            Errno error = CallSupport.StartFor(context, dirfd, path, out PathLocation start);
            if (error != Errno.None) return CallSupport.Fail(error);
            int links = 0;
            OpenFile file;
            if ((flags & OpenFlags.TemporaryFile) == OpenFlags.TemporaryFile) error = OpenTemporary(context, start, path, flags, mode, out file);
            else error = OpenPath(context, start, path, flags, mode, ref links, out file);
            if (error != Errno.None) return CallSupport.Fail(error);
            return context.Files.InstallNew(file, (flags & OpenFlags.CloseOnExec) != 0);
        }

        private static Errno OpenPath(FsContext context, PathLocation start, string path, int flags, uint mode, ref int links, out OpenFile file)
        {
            file = null;
            Errno error = PathWalker.ResolveParent(context, start, path, ref links, out ParentLookup parent);
            if (error != Errno.None) return error;
            PathLocation target;
            bool created = false;
            if ((flags & OpenFlags.Create) != 0)
            {
                // open_last_lookups: "." "..", "/" and a trailing slash name a directory.
                if (parent.Kind != LastComponent.Normal || parent.TrailingSlash) return Errno.EISDIR;
                Dentry existing = CallSupport.Existing(parent);
                if (existing != null)
                {
                    if ((flags & OpenFlags.Exclusive) != 0) return Errno.EEXIST;
                    var found = PathWalker.CrossMounts(context, new PathLocation(parent.Directory.Mount, existing));
                    if (found.Inode is SymlinkInode link)
                    {
                        if ((flags & OpenFlags.NoFollow) != 0) return Errno.ELOOP;
                        // Follow the link, creating its target if it dangles, as Linux does.
                        if (links++ >= PathLimits.MaxSymlinks) return Errno.ELOOP;
                        if (link.Target.Length == 0) return Errno.ENOENT;
                        return OpenPath(context, parent.Directory, link.Target, flags, mode, ref links, out file);
                    }
                    target = found;
                }
                else
                {
                    uint fileMode = FileMode.Regular | (mode & FileMode.PermissionMask & ~context.Umask);
                    error = DirectoryTree.Create(context, parent.Directory, parent.Name, fileMode, default, null, out Dentry dentry);
                    if (error != Errno.None) return error;
                    target = new PathLocation(parent.Directory.Mount, dentry);
                    created = true;
                }
            }
            else
            {
                error = PathWalker.ResolveLast(context, parent, (flags & OpenFlags.NoFollow) == 0, ref links, out target);
                if (error != Errno.None) return error;
            }
            return OpenLocation(context, target, flags, created, out file);
        }

        // O_TMPFILE (fs/namei.c do_tmpfile): an unnamed regular file in the directory `path`
        // names, writable, that linkat(AT_EMPTY_PATH) may name later unless O_EXCL.
        private static Errno OpenTemporary(FsContext context, PathLocation start, string path, int flags, uint mode, out OpenFile file)
        {
            file = null;
            if ((flags & OpenFlags.Create) != 0) return Errno.EINVAL;
            int access = flags & OpenFlags.AccessMode;
            if (access != OpenFlags.WriteOnly && access != OpenFlags.ReadWrite) return Errno.EINVAL;
            Errno error = PathWalker.Resolve(context, start, path, (flags & OpenFlags.NoFollow) == 0, out PathLocation directory);
            if (error != Errno.None) return error;
            if (!directory.Inode.IsDirectory) return Errno.ENOTDIR;
            error = DirectoryTree.MayCreate(context, directory);
            if (error != Errno.None) return error;
            uint fileMode = FileMode.Regular | (mode & FileMode.PermissionMask & ~context.Umask);
            error = directory.Inode.FileSystem.CreateInode(fileMode, default, null, out Inode inode);
            if (error != Errno.None) return error;
            if (!(inode is RegularFileInode regular)) return Errno.ENOTSUP;
            DirectoryTree.SetOwner(context.Credentials, directory.Inode, inode);
            inode.LinkCount = 0;
            inode.Linkable = (flags & OpenFlags.Exclusive) == 0;
            var dentry = new Dentry("#" + inode.Number.ToString(), directory.Dentry, inode);
            dentry.Unlinked = true;
            file = new RegularFile(new PathLocation(directory.Mount, dentry), regular, flags & ~OpenFlags.TemporaryFile);
            return Errno.None;
        }

        // fs/namei.c do_open and may_open: type rules, then permissions, then truncation.
        private static Errno OpenLocation(FsContext context, PathLocation target, int flags, bool created, out OpenFile file)
        {
            file = null;
            Inode inode = target.Inode;
            if ((flags & OpenFlags.Create) != 0 && inode.IsDirectory) return Errno.EISDIR;
            if ((flags & OpenFlags.Directory) != 0 && !inode.IsDirectory) return Errno.ENOTDIR;
            if ((flags & OpenFlags.Path) != 0)
            {
                file = new PathOnlyFile(target, flags);
                return Errno.None;
            }
            if (inode.IsSymlink) return Errno.ELOOP;   // O_NOFOLLOW met a symlink
            int access = AccessFor(flags);
            if (inode.IsDirectory && (access & AccessMask.Write) != 0) return Errno.EISDIR;
            if (!created)
            {
                Errno denied = Permissions.Check(inode, context.Credentials, access);
                if (denied != Errno.None) return denied;
                if ((flags & OpenFlags.NoAccessTime) != 0 && !Permissions.IsOwnerOrRoot(inode, context.Credentials)) return Errno.EPERM;
            }
            switch (inode)
            {
                case RegularFileInode regular:
                    if ((access & AccessMask.Write) != 0 && regular.Executors > 0) return Errno.ETXTBSY;
                    if ((flags & OpenFlags.Truncate) != 0 && !created)
                    {
                        Errno truncated = regular.Content.Truncate(0);
                        if (truncated != Errno.None) return truncated;
                        regular.TouchModifyAndChange();
                    }
                    file = new RegularFile(target, regular, flags);
                    return Errno.None;
                case DirectoryInode directory:
                    file = new DirectoryFile(target, directory, flags);
                    return Errno.None;
                case SpecialInode special:
                    return OpenSpecial(context, target, special, flags, out file);
                case IOpenableInode openable:
                    return openable.Open(context, target, flags, out file);
            }
            return Errno.ENXIO;
        }

        private static Errno OpenSpecial(FsContext context, PathLocation target, SpecialInode inode, int flags, out OpenFile file)
        {
            file = null;
            switch (inode.Type)
            {
                case FileMode.Fifo:
                    // fifo(7): a non-blocking writer with no reader gets ENXIO; a blocking open
                    // returns at once and the caller waits while PipeEnd.AwaitingPartner.
                    int mode = flags & OpenFlags.AccessMode;
                    if (mode == OpenFlags.WriteOnly && (flags & OpenFlags.NonBlocking) != 0 && inode.FifoPipe.Readers == 0) return Errno.ENXIO;
                    file = new PipeEnd(inode.FifoPipe, target, inode, flags);
                    return Errno.None;
                case FileMode.CharacterDevice:
                case FileMode.BlockDevice:
                    if ((target.Mount.Flags & MountCalls.NoDevices) != 0) return Errno.EACCES;
                    return context.Vfs.Devices.Open(target, inode, flags, out file);
                default:
                    return Errno.ENXIO;   // sockets are opened through connect, not open
            }
        }

        // The permission open asks for: O_ACCMODE's read/write, and write for O_TRUNC.
        private static int AccessFor(int flags)
        {
            int access;
            switch (flags & OpenFlags.AccessMode)
            {
                case OpenFlags.ReadOnly: access = AccessMask.Read; break;
                case OpenFlags.WriteOnly: access = AccessMask.Write; break;
                default: access = AccessMask.Read | AccessMask.Write; break;
            }
            if ((flags & OpenFlags.Truncate) != 0) access |= AccessMask.Write;
            return access;
        }

        public static long Close(FsContext context, int fd) => CallSupport.Result(context.Files.Close(fd));

        // close_range(2): EINVAL for unknown flags or first > last; UNSHARE is a no-op here
        // (the caller unshares the table before calling if threads share it).
        public static long CloseRange(FsContext context, uint first, uint last, uint flags)
        {
            if ((flags & ~(CloseRangeUnshare | CloseRangeCloseOnExec)) != 0 || first > last) return CallSupport.Fail(Errno.EINVAL);
            context.Files.CloseRange(first, last, (flags & CloseRangeCloseOnExec) != 0);
            return 0;
        }

        // memfd_create(2): an anonymous read-write tmpfs file named "memfd:NAME" in /proc.
        public static long MemfdCreate(FsContext context, string name, uint flags)
        {
            if ((flags & ~(MemfdCloseOnExec | MemfdAllowSealing | MemfdHugeTlb)) != 0) return CallSupport.Fail(Errno.EINVAL);
            if ((flags & MemfdHugeTlb) != 0) return CallSupport.Fail(Errno.EINVAL);
            if (PathLimits.Utf8Length(name, 0, name.Length) > MemfdNameMax) return CallSupport.Fail(Errno.EINVAL);
            Mount hidden = context.Vfs.HiddenMount;
            Errno error = hidden.FileSystem.CreateInode(FileMode.Regular | 0x1FF, default, null, out Inode inode);
            if (error != Errno.None) return CallSupport.Fail(error);
            inode.Uid = context.Credentials.Uid;
            inode.Gid = context.Credentials.Gid;
            inode.LinkCount = 0;   // no name: it lives while open
            var dentry = new Dentry("memfd:" + name, null, inode);
            dentry.Unlinked = true;
            var file = new RegularFile(new PathLocation(hidden, dentry), (RegularFileInode)inode, OpenFlags.ReadWrite | OpenFlags.LargeFile);
            return context.Files.InstallNew(file, (flags & MemfdCloseOnExec) != 0);
        }
    }
}
