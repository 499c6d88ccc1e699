using System.Collections.Generic;
using Tessera.Frame.Threading;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Memory;
using Tessera.Kernel.Processes;
using Tessera.Kernel.Signals;

namespace Tessera.Kernel.Syscalls
{
    // futex(2): threads sleep on a 32-bit word of their shared memory. Each word has a queue of
    // waiters (FutexWaiter.cs); a wake takes up to n of them off it, oldest first, and a
    // requeue moves waiters to another word's queue without waking them, as Linux
    // (kernel/futex/waitwake.c, requeue.c). All queues share one spinlock, held only for
    // list changes: a waiter joins its queue before it reads the word (which may fault, so
    // no lock is held then), so a waker that changes the word and then wakes finds it.
    public static class Futexes
    {
        public const int FUTEX_WAIT = 0, FUTEX_WAKE = 1, FUTEX_REQUEUE = 3, FUTEX_CMP_REQUEUE = 4, FUTEX_WAKE_OP = 5,
            FUTEX_WAIT_BITSET = 9, FUTEX_WAKE_BITSET = 10, FUTEX_PRIVATE = 128, FUTEX_CLOCK_REALTIME = 256;
        private const uint FUTEX_BITSET_MATCH_ANY = 0xFFFFFFFF;
        private static readonly KernelMutex s_lock = new KernelMutex();
        private static readonly SpinLock s_queueLock = new SpinLock();
        // Queues by key (a process's memory, or the shared pages of a MAP_SHARED mapping) and
        // address (or offset in the shared pages).
        private static readonly Dictionary<object, Dictionary<ulong, FutexQueue>> s_tables = new Dictionary<object, Dictionary<ulong, FutexQueue>>();
        private static long Fail(Errno e) => -(long)e;

        // FUTEX_PRIVATE_FLAG promises the word is not shared with another process: the memory
        // and address are then the key without looking at the mapping.
        private static FutexQueue For(VirtualMemory memory, ulong address, bool isPrivate)
        {
            object key = memory;
            if (!isPrivate) key = memory.FutexKey(address, out address);
            s_lock.Enter();
            if (!s_tables.TryGetValue(key, out var table))
            {
                table = new Dictionary<ulong, FutexQueue>();
                s_tables[key] = table;
            }
            if (!table.TryGetValue(address, out FutexQueue q))
            {
                q = new FutexQueue();
                table[address] = q;
            }
            s_lock.Exit();
            return q;
        }

        // The process's memory is gone: so are its private futexes' queues.
        public static void Forget(VirtualMemory memory)
        {
            s_lock.Enter();
            s_tables.Remove(memory);
            s_lock.Exit();
        }

        public static long Call(UserThread caller, ulong address, int op, uint value, ulong timeout, ulong address2, uint value3)
        {
            VirtualMemory memory = caller.Process.Memory;
            int command = op & ~(FUTEX_PRIVATE | FUTEX_CLOCK_REALTIME);
            bool isPrivate = (op & FUTEX_PRIVATE) != 0;
            if ((address & 3) != 0) return Fail(Errno.EINVAL);
            switch (command)
            {
                case FUTEX_WAIT:
                case FUTEX_WAIT_BITSET:
                    if (command == FUTEX_WAIT_BITSET && value3 == 0) return Fail(Errno.EINVAL);
                    return Wait(caller, memory, address, isPrivate, value, timeout, command == FUTEX_WAIT_BITSET ? op : -1,
                        command == FUTEX_WAIT_BITSET ? value3 : FUTEX_BITSET_MATCH_ANY);
                case FUTEX_WAKE:
                    return Wake(memory, address, isPrivate, (int)value);
                case FUTEX_WAKE_BITSET:
                    if (value3 == 0) return Fail(Errno.EINVAL);
                    return Wake(memory, address, isPrivate, (int)value, value3);
                case FUTEX_REQUEUE:
                case FUTEX_CMP_REQUEUE:
                    // The number to requeue comes in the timeout argument's place.
                    return Requeue(memory, address, isPrivate, (int)value, (int)timeout, address2,
                        command == FUTEX_CMP_REQUEUE, value3);
                case FUTEX_WAKE_OP:
                    return WakeOp(memory, address, isPrivate, (int)value, address2, (int)timeout, value3);
                default:
                    return Fail(Errno.ENOSYS);
            }
        }

        private static long Wait(UserThread caller, VirtualMemory memory, ulong address, bool isPrivate, uint expected, ulong timeout,
            int absoluteOp, uint bitset)
        {
            ulong deadline = ulong.MaxValue;
            if (timeout != 0)
            {
                Errno e = TimeCalls.ReadTimespec(memory, timeout, out ulong t);
                if (e != Errno.None) return Fail(e);
                ulong now = Tessera.Frame.Time.Clock.MonotonicNanoseconds;
                if (absoluteOp >= 0)
                {
                    int clock = (absoluteOp & FUTEX_CLOCK_REALTIME) != 0 ? TimeCalls.CLOCK_REALTIME : TimeCalls.CLOCK_MONOTONIC;
                    TimeCalls.TryRead(clock, out ulong clockNow);
                    deadline = now + (t > clockNow ? t - clockNow : 0);
                }
                else deadline = now + t;
            }
            FutexQueue queue = For(memory, address, isPrivate);
            FutexWaiter w = caller.FutexWaiter ??= new FutexWaiter(caller);
            var guard = s_queueLock.Acquire();
            w.Woken = false;
            w.Bitset = bitset;
            queue.Append(w);
            guard.Dispose();

            Errno error = Errno.None;
            if (!UserPointers.ReadUInt32(memory, address, out uint current)) error = Errno.EFAULT;
            else if (current != expected) error = Errno.EAGAIN;
            if (error != Errno.None) return Leave(w) ? 0 : Fail(error);   // a wake that came meanwhile counts

            caller.BlockedOn = w.Queue;
            long result;
            if (deadline != ulong.MaxValue)
            {
                // Timed waits sleep in slices until woken or the deadline passes.
                for (;;)
                {
                    if (System.Threading.Volatile.Read(ref w.Woken)) { result = 0; break; }
                    if (SignalDelivery.HasPending(caller)) { result = Leave(w) ? 0 : SignalDelivery.RestartSyscall; break; }
                    if (Tessera.Frame.Time.Clock.MonotonicNanoseconds >= deadline) { result = Leave(w) ? 0 : Fail(Errno.ETIMEDOUT); break; }
                    KernelThread.Sleep(1_000_000);
                }
            }
            else
            {
                guard = s_queueLock.Acquire();
                // One sleep: a wake, a signal or an exit ends it (SignalDelivery wakes BlockedOn).
                if (!w.Woken && !SignalDelivery.HasPending(caller)) w.Queue.Wait(s_queueLock);
                guard.Dispose();
                result = Leave(w) ? 0 : SignalDelivery.RestartSyscall;
            }
            caller.BlockedOn = null;
            return result;
        }

        // Takes a waiter off whatever queue it is in now; true when a wake got it first.
        private static bool Leave(FutexWaiter w)
        {
            var guard = s_queueLock.Acquire();
            bool woken = w.Woken;
            if (!woken && w.On != null) w.On.Remove(w);
            guard.Dispose();
            return woken;
        }

        // With the queue lock held: w leaves its queue and runs.
        private static void WakeLocked(FutexWaiter w)
        {
            w.On.Remove(w);
            w.Woken = true;
            w.Queue.WakeAll();
        }

        // Wakes up to count waiters whose bitset meets bitset, oldest first; how many woke.
        public static long Wake(VirtualMemory memory, ulong address, bool isPrivate, int count, uint bitset = FUTEX_BITSET_MATCH_ANY)
        {
            FutexQueue queue = For(memory, address, isPrivate);
            if (count <= 0) count = 1;   // Linux's futex_wake wakes one even then (++ret >= nr_wake)
            int woken = 0;
            var guard = s_queueLock.Acquire();
            for (FutexWaiter w = queue.Head, next; w != null && woken < count; w = next)
            {
                next = w.Next;
                if ((w.Bitset & bitset) == 0) continue;
                WakeLocked(w);
                woken++;
            }
            guard.Dispose();
            return woken;
        }

        // FUTEX_REQUEUE and FUTEX_CMP_REQUEUE (kernel/futex/requeue.c, futex_requeue): wake up
        // to nrWake waiters of the first word, move up to nrRequeue more to the second word's
        // queue, where they sleep on until a wake there; the number woken plus the number
        // moved. The compare form first checks that the first word still holds expected.
        private static long Requeue(VirtualMemory memory, ulong address, bool isPrivate, int nrWake, int nrRequeue,
            ulong address2, bool compare, uint expected)
        {
            if (nrWake < 0 || nrRequeue < 0) return Fail(Errno.EINVAL);
            if ((address2 & 3) != 0) return Fail(Errno.EINVAL);
            FutexQueue from = For(memory, address, isPrivate), to = For(memory, address2, isPrivate);
            if (compare)
            {
                if (!UserPointers.ReadUInt32(memory, address, out uint current)) return Fail(Errno.EFAULT);
                if (current != expected) return Fail(Errno.EAGAIN);
            }
            int count = 0;
            var guard = s_queueLock.Acquire();
            for (FutexWaiter w = from.Head, next; w != null; w = next)
            {
                next = w.Next;
                if (count < nrWake) WakeLocked(w);
                else if (count - nrWake < nrRequeue)
                {
                    if (from == to) { count++; continue; }
                    from.Remove(w);
                    to.Append(w);
                }
                else break;
                count++;
            }
            guard.Dispose();
            return count;
        }

        // FUTEX_WAKE_OP (used by glibc condition variables): change the second word, wake at
        // the first, and at the second if the old value passes the comparison.
        private static long WakeOp(VirtualMemory memory, ulong address, bool isPrivate, int count, ulong address2, int count2, uint encoded)
        {
            int op = (int)((encoded >> 28) & 7), cmp = (int)((encoded >> 24) & 15);
            int oparg = (int)((encoded >> 12) & 0xFFF), cmparg = (int)(encoded & 0xFFF);
            if (((encoded >> 28) & 8) != 0) oparg = 1 << oparg;
            if (!UserPointers.ReadUInt32(memory, address2, out uint old)) return Fail(Errno.EFAULT);
            uint updated = op switch { 0 => (uint)oparg, 1 => old + (uint)oparg, 2 => old | (uint)oparg, 3 => old & ~(uint)oparg, 4 => old ^ (uint)oparg, _ => old };
            if (!UserPointers.WriteUInt32(memory, address2, updated)) return Fail(Errno.EFAULT);
            long woken = Wake(memory, address, isPrivate, count);
            bool pass = cmp switch { 0 => old == cmparg, 1 => old != cmparg, 2 => (int)old < cmparg, 3 => (int)old <= cmparg, 4 => (int)old > cmparg, 5 => (int)old >= cmparg, _ => false };
            if (pass) woken += Wake(memory, address2, isPrivate, count2);
            return woken;
        }
    }
}
