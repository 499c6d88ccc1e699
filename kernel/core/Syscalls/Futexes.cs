using System.Collections.Generic;
using Tessera.Frame.Threading;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Memory;
using Tessera.Kernel.Processes;
using Tessera.Kernel.Signals;

namespace Tessera.Kernel.Syscalls
{
    // futex(2): threads sleep on a 32-bit word of their shared memory. Waiters of one address
    // share a queue with a wake counter: a waiter notes the counter, checks the word (which may
    // fault, so no lock is held), then sleeps only if no wake came in between.
    public static class Futexes
    {
        public const int FUTEX_WAIT = 0, FUTEX_WAKE = 1, FUTEX_REQUEUE = 3, FUTEX_CMP_REQUEUE = 4, FUTEX_WAKE_OP = 5,
            FUTEX_WAIT_BITSET = 9, FUTEX_WAKE_BITSET = 10, FUTEX_PRIVATE = 128, FUTEX_CLOCK_REALTIME = 256;
        private static readonly KernelMutex s_lock = new KernelMutex();
        // Waiters by key (a process's memory, or the shared pages of a MAP_SHARED mapping) and
        // address (or offset in the shared pages).
        private static readonly Dictionary<object, Dictionary<ulong, Waiters>> s_tables = new Dictionary<object, Dictionary<ulong, Waiters>>();
        private static long Fail(Errno e) => -(long)e;

        private sealed class Waiters
        {
            public readonly SpinLock Lock = new SpinLock();
            public readonly WaitQueue Queue = new WaitQueue();
            public long Wakes;
            public int Sleeping;
        }

        // FUTEX_PRIVATE_FLAG promises the word is not shared with another process: the memory
        // and address are then the key without looking at the mapping.
        private static Waiters For(VirtualMemory memory, ulong address, bool isPrivate)
        {
            object key = memory;
            if (!isPrivate) key = memory.FutexKey(address, out address);
            s_lock.Enter();
            if (!s_tables.TryGetValue(key, out var table))
            {
                table = new Dictionary<ulong, Waiters>();
                s_tables[key] = table;
            }
            if (!table.TryGetValue(address, out Waiters w))
            {
                w = new Waiters();
                table[address] = w;
            }
            s_lock.Exit();
            return w;
        }

        // The process's memory is gone: so are its private futexes' waiter tables.
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
                    return Wait(caller, memory, address, isPrivate, value, timeout, command == FUTEX_WAIT_BITSET ? op : -1);
                case FUTEX_WAKE:
                case FUTEX_WAKE_BITSET:
                    return Wake(memory, address, isPrivate, (int)value);
                case FUTEX_REQUEUE:
                case FUTEX_CMP_REQUEUE:
                    if (command == FUTEX_CMP_REQUEUE)
                    {
                        if (!UserPointers.ReadUInt32(memory, address, out uint current)) return Fail(Errno.EFAULT);
                        if (current != value3) return Fail(Errno.EAGAIN);
                    }
                    // Requeueing is a wake of every waiter here: they retry and find the new word.
                    return Wake(memory, address, isPrivate, int.MaxValue);
                case FUTEX_WAKE_OP:
                    return WakeOp(memory, address, isPrivate, (int)value, address2, (int)timeout, value3);
                default:
                    return Fail(Errno.ENOSYS);
            }
        }

        private static long Wait(UserThread caller, VirtualMemory memory, ulong address, bool isPrivate, uint expected, ulong timeout, int absoluteOp)
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
            Waiters w = For(memory, address, isPrivate);
            long seen = System.Threading.Volatile.Read(ref w.Wakes);
            if (!UserPointers.ReadUInt32(memory, address, out uint current)) return Fail(Errno.EFAULT);
            if (current != expected) return Fail(Errno.EAGAIN);
            if (deadline != ulong.MaxValue)
            {
                // Timed waits sleep in slices until woken (the counter moves) or the deadline passes.
                while (System.Threading.Volatile.Read(ref w.Wakes) == seen)
                {
                    if (SignalDelivery.HasPending(caller)) return SignalDelivery.RestartSyscall;
                    if (Tessera.Frame.Time.Clock.MonotonicNanoseconds >= deadline) return Fail(Errno.ETIMEDOUT);
                    KernelThread.Sleep(1_000_000);
                }
                return 0;
            }
            var guard = w.Lock.Acquire();
            caller.BlockedOn = w.Queue;
            if (w.Wakes == seen && !SignalDelivery.HasPending(caller))
            {
                w.Sleeping++;
                w.Queue.Wait(w.Lock);
                w.Sleeping--;
            }
            caller.BlockedOn = null;
            bool woken = w.Wakes != seen;
            guard.Dispose();
            return woken ? 0 : SignalDelivery.RestartSyscall;
        }

        public static long Wake(VirtualMemory memory, ulong address, bool isPrivate, int count)
        {
            Waiters w = For(memory, address, isPrivate);
            var guard = w.Lock.Acquire();
            w.Wakes++;
            int sleeping = w.Sleeping;
            // Every sleeper wakes and re-checks (a shared counter cannot pick exactly n of them).
            w.Queue.WakeAll();
            guard.Dispose();
            return count < sleeping ? count : sleeping;
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
