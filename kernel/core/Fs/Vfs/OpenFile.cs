using System;
using Tessera.Kernel.Abi;

namespace Tessera.Kernel.Fs.Vfs
{
    // An open file description (Linux's struct file): what open() made, shared by every fd
    // that dup or fork made from it, so they share the offset and status flags. Subclasses
    // give the behaviour of each kind of file; defaults are Linux's answers for files that
    // lack an operation. A result < 0 is -errno. EAGAIN from a file without O_NONBLOCK means
    // "not ready": the syscall layer waits for readiness (Poll, AddWaiter) and calls again.
    public abstract class OpenFile
    {
        private int _references;
        private int _descriptionLockOwner;
        private static int s_lastDescriptionLockOwner;

        protected OpenFile(PathLocation location, Inode inode, int flags)
        {
            Location = location;
            Inode = inode;
            Flags = flags & OpenFlags.RememberedFlags;
            if (inode != null)
            {
                inode.OpenCount++;
                if (CanWrite) inode.Writers++;
            }
            if (location.IsValid) location.Mount.Users++;
        }

        public PathLocation Location { get; }   // invalid for pipes made by pipe2
        public Inode Inode { get; }
        public int Flags;                       // access mode and status flags (F_GETFL)
        public long Offset;

        public int AccessMode => Flags & OpenFlags.AccessMode;
        public bool IsPathOnly => (Flags & OpenFlags.Path) != 0;
        public bool CanRead => !IsPathOnly && (AccessMode == OpenFlags.ReadOnly || AccessMode == OpenFlags.ReadWrite);
        public bool CanWrite => !IsPathOnly && (AccessMode == OpenFlags.WriteOnly || AccessMode == OpenFlags.ReadWrite);
        public bool NonBlocking => (Flags & OpenFlags.NonBlocking) != 0;

        public virtual long Read(Span<byte> buffer) => -(long)Errno.EINVAL;
        public virtual long Write(ReadOnlySpan<byte> data) => -(long)Errno.EINVAL;
        // pread/pwrite: ESPIPE on files without positions (pipes, sockets).
        public virtual long ReadAt(long offset, Span<byte> buffer) => -(long)Errno.ESPIPE;
        public virtual long WriteAt(long offset, ReadOnlySpan<byte> data) => -(long)Errno.ESPIPE;
        public virtual long Seek(long offset, int whence) => -(long)Errno.ESPIPE;

        // Regular files and directories are always ready (fs/select.c DEFAULT_POLLMASK).
        public virtual int Poll() => PollEvents.Readable | PollEvents.Writable;
        public virtual void AddWaiter(IReadinessWaiter waiter) { }
        public virtual void RemoveWaiter(IReadinessWaiter waiter) { }

        // Called when the last fd referring to this description is closed.
        protected virtual void LastClose() { }

        // The owner of this description's open file description locks (F_OFD_SETLK): negative,
        // so it never equals a process id.
        public int DescriptionLockOwner => _descriptionLockOwner != 0 ? _descriptionLockOwner : (_descriptionLockOwner = --s_lastDescriptionLockOwner);

        public void AddReference() => _references++;

        public void DropReference()
        {
            if (--_references > 0) return;
            LastClose();
            if (Location.IsValid) Location.Mount.Users--;
            if (Inode != null)
            {
                Inode.Locks?.ReleaseFlock(this);
                if (_descriptionLockOwner != 0) Inode.Locks?.ReleaseRecordLocks(_descriptionLockOwner);
                Inode.OpenCount--;
                if (CanWrite) Inode.Writers--;
                Inode.ReleaseIfUnused();
            }
        }

        public int References => _references;
    }
}
