using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Vfs;

namespace Tessera.Kernel.Fs.Calls
{
    // The file side of execve/execveat (fs/exec.c do_open_execat): the program must be a
    // regular file with execute permission (root too needs some x bit) on a mount without
    // noexec, and nobody may have it open for writing. The loader reads it with ReadAt;
    // while it runs, opening it for writing is ETXTBSY. The format (ENOEXEC) is the loader's.
    public static class ExecCalls
    {
        public static Errno OpenExecutable(FsContext context, int dirfd, string path, int atFlags, out RegularFile program)
        {
            program = null;
            if ((atFlags & ~(AtFlags.EmptyPath | AtFlags.SymlinkNoFollow)) != 0) return Errno.EINVAL;
            Errno error = CallSupport.InodeAt(context, dirfd, path, atFlags, out Inode inode, out PathLocation location);
            if (error != Errno.None) return error;
            if (inode.IsSymlink) return Errno.ELOOP;   // AT_SYMLINK_NOFOLLOW met a symlink
            if (!(inode is RegularFileInode regular) || !location.IsValid) return Errno.EACCES;
            if ((location.Mount.Flags & MountCalls.NoExec) != 0) return Errno.EACCES;
            error = Permissions.Check(inode, context.Credentials, AccessMask.Execute);
            if (error != Errno.None) return error;
            if (regular.Writers > 0) return Errno.ETXTBSY;
            program = new RegularFile(location, regular, OpenFlags.ReadOnly | OpenFlags.LargeFile);
            program.AddReference();
            regular.Executors++;
            return Errno.None;
        }

        // When the program's image goes away (exit, or the next execve).
        public static void CloseExecutable(RegularFile program)
        {
            program.Inode.Executors--;
            program.DropReference();
        }
    }
}
