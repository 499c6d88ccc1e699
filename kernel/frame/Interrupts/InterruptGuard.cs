using Tessera.Frame.Cpu;

namespace Tessera.Frame.Interrupts
{
    // Keeps interrupt handlers (and so preemption) out of a critical section on this CPU:
    //   using (InterruptGuard.Enter()) { ... }
    // Nesting works: each guard restores the interrupt flag it found.
    internal readonly struct InterruptGuard : System.IDisposable
    {
        private const ulong InterruptFlag = 1 << 9;
        private readonly bool _wereEnabled;

        private InterruptGuard(bool wereEnabled) { _wereEnabled = wereEnabled; }

        internal static InterruptGuard Enter() =>
            new InterruptGuard((NativeStubs.SaveFlagsAndDisableInterrupts() & InterruptFlag) != 0);

        public void Dispose()
        {
            if (_wereEnabled) NativeStubs.EnableInterrupts();
        }
    }
}
