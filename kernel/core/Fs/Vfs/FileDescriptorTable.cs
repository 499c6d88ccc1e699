using Tessera.Kernel.Abi;

namespace Tessera.Kernel.Fs.Vfs
{
    // A process's file descriptors: small integers naming open file descriptions, each with
    // its close-on-exec flag. New fds take the lowest free number below RLIMIT_NOFILE.
    public sealed class FileDescriptorTable
    {
        public const int DefaultLimit = 1024;   // RLIMIT_NOFILE soft limit Linux starts init with
        public const int CloseOnExecFlag = 1;   // FD_CLOEXEC (include/uapi/asm-generic/fcntl.h)

        private OpenFile[] _files = new OpenFile[16];
        private bool[] _closeOnExec = new bool[16];
        private int _lowestFreeHint;

        public FileDescriptorTable(int lockOwner) => LockOwner = lockOwner;

        public int LockOwner { get; }
        public int Limit { get; set; } = DefaultLimit;

        public OpenFile Get(int fd) => fd >= 0 && fd < _files.Length ? _files[fd] : null;

        public bool IsCloseOnExec(int fd) => Get(fd) != null && _closeOnExec[fd];

        public Errno SetCloseOnExec(int fd, bool value)
        {
            if (Get(fd) == null) return Errno.EBADF;
            _closeOnExec[fd] = value;
            return Errno.None;
        }

        // The lowest free fd >= minimum, or -EMFILE (-EINVAL for F_DUPFD past the limit is the
        // caller's check).
        public long Install(OpenFile file, bool closeOnExec, int minimum = 0)
        {
            int start = minimum > _lowestFreeHint ? minimum : _lowestFreeHint;
            for (int fd = start; fd < Limit; fd++)
            {
                if (fd >= _files.Length) Grow(fd + 1);
                if (_files[fd] != null) continue;
                Place(fd, file, closeOnExec);
                if (minimum <= _lowestFreeHint) _lowestFreeHint = fd + 1;
                return fd;
            }
            return -(long)Errno.EMFILE;
        }

        // Install for a description nobody else holds: without a free number it is released.
        public long InstallNew(OpenFile file, bool closeOnExec)
        {
            long fd = Install(file, closeOnExec);
            if (fd < 0) { file.AddReference(); file.DropReference(); }
            return fd;
        }

        // Whether Install would find a number (open checks first, so EMFILE creates nothing).
        public bool HasFreeDescriptor()
        {
            for (int fd = _lowestFreeHint; fd < Limit; fd++)
                if (fd >= _files.Length || _files[fd] == null) return true;
            return false;
        }

        // dup2/dup3's placement at an exact number, closing what was there.
        public long InstallAt(int fd, OpenFile file, bool closeOnExec)
        {
            if (fd < 0 || fd >= Limit) return -(long)Errno.EBADF;
            if (fd >= _files.Length) Grow(fd + 1);
            OpenFile old = _files[fd];
            file.AddReference();   // before dropping the old one: it may be the same description
            _files[fd] = file;
            _closeOnExec[fd] = closeOnExec;
            if (old != null) Release(old);
            return fd;
        }

        public Errno Close(int fd)
        {
            OpenFile file = Get(fd);
            if (file == null) return Errno.EBADF;
            _files[fd] = null;
            _closeOnExec[fd] = false;
            if (fd < _lowestFreeHint) _lowestFreeHint = fd;
            Release(file);
            return Errno.None;
        }

        // close_range(2): CLOSE_RANGE_CLOEXEC marks instead of closing.
        public void CloseRange(uint first, uint last, bool markCloseOnExec)
        {
            if (first >= (uint)_files.Length) return;
            int end = last < (uint)_files.Length ? (int)last : _files.Length - 1;
            for (int fd = (int)first; fd <= end; fd++)
            {
                if (_files[fd] == null) continue;
                if (markCloseOnExec) _closeOnExec[fd] = true;
                else Close(fd);
            }
        }

        public FileDescriptorTable Fork(int childLockOwner)
        {
            var copy = new FileDescriptorTable(childLockOwner);
            copy.Limit = Limit;
            copy._files = new OpenFile[_files.Length];
            copy._closeOnExec = new bool[_files.Length];
            for (int fd = 0; fd < _files.Length; fd++)
            {
                if (_files[fd] == null) continue;
                _files[fd].AddReference();
                copy._files[fd] = _files[fd];
                copy._closeOnExec[fd] = _closeOnExec[fd];
            }
            copy._lowestFreeHint = _lowestFreeHint;
            return copy;
        }

        public void CloseOnExec()
        {
            for (int fd = 0; fd < _files.Length; fd++)
                if (_files[fd] != null && _closeOnExec[fd]) Close(fd);
        }

        // Every open fd (process exit).
        public void CloseAll()
        {
            for (int fd = 0; fd < _files.Length; fd++) if (_files[fd] != null) Close(fd);
        }

        public int HighestOpen()
        {
            for (int fd = _files.Length - 1; fd >= 0; fd--) if (_files[fd] != null) return fd;
            return -1;
        }

        private void Place(int fd, OpenFile file, bool closeOnExec)
        {
            file.AddReference();
            _files[fd] = file;
            _closeOnExec[fd] = closeOnExec;
        }

        // POSIX: closing any fd of a file drops this process's record locks on it.
        private void Release(OpenFile file)
        {
            file.Inode?.Locks?.ReleaseRecordLocks(LockOwner);
            file.DropReference();
        }

        private void Grow(int needed)
        {
            int length = _files.Length;
            while (length < needed) length *= 2;
            System.Array.Resize(ref _files, length);
            System.Array.Resize(ref _closeOnExec, length);
        }
    }
}
