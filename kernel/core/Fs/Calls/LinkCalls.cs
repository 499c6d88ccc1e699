using System;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Layouts;
using Tessera.Kernel.Fs.Vfs;

namespace Tessera.Kernel.Fs.Calls
{
    // unlink(at), link(at), symlink(at), readlink(at), rename(at|at2) (fs/namei.c).
    public static class LinkCalls
    {
        public const int RenameNoReplace = RenameFlags.NoReplace, RenameExchange = RenameFlags.Exchange, RenameWhiteout = RenameFlags.Whiteout;

        public static long Unlink(FsContext context, string path) => UnlinkAt(context, AtFlags.CurrentDirectory, path, 0);

        public static long UnlinkAt(FsContext context, int dirfd, string path, int flags)
        {
            if ((flags & ~AtFlags.RemoveDirectory) != 0) return CallSupport.Fail(Errno.EINVAL);
            if ((flags & AtFlags.RemoveDirectory) != 0) return DirectoryCalls.RemoveDirectory(context, dirfd, path);
            Errno error = CallSupport.ParentAt(context, dirfd, path, out ParentLookup parent);
            if (error != Errno.None) return CallSupport.Fail(error);
            if (parent.Kind != LastComponent.Normal) return CallSupport.Fail(Errno.EISDIR);
            Dentry victim = CallSupport.Existing(parent);
            // do_unlinkat "slashes": a missing name is ENOENT, else a trailing slash on a
            // non-directory is ENOTDIR (and on a directory EISDIR).
            if (victim == null) return CallSupport.Fail(Errno.ENOENT);
            if (parent.TrailingSlash) return CallSupport.Fail(victim.Inode.IsDirectory ? Errno.EISDIR : Errno.ENOTDIR);
            error = DirectoryTree.MayDelete(context, parent.Directory, victim, expectDirectory: false);
            if (error != Errno.None) return CallSupport.Fail(error);
            DirectoryTree.Detach((DirectoryInode)parent.Directory.Inode, victim, dropLink: true);
            return 0;
        }

        public static long Link(FsContext context, string oldPath, string newPath) =>
            LinkAt(context, AtFlags.CurrentDirectory, oldPath, AtFlags.CurrentDirectory, newPath, 0);

        public static long LinkAt(FsContext context, int oldDirfd, string oldPath, int newDirfd, string newPath, int flags)
        {
            if ((flags & ~(AtFlags.SymlinkFollow | AtFlags.EmptyPath)) != 0) return CallSupport.Fail(Errno.EINVAL);
            // AT_EMPTY_PATH needs CAP_DAC_READ_SEARCH; without it the empty name is ENOENT.
            if ((flags & AtFlags.EmptyPath) != 0 && !context.Credentials.IsRoot) flags &= ~AtFlags.EmptyPath;
            int lookup = (flags & AtFlags.SymlinkFollow) != 0 ? 0 : AtFlags.SymlinkNoFollow;
            Errno error = CallSupport.InodeAt(context, oldDirfd, oldPath, lookup | (flags & AtFlags.EmptyPath), out Inode inode, out PathLocation old);
            if (error != Errno.None) return CallSupport.Fail(error);
            error = CallSupport.ParentAt(context, newDirfd, newPath, out ParentLookup parent);
            if (error != Errno.None) return CallSupport.Fail(error);
            error = DirectoryCalls.CreateCheck(parent);
            if (error != Errno.None) return CallSupport.Fail(error);
            if (!old.IsValid || old.Mount != parent.Directory.Mount) return CallSupport.Fail(Errno.EXDEV);
            if (!MayHardLink(inode, context.Credentials)) return CallSupport.Fail(Errno.EPERM);
            error = DirectoryTree.MayCreate(context, parent.Directory);
            if (error != Errno.None) return CallSupport.Fail(error);
            if (inode.IsDirectory) return CallSupport.Fail(Errno.EPERM);
            if (inode.LinkCount == 0 && !inode.Linkable) return CallSupport.Fail(Errno.ENOENT);
            inode.Linkable = false;
            inode.LinkCount++;
            inode.TouchChange();
            DirectoryTree.Attach((DirectoryInode)parent.Directory.Inode, new Dentry(parent.Name, parent.Directory.Dentry, inode));
            return 0;
        }

        // fs.protected_hardlinks = 1 (Debian's default; fs/namei.c may_linkat): only the owner,
        // root, or someone who may read and write a plain (not set-ID executable) file.
        private static bool MayHardLink(Inode inode, Credentials who)
        {
            if (Permissions.IsOwnerOrRoot(inode, who)) return true;
            if (!inode.IsRegular) return false;
            if ((inode.Mode & FileMode.SetUid) != 0) return false;
            if ((inode.Mode & (FileMode.SetGid | FileMode.GroupExecute)) == (FileMode.SetGid | FileMode.GroupExecute)) return false;
            return Permissions.Check(inode, who, AccessMask.Read | AccessMask.Write) == Errno.None;
        }

        public static long Symlink(FsContext context, string target, string linkPath) => SymlinkAt(context, target, AtFlags.CurrentDirectory, linkPath);

        public static long SymlinkAt(FsContext context, string target, int newDirfd, string linkPath)
        {
            if (target.Length == 0) return CallSupport.Fail(Errno.ENOENT);
            if (PathLimits.Utf8Length(target, 0, target.Length) >= PathLimits.PathMax) return CallSupport.Fail(Errno.ENAMETOOLONG);
            Errno error = CallSupport.ParentAt(context, newDirfd, linkPath, out ParentLookup parent);
            if (error != Errno.None) return CallSupport.Fail(error);
            error = DirectoryCalls.CreateCheck(parent);
            if (error != Errno.None) return CallSupport.Fail(error);
            error = DirectoryTree.Create(context, parent.Directory, parent.Name, FileMode.SymbolicLink | 0x1FF, default, target, out _);
            return CallSupport.Result(error);
        }

        public static long Readlink(FsContext context, string path, Span<byte> buffer) => ReadlinkAt(context, AtFlags.CurrentDirectory, path, buffer);

        // Copies the target without a NUL, truncated to the buffer; returns the bytes copied.
        public static long ReadlinkAt(FsContext context, int dirfd, string path, Span<byte> buffer)
        {
            if (buffer.Length <= 0) return CallSupport.Fail(Errno.EINVAL);
            Errno error = CallSupport.InodeAt(context, dirfd, path, AtFlags.SymlinkNoFollow | (dirfd == AtFlags.CurrentDirectory ? 0 : AtFlags.EmptyPath), out Inode inode, out _);
            if (error != Errno.None) return CallSupport.Fail(error);
            if (!(inode is SymlinkInode link)) return CallSupport.Fail(Errno.EINVAL);
            link.TouchAccess();
            string target = link.TargetFor(context);
            int length = Utf8Text.Utf8ByteCount(target);
            if (length <= buffer.Length) return Utf8Text.WriteUtf8(target, buffer);
            var bytes = new byte[length];
            Utf8Text.WriteUtf8(target, bytes);
            new ReadOnlySpan<byte>(bytes, 0, buffer.Length).CopyTo(buffer);
            return buffer.Length;
        }

        public static long Rename(FsContext context, string oldPath, string newPath) =>
            RenameAt2(context, AtFlags.CurrentDirectory, oldPath, AtFlags.CurrentDirectory, newPath, 0);

        public static long RenameAt(FsContext context, int oldDirfd, string oldPath, int newDirfd, string newPath) =>
            RenameAt2(context, oldDirfd, oldPath, newDirfd, newPath, 0);

        public static long RenameAt2(FsContext context, int oldDirfd, string oldPath, int newDirfd, string newPath, int flags)
        {
            if ((flags & ~(RenameNoReplace | RenameExchange | RenameWhiteout)) != 0) return CallSupport.Fail(Errno.EINVAL);
            if ((flags & RenameNoReplace) != 0 && (flags & RenameExchange) != 0) return CallSupport.Fail(Errno.EINVAL);
            if ((flags & RenameWhiteout) != 0) return CallSupport.Fail(Errno.EINVAL);   // whiteouts are for overlayfs; not supported
            Errno error = CallSupport.ParentAt(context, oldDirfd, oldPath, out ParentLookup from);
            if (error != Errno.None) return CallSupport.Fail(error);
            error = CallSupport.ParentAt(context, newDirfd, newPath, out ParentLookup to);
            if (error != Errno.None) return CallSupport.Fail(error);
            return CallSupport.Result(RenameOperation.Run(context, from, to, flags));
        }
    }
}
