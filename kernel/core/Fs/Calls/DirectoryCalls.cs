using System;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Layouts;
using Tessera.Kernel.Fs.Vfs;

namespace Tessera.Kernel.Fs.Calls
{
    // getdents64, mkdir(at), rmdir, mknod(at), chdir, fchdir, getcwd.
    public static class DirectoryCalls
    {
        // Fills `buffer` with linux_dirent64 records from the directory's position on; returns
        // the bytes used, 0 at the end, EINVAL if not even one record fits.
        public static long Getdents64(FsContext context, int fd, Span<byte> buffer)
        {
            OpenFile file = CallSupport.FileFor(context, fd);
            if (file == null) return CallSupport.Fail(Errno.EBADF);
            if (!(file is DirectoryFile directory)) return CallSupport.Fail(Errno.ENOTDIR);
            Dentry self = file.Location.Dentry;
            if (self.Unlinked) return 0;   // a removed directory lists nothing, not even "."
            int used = 0;
            directory.Directory.Dynamic?.Refresh(context, self);
            while (true)
            {
                long position = file.Offset;
                int length;
                long next;
                if (position == 0)
                {
                    next = 1;
                    length = Dirent64Layout.Write(buffer.Slice(used), directory.Directory.Number, next, FileMode.DirentType(FileMode.Directory), ".");
                }
                else if (position == 1)
                {
                    next = 2;
                    Inode parent = self.Parent != null ? self.Parent.Inode : directory.Directory;
                    length = Dirent64Layout.Write(buffer.Slice(used), parent.Number, next, FileMode.DirentType(FileMode.Directory), "..");
                }
                else
                {
                    Dentry entry = directory.Directory.Entries.FirstAtOrAfter(position < DirectoryEntries.FirstCookie ? DirectoryEntries.FirstCookie : position);
                    if (entry == null) break;
                    next = entry.Cookie + 1;
                    length = Dirent64Layout.Write(buffer.Slice(used), entry.Inode.Number, next, FileMode.DirentType(entry.Inode.Mode), entry.Name);
                }
                if (length == 0)
                {
                    if (used == 0) return CallSupport.Fail(Errno.EINVAL);
                    break;
                }
                used += length;
                file.Offset = next;
            }
            directory.Directory.TouchAccess();
            return used;
        }

        public static long Mkdir(FsContext context, string path, uint mode) => MkdirAt(context, AtFlags.CurrentDirectory, path, mode);

        public static long MkdirAt(FsContext context, int dirfd, string path, uint mode)
        {
            Errno error = CallSupport.ParentAt(context, dirfd, path, out ParentLookup parent);
            if (error != Errno.None) return CallSupport.Fail(error);
            if (parent.Kind != LastComponent.Normal) return CallSupport.Fail(Errno.EEXIST);
            // vfs_mkdir keeps only the permission and sticky bits.
            uint dirMode = FileMode.Directory | (mode & 0x3FF & ~context.Umask);
            error = DirectoryTree.Create(context, parent.Directory, parent.Name, dirMode, default, null, out _);
            return CallSupport.Result(error);
        }

        public static long Rmdir(FsContext context, string path) => RemoveDirectory(context, AtFlags.CurrentDirectory, path);

        // rmdir and unlinkat(AT_REMOVEDIR): "." is EINVAL, ".." ENOTEMPTY, "/" EBUSY.
        public static long RemoveDirectory(FsContext context, int dirfd, string path)
        {
            Errno error = CallSupport.ParentAt(context, dirfd, path, out ParentLookup parent);
            if (error != Errno.None) return CallSupport.Fail(error);
            switch (parent.Kind)
            {
                case LastComponent.Dot: return CallSupport.Fail(Errno.EINVAL);
                case LastComponent.DotDot: return CallSupport.Fail(Errno.ENOTEMPTY);
                case LastComponent.Root: return CallSupport.Fail(Errno.EBUSY);
            }
            Dentry victim = CallSupport.Existing(parent);
            if (victim == null) return CallSupport.Fail(Errno.ENOENT);
            error = DirectoryTree.MayDelete(context, parent.Directory, victim, expectDirectory: true);
            if (error != Errno.None) return CallSupport.Fail(error);
            if (!((DirectoryInode)victim.Inode).IsEmpty) return CallSupport.Fail(Errno.ENOTEMPTY);
            DirectoryTree.Detach((DirectoryInode)parent.Directory.Inode, victim, dropLink: true);
            return 0;
        }

        public static long Mknod(FsContext context, string path, uint mode, uint dev) => MknodAt(context, AtFlags.CurrentDirectory, path, mode, dev);

        public static long MknodAt(FsContext context, int dirfd, string path, uint mode, uint dev)
        {
            // fs/namei.c may_mknod comes before the lookup.
            uint type = mode & FileMode.TypeMask;
            if (type == 0) type = FileMode.Regular;
            switch (type)
            {
                case FileMode.Regular: case FileMode.CharacterDevice: case FileMode.BlockDevice: case FileMode.Fifo: case FileMode.Socket: break;
                case FileMode.Directory: return CallSupport.Fail(Errno.EPERM);
                default: return CallSupport.Fail(Errno.EINVAL);
            }
            Errno error = CallSupport.ParentAt(context, dirfd, path, out ParentLookup parent);
            if (error != Errno.None) return CallSupport.Fail(error);
            error = CreateCheck(parent);
            if (error != Errno.None) return CallSupport.Fail(error);
            error = DirectoryTree.MayCreate(context, parent.Directory);
            if (error != Errno.None) return CallSupport.Fail(error);
            bool device = type == FileMode.CharacterDevice || type == FileMode.BlockDevice;
            if (device && !context.Credentials.IsRoot) return CallSupport.Fail(Errno.EPERM);   // CAP_MKNOD
            uint nodeMode = type | (mode & FileMode.PermissionMask & ~context.Umask);
            error = DirectoryTree.Create(context, parent.Directory, parent.Name, nodeMode, device ? DeviceNumber.Decode(dev) : default, null, out _);
            return CallSupport.Result(error);
        }

        // fs/namei.c filename_create for calls that make a non-directory: "." ".." "/" and an
        // existing name are EEXIST; a trailing slash on a new name is ENOENT.
        public static Errno CreateCheck(ParentLookup parent)
        {
            if (parent.Kind != LastComponent.Normal) return Errno.EEXIST;
            if (CallSupport.Existing(parent) != null) return Errno.EEXIST;
            if (parent.TrailingSlash) return Errno.ENOENT;
            return Errno.None;
        }

        public static long Chdir(FsContext context, string path)
        {
            Errno error = CallSupport.Resolve(context, AtFlags.CurrentDirectory, path, true, out PathLocation location);
            if (error != Errno.None) return CallSupport.Fail(error);
            return CallSupport.Result(EnterDirectory(context, location));
        }

        public static long Fchdir(FsContext context, int fd)
        {
            OpenFile file = context.Files.Get(fd);
            if (file == null) return CallSupport.Fail(Errno.EBADF);
            if (!file.Location.IsValid) return CallSupport.Fail(Errno.ENOTDIR);
            return CallSupport.Result(EnterDirectory(context, file.Location));
        }

        // chroot(2): root only (CAP_SYS_CHROOT); the working directory stays where it is.
        public static long Chroot(FsContext context, string path)
        {
            Errno error = CallSupport.Resolve(context, AtFlags.CurrentDirectory, path, true, out PathLocation location);
            if (error != Errno.None) return CallSupport.Fail(error);
            if (!location.Inode.IsDirectory) return CallSupport.Fail(Errno.ENOTDIR);
            error = Permissions.Check(location.Inode, context.Credentials, AccessMask.Execute);
            if (error != Errno.None) return CallSupport.Fail(error);
            if (!context.Credentials.IsRoot) return CallSupport.Fail(Errno.EPERM);
            context.Root = location;
            return 0;
        }

        private static Errno EnterDirectory(FsContext context, PathLocation location)
        {
            if (!location.Inode.IsDirectory) return Errno.ENOTDIR;
            Errno error = Permissions.Check(location.Inode, context.Credentials, AccessMask.Execute);
            if (error != Errno.None) return error;
            context.Cwd = location;
            return Errno.None;
        }

        // getcwd(2): the path and its NUL; ERANGE if the buffer is too small, ENOENT if the
        // working directory was removed. Returns the length including the NUL.
        public static long Getcwd(FsContext context, Span<byte> buffer)
        {
            if (context.Cwd.Dentry.Unlinked) return CallSupport.Fail(Errno.ENOENT);
            string path = PathWalker.PathOf(context.Root, context.Cwd);
            int length = Utf8Text.Utf8ByteCount(path);
            if (length + 1 > buffer.Length) return CallSupport.Fail(Errno.ERANGE);
            Utf8Text.WriteUtf8(path, buffer);
            buffer[length] = 0;
            return length + 1;
        }
    }
}
