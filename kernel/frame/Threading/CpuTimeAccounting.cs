using Tessera.Frame.Cpu;
using Tessera.Frame.Time;
using Tessera.Frame.Traps;

namespace Tessera.Frame.Threading
{
    // Where each CPU's time goes, for /proc/stat: at every timer tick the TSC ticks since the
    // previous one are charged to user mode, the kernel or idling, by what the tick
    // interrupted (Linux's tick-based accounting). The tick also brings the running user
    // thread's own counters up to date (User/UserContext.cs), so readers on other CPUs lag
    // by one tick at most, and lets CPU-time timers see a busy loop.
    public static unsafe class CpuTimeAccounting
    {
        // From the timer interrupt, interrupts off.
        internal static void OnTick(TrapFrame* frame)
        {
            PerCpu* cpu = Processors.Current;
            ulong now = NativeStubs.ReadTimeStampCounter();
            ulong elapsed = cpu->LastTickTsc != 0 && now > cpu->LastTickTsc ? now - cpu->LastTickTsc : 0;
            cpu->LastTickTsc = now;
            KernelThread current = Scheduler.Current;
            if ((frame->Cs & 3) == 3) cpu->UserTsc += elapsed;
            else if (current != null && current.IsIdle) cpu->IdleTsc += elapsed;
            else cpu->SystemTsc += elapsed;
            if (current != null && current.User != null) current.User.OnTick(now);
        }

        // CPU index's time in user mode, in the kernel and idle, in nanoseconds; false for a
        // CPU that is not online.
        public static bool TryRead(int index, out ulong userNanoseconds, out ulong systemNanoseconds, out ulong idleNanoseconds)
        {
            userNanoseconds = systemNanoseconds = idleNanoseconds = 0;
            if (index < 0 || index >= Processors.Count || !Processors.IsOnline(index)) return false;
            PerCpu* cpu = Processors.Get(index);
            ulong hz = Clock.TscFrequencyHz;
            userNanoseconds = TscConversion.ToNanoseconds(cpu->UserTsc, hz);
            systemNanoseconds = TscConversion.ToNanoseconds(cpu->SystemTsc, hz);
            idleNanoseconds = TscConversion.ToNanoseconds(cpu->IdleTsc, hz);
            return true;
        }
    }
}
