using Tessera.Kernel.Abi;

namespace Tessera.Kernel.Fs.Vfs
{
    // rename(2) with renameat2's NOREPLACE and EXCHANGE, in Linux's order of checks
    // (fs/namei.c do_renameat2 and vfs_rename).
    public static class RenameOperation
    {
        public static Errno Run(FsContext context, ParentLookup from, ParentLookup to, int flags)
        {
            bool exchange = (flags & RenameFlags.Exchange) != 0;
            if (from.Directory.Mount != to.Directory.Mount) return Errno.EXDEV;
            if (from.Kind != LastComponent.Normal) return Errno.EBUSY;
            if (to.Kind != LastComponent.Normal) return (flags & RenameFlags.NoReplace) != 0 ? Errno.EEXIST : Errno.EBUSY;
            var oldDir = (DirectoryInode)from.Directory.Inode;
            var newDir = (DirectoryInode)to.Directory.Inode;
            Dentry source = oldDir.Entries.Find(from.Name);
            if (source == null) return Errno.ENOENT;
            Dentry target = newDir.Entries.Find(to.Name);
            if (exchange)
            {
                if (target == null) return Errno.ENOENT;
                if (!target.Inode.IsDirectory && from.TrailingSlash) return Errno.ENOTDIR;
            }
            else if ((flags & RenameFlags.NoReplace) != 0 && target != null) return Errno.EEXIST;
            // A trailing slash is allowed only on directories.
            if (!source.Inode.IsDirectory && (from.TrailingSlash || (to.TrailingSlash && !exchange))) return Errno.ENOTDIR;
            if (exchange && !target.Inode.IsDirectory && to.TrailingSlash) return Errno.ENOTDIR;
            // lock_rename's trap: the source may not be an ancestor of the target and vice versa.
            if (to.Directory.Dentry.IsWithin(source)) return Errno.EINVAL;
            if (target != null && from.Directory.Dentry.IsWithin(target)) return exchange ? Errno.EINVAL : Errno.ENOTEMPTY;
            if (target != null && target.Inode == source.Inode) return Errno.None;   // the same file: nothing to do

            bool sourceIsDir = source.Inode.IsDirectory;
            Errno error = DirectoryTree.MayDelete(context, from.Directory, source, sourceIsDir);
            if (error != Errno.None) return error;
            if (target == null) error = DirectoryTree.MayCreate(context, to.Directory);
            else error = DirectoryTree.MayDelete(context, to.Directory, target, exchange ? target.Inode.IsDirectory : sourceIsDir);
            if (error != Errno.None) return error;
            // Moving a directory to another parent rewrites its "..": write access to it is needed.
            if (oldDir != newDir)
            {
                if (sourceIsDir && (error = Permissions.Check(source.Inode, context.Credentials, AccessMask.Write)) != Errno.None) return error;
                if (exchange && target.Inode.IsDirectory && (error = Permissions.Check(target.Inode, context.Credentials, AccessMask.Write)) != Errno.None) return error;
            }
            if (!exchange && target != null && target.Inode is DirectoryInode targetDir && !targetDir.IsEmpty) return Errno.ENOTEMPTY;

            if (exchange)
            {
                DirectoryTree.Detach(oldDir, source, dropLink: false);
                DirectoryTree.Detach(newDir, target, dropLink: false);
                Move(target, from);
                Move(source, to);
                DirectoryTree.Attach(oldDir, target);
                DirectoryTree.Attach(newDir, source);
                target.Inode.TouchChange();
            }
            else
            {
                if (target != null) DirectoryTree.Detach(newDir, target, dropLink: true);
                DirectoryTree.Detach(oldDir, source, dropLink: false);
                Move(source, to);
                DirectoryTree.Attach(newDir, source);
            }
            source.Inode.TouchChange();
            return Errno.None;
        }

        private static void Move(Dentry dentry, ParentLookup to)
        {
            dentry.Name = to.Name;
            dentry.Parent = to.Directory.Dentry;
        }
    }
}
