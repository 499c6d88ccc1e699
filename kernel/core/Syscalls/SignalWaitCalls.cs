using System;
using System.Buffers.Binary;
using Tessera.Frame.Threading;
using Tessera.Frame.Time;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Processes;
using Tessera.Kernel.Signals;

namespace Tessera.Kernel.Syscalls
{
    // Signals taken as data instead of by a handler: rt_sigtimedwait (sigwaitinfo,
    // sigtimedwait) dequeues a signal of a set, and rt_sigqueueinfo (sigqueue) sends one
    // with the sender's siginfo, whose si_value the receiver gets.
    public static class SignalWaitCalls
    {
        private const ulong Slice = 2_000_000;   // 2 ms: a sender may wake no one when all threads block the signal
        private static long Fail(Errno e) => -(long)e;

        public static long RtSigtimedwait(UserThread caller, ulong setPointer, ulong infoPointer, ulong timeoutPointer, ulong size)
        {
            var memory = caller.Process.Memory;
            if (size != 8) return Fail(Errno.EINVAL);
            if (!UserPointers.ReadUInt64(memory, setPointer, out ulong set)) return Fail(Errno.EFAULT);
            set &= ~Signal.Unblockable;
            ulong deadline = ulong.MaxValue;
            if (timeoutPointer != 0)
            {
                Errno e = TimeCalls.ReadTimespec(memory, timeoutPointer, out ulong timeout);
                if (e != Errno.None) return Fail(e);
                deadline = Clock.MonotonicNanoseconds + timeout;
            }
            for (;;)
            {
                if (TryTake(caller, set, out int signal, out SignalInfo info))
                {
                    if (infoPointer != 0)
                    {
                        var bytes = new byte[SignalInfo.Size];
                        info.WriteTo(bytes);
                        if (!memory.Write(infoPointer, bytes)) return Fail(Errno.EFAULT);
                    }
                    return signal;
                }
                // Another signal to handle (or an exit) ends the wait; it is not restarted.
                if (SignalDelivery.HasPending(caller)) return Fail(Errno.EINTR);
                ulong now = Clock.MonotonicNanoseconds;
                if (now >= deadline) return Fail(Errno.EAGAIN);
                ulong left = deadline - now;
                KernelThread.Sleep(left < Slice ? left : Slice);
            }
        }

        // The lowest pending signal of the set, the thread's own before the process's.
        private static bool TryTake(UserThread caller, ulong set, out int signal, out SignalInfo info)
        {
            signal = 0;
            info = default;
            var guard = ProcessTable.Lock.Acquire();
            ulong pending = (caller.PendingSignals.Set | caller.Process.PendingSignals.Set) & set;
            if (pending != 0)
            {
                for (signal = 1; (pending & Signal.Bit(signal)) == 0; signal++) { }
                SignalQueue from = (caller.PendingSignals.Set & Signal.Bit(signal)) != 0 ? caller.PendingSignals : caller.Process.PendingSignals;
                info = from.Take(signal);
            }
            guard.Dispose();
            return pending != 0;
        }

        // rt_sigqueueinfo(tgid, sig, info): the sender's siginfo, with its signal number. Only a
        // process's own signals may claim to come from kill or the kernel (si_code >= 0) or
        // tkill (kernel/signal.c, do_rt_sigqueueinfo).
        public static long RtSigqueueinfo(UserThread caller, long pid, int signal, ulong infoPointer)
        {
            Span<byte> b = stackalloc byte[SignalInfo.Size];
            if (!caller.Process.Memory.Read(infoPointer, b)) return Fail(Errno.EFAULT);
            int code = BinaryPrimitives.ReadInt32LittleEndian(b.Slice(8));
            if ((code >= 0 || code == SignalInfo.SI_TKILL) && pid != caller.Process.Pid) return Fail(Errno.EPERM);
            if (!Signal.IsValid(signal)) return Fail(Errno.EINVAL);
            Process target = pid > 0 ? ProcessTable.Find((int)pid) : null;
            if (target == null) return Fail(Errno.ESRCH);
            var info = new SignalInfo
            {
                Signo = signal, Code = code,
                Pid = BinaryPrimitives.ReadInt32LittleEndian(b.Slice(16)),
                Uid = BinaryPrimitives.ReadUInt32LittleEndian(b.Slice(20)),
                Value = BinaryPrimitives.ReadUInt64LittleEndian(b.Slice(24)),
                HasValue = true,
            };
            if (!target.IsZombie) SignalDelivery.SendToProcess(target, signal, info);
            return 0;
        }
    }
}
