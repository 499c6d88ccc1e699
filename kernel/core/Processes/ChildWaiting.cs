using System;
using Tessera.Kernel.Abi;
using Tessera.Kernel.Signals;

namespace Tessera.Kernel.Processes
{
    public enum ChildEventKind { Exited, Stopped, Continued }

    // A child's change of state that wait4 or waitid reports.
    public struct ChildEvent
    {
        public Process Child;
        public ChildEventKind Kind;
        public int WaitStatus;          // as wait4 encodes it
    }

    // What wait4 and waitid share (wait(2)): find a matching child that exited (a zombie),
    // stopped or continued since last reported; sleep for one unless WNOHANG; reap the zombie
    // unless WNOWAIT.
    public static class ChildWaiting
    {
        public const long NothingYet = 1;

        // 0 with the event, NothingYet (WNOHANG and nothing to report), -ECHILD, or a restart.
        public static long Next(UserThread caller, Func<Process, bool> matches, bool exited, bool stopped, bool continued,
            bool noHang, bool noWait, out ChildEvent result)
        {
            Process parent = caller.Process;
            result = default;
            for (;;)
            {
                bool any = false, found = false;
                var guard = ProcessTable.Lock.Acquire();
                caller.BlockedOn = parent.ChildEvents;
                foreach (Process child in parent.Children)
                {
                    if (!matches(child)) continue;
                    any = true;
                    if (exited && child.IsZombie && !child.Reaped)
                    {
                        result = new ChildEvent { Child = child, Kind = ChildEventKind.Exited, WaitStatus = child.ExitStatus };
                        if (!noWait)
                        {
                            child.Reaped = true;
                            CpuTime.AddReapedLocked(parent, child);
                        }
                        found = true;
                        break;
                    }
                    if (stopped && child.Stopped && !child.StopReported)
                    {
                        result = new ChildEvent { Child = child, Kind = ChildEventKind.Stopped, WaitStatus = (child.StopSignal << 8) | 0x7F };
                        if (!noWait) child.StopReported = true;
                        found = true;
                        break;
                    }
                    if (continued && !child.ContinueReported)
                    {
                        result = new ChildEvent { Child = child, Kind = ChildEventKind.Continued, WaitStatus = 0xFFFF };
                        if (!noWait) child.ContinueReported = true;
                        found = true;
                        break;
                    }
                }
                if (!found && any && !noHang && !SignalDelivery.HasPending(caller))
                {
                    parent.ChildEvents.Wait(ProcessTable.Lock);
                    guard.Dispose();
                    continue;
                }
                caller.BlockedOn = null;
                guard.Dispose();
                if (found)
                {
                    if (result.Kind == ChildEventKind.Exited && !noWait)
                    {
                        ProcessTable.RemoveUnderLock(parent.Children, result.Child);
                        ProcessTable.Remove(result.Child);
                    }
                    return 0;
                }
                if (!any) return -(long)Errno.ECHILD;
                if (noHang) return NothingYet;
                return SignalDelivery.RestartSyscall;
            }
        }
    }
}
