using System.Collections.Generic;

namespace Tessera.Kernel.Signals
{
    // Signals waiting for delivery, either to one thread or to a whole process (any thread that
    // does not block them). A standard signal (1-31) is pending at most once: another sent while
    // it waits is lost, and the first one's siginfo is kept. Real-time signals (32-64) queue:
    // each one sent is delivered, lowest number first and in order of sending within a number,
    // with its own siginfo (signal(7), "Real-time signals"). Callers hold ProcessTable.Lock.
    public sealed class SignalQueue
    {
        public const int FirstRealtime = 32;   // SIGRTMIN in the kernel (musl reserves 32-34 for itself)
        // Linux bounds queued real-time signals by RLIMIT_SIGPENDING; beyond that it refuses
        // them (EAGAIN from sigqueue, a silent drop for kill). We drop past this many.
        public const int MaxQueuedRealtime = 1024;

        private readonly SignalInfo[] _standard = new SignalInfo[FirstRealtime];
        private readonly List<SignalInfo> _realtime = new List<SignalInfo>();

        // One bit per pending signal (Signal.Bit).
        public ulong Set { get; private set; }

        public void Add(int signal, SignalInfo info)
        {
            if (info.Signo == 0) info = new SignalInfo { Signo = signal, Code = SignalInfo.SI_KERNEL };
            if (signal < FirstRealtime)
            {
                if ((Set & Signal.Bit(signal)) != 0) return;
                _standard[signal] = info;
            }
            else
            {
                if (_realtime.Count >= MaxQueuedRealtime) return;
                _realtime.Add(info);
            }
            Set |= Signal.Bit(signal);
        }

        // Removes one instance of a pending signal and returns its siginfo.
        public SignalInfo Take(int signal)
        {
            if (signal < FirstRealtime)
            {
                SignalInfo info = _standard[signal];
                _standard[signal] = default;
                Set &= ~Signal.Bit(signal);
                return info;
            }
            SignalInfo taken = default;
            bool more = false;
            for (int i = 0; i < _realtime.Count; i++)
            {
                if (_realtime[i].Signo != signal) continue;
                if (taken.Signo == 0) { taken = _realtime[i]; _realtime.RemoveAt(i); i--; }
                else { more = true; break; }
            }
            if (!more) Set &= ~Signal.Bit(signal);
            return taken;
        }

        // Forgets every instance of a signal (it became ignored).
        public void Discard(int signal)
        {
            while ((Set & Signal.Bit(signal)) != 0) Take(signal);
        }
    }
}
