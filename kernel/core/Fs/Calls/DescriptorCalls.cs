using System;
using System.Buffers.Binary;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Fs.Pipes;
using Tessera.Kernel.Fs.Vfs;

namespace Tessera.Kernel.Fs.Calls
{
    // dup, dup2, dup3, fcntl, flock, pipe2 (fs/file.c, fs/fcntl.c, fs/locks.c, fs/pipe.c).
    public static class DescriptorCalls
    {
        // fcntl commands (include/uapi/asm-generic/fcntl.h, include/uapi/linux/fcntl.h).
        public const int FDupFd = 0, FGetFd = 1, FSetFd = 2, FGetFl = 3, FSetFl = 4, FGetLk = 5, FSetLk = 6, FSetLkW = 7;
        public const int FDupFdCloseOnExec = 1030, FSetPipeSize = 1031, FGetPipeSize = 1032;
        public const int FOfdGetLk = 36, FOfdSetLk = 37, FOfdSetLkW = 38;
        // flock operations (include/uapi/asm-generic/fcntl.h).
        public const int LockShared = 1, LockExclusive = 2, LockNonBlocking = 4, LockUnlock = 8;
        // struct flock on x86-64: 0 l_type i16, 2 l_whence i16, 8 l_start i64, 16 l_len i64, 24 l_pid i32; 32 bytes.
        public const int FlockSize = 32;
        private const int MaxPipeSize = 1048576;   // /proc/sys/fs/pipe-max-size default
        private const int MaxRootPipeSize = 64 << 20;   // our ceiling even for root (Linux: ENOMEM when memory runs out)

        public static long Dup(FsContext context, int fd)
        {
            OpenFile file = context.Files.Get(fd);
            if (file == null) return CallSupport.Fail(Errno.EBADF);
            return context.Files.Install(file, false);
        }

        public static long Dup2(FsContext context, int oldFd, int newFd)
        {
            OpenFile file = context.Files.Get(oldFd);
            if (file == null) return CallSupport.Fail(Errno.EBADF);
            if (oldFd == newFd) return newFd;
            return context.Files.InstallAt(newFd, file, false);
        }

        public static long Dup3(FsContext context, int oldFd, int newFd, int flags)
        {
            if ((flags & ~OpenFlags.CloseOnExec) != 0) return CallSupport.Fail(Errno.EINVAL);
            if (oldFd == newFd) return CallSupport.Fail(Errno.EINVAL);
            OpenFile file = context.Files.Get(oldFd);
            if (file == null) return CallSupport.Fail(Errno.EBADF);
            return context.Files.InstallAt(newFd, file, (flags & OpenFlags.CloseOnExec) != 0);
        }

        // `flock` is the caller's copy of struct flock for the lock commands (F_GETLK fills it
        // for copying back); other commands ignore it.
        public static long Fcntl(FsContext context, int fd, int command, long argument, Span<byte> flock)
        {
            OpenFile file = context.Files.Get(fd);
            if (file == null) return CallSupport.Fail(Errno.EBADF);
            switch (command)
            {
                case FDupFd:
                case FDupFdCloseOnExec:
                    if (argument < 0 || argument >= context.Files.Limit) return CallSupport.Fail(Errno.EINVAL);
                    return context.Files.Install(file, command == FDupFdCloseOnExec, (int)argument);
                case FGetFd:
                    return context.Files.IsCloseOnExec(fd) ? FileDescriptorTable.CloseOnExecFlag : 0;
                case FSetFd:
                    return CallSupport.Result(context.Files.SetCloseOnExec(fd, (argument & FileDescriptorTable.CloseOnExecFlag) != 0));
                case FGetFl:
                    return file.Flags;
                case FSetFl:
                    if (file.IsPathOnly) return CallSupport.Fail(Errno.EBADF);
                    file.Flags = (file.Flags & ~OpenFlags.SettableStatusFlags) | ((int)argument & OpenFlags.SettableStatusFlags);
                    return 0;
                case FGetLk:
                case FSetLk:
                case FSetLkW:
                    if (file.IsPathOnly) return CallSupport.Fail(Errno.EBADF);
                    return RecordLockCommand(context, file, command == FGetLk, context.LockOwner, flock);
                case FOfdGetLk:
                case FOfdSetLk:
                case FOfdSetLkW:
                    // Open file description locks belong to the description, not the process;
                    // l_pid must be 0 (fs/locks.c).
                    if (file.IsPathOnly) return CallSupport.Fail(Errno.EBADF);
                    if (flock.Length >= FlockSize && BinaryPrimitives.ReadInt32LittleEndian(flock.Slice(24)) != 0) return CallSupport.Fail(Errno.EINVAL);
                    return RecordLockCommand(context, file, command == FOfdGetLk, file.DescriptionLockOwner, flock);
                case FGetPipeSize:
                case FSetPipeSize:
                    if (!(file is PipeEnd end)) return CallSupport.Fail(Errno.EBADF);
                    if (command == FGetPipeSize) return end.Pipe.Capacity;
                    return ResizePipe(context, end.Pipe, argument);
                default:
                    return CallSupport.Fail(Errno.EINVAL);
            }
        }

        // F_SETPIPE_SZ rounds up to a power-of-two number of pages, at most pipe-max-size
        // unless root (EPERM); never below what is buffered (EBUSY).
        private static long ResizePipe(FsContext context, Pipe pipe, long argument)
        {
            if (argument <= 0 || argument > int.MaxValue) return CallSupport.Fail(Errno.EINVAL);
            long size = PageStore.PageSize;
            while (size < argument) size <<= 1;
            if (size > MaxPipeSize && !context.Credentials.IsRoot) return CallSupport.Fail(Errno.EPERM);
            if (size > MaxRootPipeSize) return CallSupport.Fail(Errno.ENOMEM);
            Errno error = pipe.Resize((int)size);
            return error == Errno.None ? size : CallSupport.Fail(error);
        }

        private static long RecordLockCommand(FsContext context, OpenFile file, bool query, int owner, Span<byte> flock)
        {
            if (flock.Length < FlockSize) return CallSupport.Fail(Errno.EFAULT);
            short type = BinaryPrimitives.ReadInt16LittleEndian(flock);
            short whence = BinaryPrimitives.ReadInt16LittleEndian(flock.Slice(2));
            long start = BinaryPrimitives.ReadInt64LittleEndian(flock.Slice(8));
            long length = BinaryPrimitives.ReadInt64LittleEndian(flock.Slice(16));
            if (type != RecordLock.ReadLock && type != RecordLock.WriteLock && type != RecordLock.Unlock) return CallSupport.Fail(Errno.EINVAL);
            // fs/locks.c flock_to_posix_lock: the range from whence, start and a signed length.
            long origin;
            switch (whence)
            {
                case SeekWhence.Set: origin = 0; break;
                case SeekWhence.Current: origin = file.Offset; break;
                case SeekWhence.End: origin = file.Inode.Size; break;
                default: return CallSupport.Fail(Errno.EINVAL);
            }
            start += origin;
            long end;
            if (length > 0) end = start + length - 1;
            else if (length == 0) end = long.MaxValue;
            else { end = start - 1; start += length; }
            if (start < 0) return CallSupport.Fail(Errno.EINVAL);
            var wanted = new RecordLock(owner, type, start, end);
            Inode inode = file.Inode;
            if (query)
            {
                if (type == RecordLock.Unlock) return CallSupport.Fail(Errno.EINVAL);
                if (inode.Locks != null && inode.Locks.FindConflict(wanted, out RecordLock held))
                {
                    BinaryPrimitives.WriteInt16LittleEndian(flock, held.Type);
                    BinaryPrimitives.WriteInt16LittleEndian(flock.Slice(2), (short)SeekWhence.Set);
                    BinaryPrimitives.WriteInt64LittleEndian(flock.Slice(8), held.Start);
                    BinaryPrimitives.WriteInt64LittleEndian(flock.Slice(16), held.End == long.MaxValue ? 0 : held.End - held.Start + 1);
                    BinaryPrimitives.WriteInt32LittleEndian(flock.Slice(24), held.Owner < 0 ? -1 : held.Owner);   // -1: held by a description
                }
                else BinaryPrimitives.WriteInt16LittleEndian(flock, RecordLock.Unlock);
                return 0;
            }
            if (type == RecordLock.ReadLock && !file.CanRead) return CallSupport.Fail(Errno.EBADF);
            if (type == RecordLock.WriteLock && !file.CanWrite) return CallSupport.Fail(Errno.EBADF);
            inode.Locks ??= new FileLocks();
            return CallSupport.Result(inode.Locks.SetRecordLock(wanted));
        }

        // flock(2): EAGAIN (EWOULDBLOCK) on conflict; without LOCK_NB the caller waits and retries.
        public static long Flock(FsContext context, int fd, int operation)
        {
            OpenFile file = CallSupport.FileFor(context, fd);
            if (file == null) return CallSupport.Fail(Errno.EBADF);
            int kind = operation & ~LockNonBlocking;
            Inode inode = file.Inode;
            if (inode == null) return CallSupport.Fail(Errno.EINVAL);
            switch (kind)
            {
                case LockUnlock:
                    inode.Locks?.ReleaseFlock(file);
                    return 0;
                case LockShared:
                case LockExclusive:
                    inode.Locks ??= new FileLocks();
                    return CallSupport.Result(inode.Locks.Flock(file, kind == LockExclusive));
                default:
                    return CallSupport.Fail(Errno.EINVAL);
            }
        }

        // pipe(2) is pipe2 without flags.
        public static long Pipe(FsContext context, Span<int> fds) => Pipe2(context, fds, 0);

        // pipe2(2): fds receives the read end then the write end.
        public static long Pipe2(FsContext context, Span<int> fds, int flags)
        {
            const int NotificationPipe = OpenFlags.Exclusive;   // O_NOTIFICATION_PIPE (include/uapi/linux/watch_queue.h)
            if ((flags & ~(OpenFlags.CloseOnExec | OpenFlags.NonBlocking | OpenFlags.Direct | NotificationPipe)) != 0) return CallSupport.Fail(Errno.EINVAL);
            if ((flags & NotificationPipe) != 0) return CallSupport.Fail(Errno.ENOSYS);
            if (fds.Length < 2) return CallSupport.Fail(Errno.EFAULT);
            var pipe = new Pipe();
            SpecialInode inode = context.Vfs.Pipes.NewPipeInode(context.Credentials);
            int status = flags & (OpenFlags.NonBlocking | OpenFlags.Direct);
            var reader = new PipeEnd(pipe, default, inode, OpenFlags.ReadOnly | status);
            var writer = new PipeEnd(pipe, default, inode, OpenFlags.WriteOnly | status);
            bool closeOnExec = (flags & OpenFlags.CloseOnExec) != 0;
            long readFd = context.Files.Install(reader, closeOnExec);
            if (readFd < 0)
            {
                Discard(reader);
                Discard(writer);
                return readFd;
            }
            long writeFd = context.Files.Install(writer, closeOnExec);
            if (writeFd < 0)
            {
                context.Files.Close((int)readFd);
                Discard(writer);
                return writeFd;
            }
            fds[0] = (int)readFd;
            fds[1] = (int)writeFd;
            return 0;
        }

        private static void Discard(OpenFile file)
        {
            file.AddReference();
            file.DropReference();
        }
    }
}
