using Tessera.Kernel.Abi;

namespace Tessera.Kernel.Fs.Vfs
{
    // Linux's generic_permission (fs/namei.c): pick the owner, group or other bits, then let
    // root override: read and write always, search on directories, execute only when some
    // x bit is set.
    public static class Permissions
    {
        public static Errno Check(Inode inode, Credentials who, int mask)
        {
            uint mode = inode.Mode;
            uint bits;
            if (who.Uid == inode.Uid) bits = (mode >> 6) & 7;
            else if (who.InGroup(inode.Gid)) bits = (mode >> 3) & 7;
            else bits = mode & 7;
            if (((uint)mask & ~bits) == 0) return Errno.None;
            if (who.IsRoot)
            {
                if ((mask & AccessMask.Execute) == 0 || inode.IsDirectory || (mode & FileMode.AnyExecute) != 0)
                    return Errno.None;
            }
            return Errno.EACCES;
        }

        // Whether `who` owns the inode or may act as its owner (CAP_FOWNER): chmod, utimes.
        public static bool IsOwnerOrRoot(Inode inode, Credentials who) => who.IsRoot || who.Uid == inode.Uid;

        // The sticky-bit rule for removing or renaming an entry (fs/namei.c may_delete,
        // check_sticky): in a sticky directory only the file's or directory's owner or root.
        public static bool MayDeleteFromSticky(Inode directory, Inode victim, Credentials who) =>
            (directory.Mode & FileMode.Sticky) == 0 || who.IsRoot || who.Uid == victim.Uid || who.Uid == directory.Uid;
    }
}
