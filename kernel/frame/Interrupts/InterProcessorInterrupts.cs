using System;
using System.Threading;
using Tessera.Frame.Cpu;
using Tessera.Frame.Diagnostics;
using Tessera.Frame.Time;
using Tessera.Frame.Traps;

namespace Tessera.Frame.Interrupts
{
    // Interrupts one CPU sends another through its local APIC's ICR (Intel SDM Vol. 3A,
    // 11.6). Vectors 0xF0-0xFE are kept for them; handlers register like any other vector.
    // On top: "run this on CPU n and wait", one mailbox per target CPU. The action runs in
    // the target's interrupt handler, so it must be short and must not allocate or block.
    // The caller waits with its interrupt flag as it was: two CPUs calling each other with
    // interrupts on both complete; with interrupts off they would wait forever, so the wait
    // gives up after a few seconds with a panic naming the CPU, instead of hanging.
    public static unsafe class InterProcessorInterrupts
    {
        internal const int FirstVector = 0xF0, LastVector = 0xFE;
        internal const int CallVector = 0xF0;
        private const ulong AnswerTimeoutNanoseconds = 5_000_000_000;

        private static Action[] s_actions;         // per target CPU, set while a call is posted
        private static int* s_mailboxBusy;         // per target CPU: a caller owns the mailbox
        private static int* s_done;                // per target CPU: the action has run
        internal static long Received;

        internal static void Initialize()
        {
            s_actions = new Action[Processors.MaxCount];
            s_mailboxBusy = (int*)Memory.BootAllocator.Allocate(Processors.MaxCount * 4);
            s_done = (int*)Memory.BootAllocator.Allocate(Processors.MaxCount * 4);
            InterruptHandlers.Register(CallVector, &OnCall);
        }

        internal static void Register(int vector, delegate*<TrapFrame*, void> handler)
        {
            if (vector < FirstVector || vector > LastVector) Panic.Halt("IPI vector out of range");
            InterruptHandlers.Register(vector, handler);
        }

        internal static bool Send(int cpuIndex, int vector)
        {
            if (!Processors.IsOnline(cpuIndex)) return false;
            return LocalApic.Send(Processors.ApicIdOf(cpuIndex), (uint)vector | LocalApic.DeliveryFixed);
        }

        internal static bool SendToAllOthers(int vector) => Processors.OnlineCount <= 1 || LocalApic.SendToAllOthers(vector);

        // Runs action on CPU cpuIndex (in its interrupt handler) and returns once it has run.
        // Returns false if that CPU is not online. On the calling CPU it simply runs.
        public static bool CallOn(int cpuIndex, Action action)
        {
            if (action is null) throw new ArgumentNullException(nameof(action));
            if (!Processors.IsOnline(cpuIndex)) return false;
            ulong flags = NativeStubs.SaveFlagsAndDisableInterrupts();
            if (cpuIndex == Processors.CurrentIndex)
            {
                action();
                NativeStubs.RestoreFlags(flags);
                return true;
            }
            NativeStubs.RestoreFlags(flags);

            WaitFor(&s_mailboxBusy[cpuIndex], 0, 1, cpuIndex, "free its call mailbox");
            Volatile.Write(ref s_done[cpuIndex], 0);
            Volatile.Write(ref s_actions[cpuIndex], action);
            if (!Send(cpuIndex, CallVector)) Panic.Halt("could not send an IPI to CPU " + cpuIndex.ToString());
            WaitFor(&s_done[cpuIndex], 1, 1, cpuIndex, "run a cross-CPU call");
            Volatile.Write(ref s_mailboxBusy[cpuIndex], 0);
            return true;
        }

        // Runs action on every other online CPU, one after the other.
        public static void CallOnAllOthers(Action action)
        {
            int self = Processors.CurrentIndex;
            for (int cpu = 0; cpu < Processors.Count; cpu++)
                if (cpu != self && Processors.IsOnline(cpu)) CallOn(cpu, action);
        }

        // Waits until *location == expected; with take, claims it by swapping in `value`.
        private static void WaitFor(int* location, int expected, int value, int cpuIndex, string what)
        {
            bool take = expected == 0;
            ulong start = Clock.MonotonicNanoseconds;
            for (;;)
            {
                if (take ? NativeStubs.CompareExchange(location, value, 0) == 0 : Volatile.Read(ref *location) == expected) return;
                if (Clock.MonotonicNanoseconds - start > AnswerTimeoutNanoseconds)
                    Panic.Halt("CPU " + cpuIndex.ToString() + " did not " + what + " within 5 s");
                NativeStubs.Pause();
            }
        }

        private static void OnCall(TrapFrame* frame)
        {
            int self = Processors.CurrentIndex;
            Action action = Volatile.Read(ref s_actions[self]);
            s_actions[self] = null;
            LocalApic.EndOfInterrupt();
            fixed (long* received = &Received) NativeStubs.FetchAdd(received, 1);
            if (action != null) action();
            Volatile.Write(ref s_done[self], 1);
        }
    }
}
