using System;
using Tessera.Frame.Memory;
using Tessera.Frame.User;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Exec;
using Tessera.Kernel.Memory;
using Tessera.Kernel.Processes;
using Tessera.Kernel.Signals;

namespace Tessera.Kernel.Syscalls
{
    // Creating, replacing and ending processes and threads: clone (fork, vfork, threads),
    // execve, exit, exit_group, and the thread-id bookkeeping glibc and musl rely on
    // (waiting for children is WaitCalls).
    public static class ProcessCalls
    {
        public const ulong CLONE_VM = 0x100, CLONE_FS = 0x200, CLONE_FILES = 0x400, CLONE_SIGHAND = 0x800,
            CLONE_VFORK = 0x4000, CLONE_PARENT = 0x8000, CLONE_THREAD = 0x10000, CLONE_SETTLS = 0x80000,
            CLONE_PARENT_SETTID = 0x100000, CLONE_CHILD_CLEARTID = 0x200000, CLONE_CHILD_SETTID = 0x1000000;

        private static long Fail(Errno e) => -(long)e;

        public static long Clone(UserThread caller, ulong flags, ulong newStack, ulong parentTid, ulong childTid, ulong tls)
        {
            Process parent = caller.Process;
            bool thread = (flags & CLONE_THREAD) != 0;
            if (thread && ((flags & CLONE_SIGHAND) == 0 || (flags & CLONE_VM) == 0)) return Fail(Errno.EINVAL);
            if ((flags & CLONE_SIGHAND) != 0 && (flags & CLONE_VM) == 0) return Fail(Errno.EINVAL);
            if (tls >= AddressSpace.UserLimit && (flags & CLONE_SETTLS) != 0) return Fail(Errno.EPERM);

            int id = ProcessTable.AllocateId();
            var context = new UserContext();
            context.CopyFrom(caller.Context);
            context.Rax = 0;
            if (newStack != 0) context.Rsp = newStack;
            if ((flags & CLONE_SETTLS) != 0) context.FsBase = tls;

            Process process = parent;
            if (!thread)
            {
                Process treeParent = (flags & CLONE_PARENT) != 0 && parent.Parent != null ? parent.Parent : parent;
                process = new Process(id, treeParent);
                if ((flags & CLONE_VM) != 0)
                {
                    parent.Memory.AddUser();
                    process.Memory = parent.Memory;
                }
                else process.Memory = parent.Memory.Fork();
                for (int s = 0; s <= Signal.Count; s++) process.SignalActions[s] = parent.SignalActions[s];
                using (FileSystemLock.Hold())
                    process.Fs = parent.Fs.Fork(id, shareFileTable: (flags & CLONE_FILES) != 0);
                ProcessTable.AddUnderLock(treeParent.Children, process);
                ProcessTable.Add(process);
            }
            else parent.Memory.Shared = true;

            var child = new UserThread(id, process, context) { SignalMask = caller.SignalMask };
            // The alternate signal stack is inherited unless the child shares our memory without
            // vfork's wait: two threads must not take signals on one stack (kernel/fork.c).
            if ((flags & (CLONE_VM | CLONE_VFORK)) != CLONE_VM)
            {
                child.AlternateStack = caller.AlternateStack;
                child.AlternateStackSize = caller.AlternateStackSize;
                child.AlternateStackFlags = caller.AlternateStackFlags;
            }
            if ((flags & CLONE_CHILD_CLEARTID) != 0) child.ClearChildTid = childTid;
            if ((flags & CLONE_PARENT_SETTID) != 0 && !UserPointers.WriteUInt32(parent.Memory, parentTid, (uint)id)) return Fail(Errno.EFAULT);
            if ((flags & CLONE_CHILD_SETTID) != 0) UserPointers.WriteUInt32(process.Memory, childTid, (uint)id);
            ProcessTable.AddUnderLock(process.Threads, child);
            child.Start();

            if (!thread && (flags & CLONE_VFORK) != 0) WaitForVfork(caller, process);
            return id;
        }

        // clone3(args, size): struct clone_args (include/uapi/linux/sched.h): flags, pidfd,
        // child_tid, parent_tid, exit_signal, stack, stack_size, tls, ... (64 bytes in version 0).
        public static long Clone3(UserThread caller, ulong args, ulong size)
        {
            if (size < 64 || size > 4096) return Fail(Errno.EINVAL);
            var b = new byte[64];
            if (!caller.Process.Memory.Read(args, b)) return Fail(Errno.EFAULT);
            ulong Field(int i) => System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(i * 8));
            ulong flags = Field(0), exitSignal = Field(4), stack = Field(5), stackSize = Field(6);
            if ((flags & 0xFF) != 0 || exitSignal > 64) return Fail(Errno.EINVAL);
            if ((stack == 0) != (stackSize == 0)) return Fail(Errno.EINVAL);
            return Clone(caller, flags | exitSignal, stack == 0 ? 0 : stack + stackSize, Field(3), Field(2), Field(7));
        }

        // The vfork parent sleeps until the child has exec'd or exited (it borrows our memory).
        private static void WaitForVfork(UserThread caller, Process child)
        {
            var guard = ProcessTable.Lock.Acquire();
            while (!child.VforkReleased) child.VforkDone.Wait(ProcessTable.Lock);
            guard.Dispose();
        }

        public static long Execve(UserThread caller, ulong pathPointer, ulong argvPointer, ulong envpPointer)
        {
            VirtualMemory m = caller.Process.Memory;
            Errno e = UserPointers.ReadPath(m, pathPointer, out string path);
            if (e != Errno.None) return Fail(e);
            e = UserPointers.ReadStringArray(m, argvPointer, out byte[][] argv);
            if (e != Errno.None) return Fail(e);
            e = UserPointers.ReadStringArray(m, envpPointer, out byte[][] envp);
            if (e != Errno.None) return Fail(e);
            e = ProgramLoader.Execute(caller, path, argv, envp);
            return e == Errno.None ? 0 : Fail(e);
        }

        // execveat(dirfd, path, argv, envp, flags): a path relative to dirfd, or with
        // AT_EMPTY_PATH the file dirfd itself refers to.
        public static long Execveat(UserThread caller, int dirfd, ulong pathPointer, ulong argvPointer, ulong envpPointer, int flags)
        {
            const int AT_EMPTY_PATH = 0x1000, AT_SYMLINK_NOFOLLOW = 0x100;
            if ((flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW)) != 0) return Fail(Errno.EINVAL);
            VirtualMemory m = caller.Process.Memory;
            Errno e = UserPointers.ReadString(m, pathPointer, 4095, out string path);
            if (e != Errno.None) return Fail(e);
            if (path.Length == 0 && (flags & AT_EMPTY_PATH) == 0) return Fail(Errno.ENOENT);
            if ((path.Length == 0 || path[0] != '/') && dirfd != Fs.Vfs.AtFlags.CurrentDirectory)
            {
                Fs.Vfs.OpenFile file;
                string directory;
                using (FileSystemLock.Hold())
                {
                    file = caller.Process.Fs.Files.Get(dirfd);
                    if (file == null || !file.Location.IsValid) return Fail(Errno.EBADF);
                    directory = Fs.Vfs.PathWalker.PathOf(caller.Process.Fs.Root, file.Location);
                }
                if (path.Length > 0 && !file.Inode.IsDirectory) return Fail(Errno.ENOTDIR);
                path = path.Length == 0 ? directory : directory.TrimEnd('/') + "/" + path;
            }
            e = UserPointers.ReadStringArray(m, argvPointer, out byte[][] argv);
            if (e != Errno.None) return Fail(e);
            e = UserPointers.ReadStringArray(m, envpPointer, out byte[][] envp);
            if (e != Errno.None) return Fail(e);
            e = ProgramLoader.Execute(caller, path, argv, envp);
            return e == Errno.None ? 0 : Fail(e);
        }

        public static long Exit(UserThread caller, int code)
        {
            Process p = caller.Process;
            if (p.Threads.Count <= 1) return ExitGroup(caller, code);
            caller.ExitRequested = true;
            return 0;
        }

        public static long ExitGroup(UserThread caller, int code)
        {
            ProcessLifecycle.BeginExit(caller.Process, WaitStatus.Exited(code));
            return 0;
        }

        public static long SetTidAddress(UserThread caller, ulong address)
        {
            caller.ClearChildTid = address;
            return caller.Tid;
        }

        // arch_prctl: the FS and GS bases (thread-local storage).
        public static long ArchPrctl(UserThread caller, int code, ulong address)
        {
            const int ARCH_SET_GS = 0x1001, ARCH_SET_FS = 0x1002, ARCH_GET_FS = 0x1003, ARCH_GET_GS = 0x1004;
            switch (code)
            {
                case ARCH_SET_FS:
                    if (address >= AddressSpace.UserLimit) return Fail(Errno.EPERM);
                    caller.Context.FsBase = address;
                    return 0;
                case ARCH_SET_GS:
                    if (address >= AddressSpace.UserLimit) return Fail(Errno.EPERM);
                    caller.Context.GsBase = address;
                    return 0;
                case ARCH_GET_FS:
                    return UserPointers.WriteUInt64(caller.Process.Memory, address, caller.Context.FsBase) ? 0 : Fail(Errno.EFAULT);
                case ARCH_GET_GS:
                    return UserPointers.WriteUInt64(caller.Process.Memory, address, caller.Context.GsBase) ? 0 : Fail(Errno.EFAULT);
                default:
                    return Fail(Errno.EINVAL);
            }
        }
    }
}
