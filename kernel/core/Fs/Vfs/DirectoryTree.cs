using Tessera.Kernel.Abi;

namespace Tessera.Kernel.Fs.Vfs
{
    // Changes to the tree: adding and removing names, with Linux's permission rules
    // (fs/namei.c may_create, may_delete) and link counts and timestamps kept as Linux keeps
    // them. Path resolution happens before; these work on a known directory and name.
    public static class DirectoryTree
    {
        // may_create: a live directory the caller may write and search.
        public static Errno MayCreate(FsContext context, PathLocation directory)
        {
            if (directory.Dentry.Unlinked) return Errno.ENOENT;
            return Permissions.Check(directory.Inode, context.Credentials, AccessMask.Write | AccessMask.Execute);
        }

        // may_delete: write and search on the directory, the sticky rule, then the victim's type.
        public static Errno MayDelete(FsContext context, PathLocation directory, Dentry victim, bool expectDirectory)
        {
            Errno error = Permissions.Check(directory.Inode, context.Credentials, AccessMask.Write | AccessMask.Execute);
            if (error != Errno.None) return error;
            if (!Permissions.MayDeleteFromSticky(directory.Inode, victim.Inode, context.Credentials)) return Errno.EPERM;
            if (expectDirectory)
            {
                if (!victim.Inode.IsDirectory) return Errno.ENOTDIR;
            }
            else if (victim.Inode.IsDirectory) return Errno.EISDIR;
            if (victim.IsMountPoint) return Errno.EBUSY;
            return Errno.None;
        }

        // Makes a new inode named `name` in `directory` (mknod, mkdir, symlink, open O_CREAT).
        // `mode` is already masked by the umask.
        public static Errno Create(FsContext context, PathLocation directory, string name, uint mode, DeviceNumber rdev, string symlinkTarget, out Dentry created)
        {
            created = null;
            var parent = (DirectoryInode)directory.Inode;
            if (parent.Entries.Find(name) != null) return Errno.EEXIST;
            Errno error = MayCreate(context, directory);
            if (error != Errno.None) return error;
            error = parent.FileSystem.CreateInode(mode, rdev, symlinkTarget, out Inode inode);
            if (error != Errno.None) return error;
            SetOwner(context.Credentials, parent, inode);
            created = new Dentry(name, directory.Dentry, inode);
            Attach(parent, created);
            return Errno.None;
        }

        // fs/inode.c inode_init_owner: the creator's uid; a set-group-ID directory hands down
        // its group (and, to subdirectories, the bit itself); otherwise the creator's group.
        public static void SetOwner(Credentials who, Inode parent, Inode inode)
        {
            inode.Uid = who.Uid;
            if ((parent.Mode & FileMode.SetGid) != 0)
            {
                inode.Gid = parent.Gid;
                if (inode.IsDirectory) inode.Mode |= FileMode.SetGid;
                else if ((inode.Mode & FileMode.SetGid) != 0 && (inode.Mode & FileMode.GroupExecute) != 0 && !who.InGroup(inode.Gid) && !who.IsRoot)
                    inode.Mode &= ~FileMode.SetGid;
            }
            else inode.Gid = who.Gid;
        }

        // Adds a name for an inode that exists (link, rename's destination, create).
        public static void Attach(DirectoryInode parent, Dentry child)
        {
            parent.Entries.Add(child);
            child.Unlinked = false;
            if (child.Inode.IsDirectory) parent.LinkCount++;   // the child's ".."
            parent.TouchModifyAndChange();
        }

        // Removes a name; the inode goes when no name and no open file holds it.
        public static void Detach(DirectoryInode parent, Dentry child, bool dropLink)
        {
            parent.Entries.Remove(child);
            child.Unlinked = true;
            parent.TouchModifyAndChange();
            Inode inode = child.Inode;
            if (inode.IsDirectory) parent.LinkCount--;
            if (!dropLink) return;
            if (inode.IsDirectory) inode.LinkCount = 0;
            else inode.LinkCount--;
            inode.TouchChange();
            inode.ReleaseIfUnused();
        }
    }
}
