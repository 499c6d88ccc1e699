namespace Tessera.Kernel.Fs.Vfs
{
    // One process's view of the file system: its fd table, root, working directory, umask and
    // credentials. Threads of a process share it; fork copies it.
    public sealed class FsContext
    {
        public FsContext(VirtualFileSystem vfs, Credentials credentials, int lockOwner)
        {
            Vfs = vfs;
            Credentials = credentials;
            Root = vfs.RootLocation;
            Cwd = Root;
            Files = new FileDescriptorTable(lockOwner);
        }

        public VirtualFileSystem Vfs { get; }
        public FileDescriptorTable Files { get; private set; }
        private PathLocation _root;
        private PathLocation _cwd;

        // Each keeps its mount busy (umount EBUSY) until changed or Exit.
        public PathLocation Root
        {
            get => _root;
            set { Hold(value); Release(_root); _root = value; }
        }

        public PathLocation Cwd
        {
            get => _cwd;
            set { Hold(value); Release(_cwd); _cwd = value; }
        }
        public uint Umask { get; set; } = 0x12;   // 022, Linux's default for init
        public Credentials Credentials { get; set; }
        // Owner of POSIX record locks (the process id).
        public int LockOwner => Files.LockOwner;

        // fork: same open file descriptions (shared offsets), copied table and settings.
        // clone(CLONE_FILES) without CLONE_FS shares the table itself (shareFileTable); with
        // both flags the thread simply uses this same context.
        public FsContext Fork(int childLockOwner, bool shareFileTable = false)
        {
            var child = new FsContext(Vfs, Credentials, childLockOwner);
            child.Files = shareFileTable ? Files : Files.Fork(childLockOwner);
            child.Root = Root;
            child.Cwd = Cwd;
            child.Umask = Umask;
            return child;
        }

        // unshare(CLONE_FILES), or close_range(CLONE_RANGE_UNSHARE) on a shared table: a private copy.
        public void UnshareFiles() => Files = Files.Fork(Files.LockOwner);

        // Process exit (the last thread): every fd closes and the directories are let go.
        public void Exit()
        {
            Files.CloseAll();
            Release(_root);
            Release(_cwd);
            _root = default;
            _cwd = default;
        }

        private static void Hold(PathLocation location)
        {
            if (location.IsValid) location.Mount.Users++;
        }

        private static void Release(PathLocation location)
        {
            if (location.IsValid) location.Mount.Users--;
        }

        // execve: descriptors marked close-on-exec go.
        public void Exec() => Files.CloseOnExec();
    }
}
