using System;
using System.Text;
using Tessera.Frame.Memory;
using Tessera.Frame.Threading;
using Tessera.Kernel.Memory;
using Tessera.Kernel.Processes;
using Tessera.Kernel.Signals;
using Tessera.Kernel.Terminals;

namespace Tessera.Kernel.Proc
{
    // The per-process files of proc(5), in Linux's exact formats (fs/proc/array.c,
    // task_mmu.c), so ps, top and friends parse them.
    public static class ProcessTexts
    {
        private const int TicksPerSecond = 100;   // USER_HZ
        private const uint ConsoleDevice = (4 << 8) | 64;   // ttyS0, as stat's tty_nr encodes it

        public static char State(Process p)
        {
            if (p.IsZombie) return 'Z';
            if (p.Stopped) return 'T';
            foreach (UserThread t in p.Threads.ToArray())
            {
                KernelThread k = t.Kernel;
                if (k != null && (k.State == KernelThreadState.Running || k.State == KernelThreadState.Runnable) && t.BlockedOn == null) return 'R';
            }
            return 'S';
        }

        private static string StateName(char state) => state switch
        {
            'R' => "R (running)", 'T' => "T (stopped)", 'Z' => "Z (zombie)", _ => "S (sleeping)",
        };

        private static ulong VirtualSize(Process p)
        {
            ulong total = 0;
            VirtualMemory m = p.Memory;
            if (m == null) return 0;
            foreach (MemoryArea a in m.Areas) total += a.Length;
            return total;
        }

        private static ulong ResidentPages(Process p)
        {
            VirtualMemory m = p.Memory;
            if (m == null) return 0;
            ulong pages = 0, cursor = 0;
            while (m.Space.NextMapped(cursor, AddressSpace.UserLimit, out ulong page, out _, out _))
            {
                pages++;
                cursor = page + VirtualMemory.PageSize;
            }
            return pages;
        }

        public static string Stat(Process p)
        {
            char state = State(p);
            bool onConsole = p.Session == Terminal.Serial.Session;
            ulong start = p.StartTime / (1_000_000_000 / TicksPerSecond);
            var s = new StringBuilder();
            s.Append(p.Pid).Append(" (").Append(p.Name).Append(") ").Append(state).Append(' ');
            s.Append(p.Parent?.Pid ?? 0).Append(' ').Append(p.ProcessGroup).Append(' ').Append(p.Session).Append(' ');
            s.Append(onConsole ? ConsoleDevice : 0).Append(' ').Append(onConsole ? Terminal.Serial.ForegroundGroup : -1).Append(' ');
            CpuTime.OfProcess(p, out ulong user, out ulong system);
            CpuTime.OfChildren(p, out ulong childrenUser, out ulong childrenSystem);
            s.Append("4194560 0 0 0 0 ");                                     // flags, faults
            s.Append(CpuTime.ToClockTicks(user)).Append(' ').Append(CpuTime.ToClockTicks(system)).Append(' ');
            s.Append(CpuTime.ToClockTicks(childrenUser)).Append(' ').Append(CpuTime.ToClockTicks(childrenSystem)).Append(' ');
            s.Append("20 0 ");                                                // priority, nice
            s.Append(p.Threads.Count).Append(" 0 ").Append(start).Append(' ');
            s.Append(VirtualSize(p)).Append(' ').Append(ResidentPages(p)).Append(" 18446744073709551615 ");
            s.Append("0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n");
            return s.ToString();
        }

        public static string Status(Process p)
        {
            ulong vm = VirtualSize(p) / 1024, rss = ResidentPages(p) * 4;
            ulong blocked = p.Threads.Count > 0 ? p.Threads[0].SignalMask : 0;
            ulong ignored = 0, caught = 0;
            for (int sig = 1; sig <= Signal.Count; sig++)
            {
                ulong h = p.SignalActions[sig].Handler;
                if (h == SignalAction.SIG_IGN) ignored |= Signal.Bit(sig);
                else if (h != SignalAction.SIG_DFL) caught |= Signal.Bit(sig);
            }
            var s = new StringBuilder();
            s.Append("Name:\t").Append(p.Name).Append('\n');
            s.Append("Umask:\t0").Append(p.Fs == null ? "022" : Octal(p.Fs.Umask)).Append('\n');
            s.Append("State:\t").Append(StateName(State(p))).Append('\n');
            s.Append("Tgid:\t").Append(p.Pid).Append("\nNgid:\t0\nPid:\t").Append(p.Pid).Append('\n');
            s.Append("PPid:\t").Append(p.Parent?.Pid ?? 0).Append("\nTracerPid:\t0\n");
            s.Append("Uid:\t").Append(p.Uid).Append('\t').Append(p.Euid).Append('\t').Append(p.Suid).Append('\t').Append(p.Euid).Append('\n');
            s.Append("Gid:\t").Append(p.Gid).Append('\t').Append(p.Egid).Append('\t').Append(p.Sgid).Append('\t').Append(p.Egid).Append('\n');
            s.Append("FDSize:\t64\nGroups:\t\n");
            s.Append("VmPeak:\t").Append(Kb(vm)).Append("VmSize:\t").Append(Kb(vm)).Append("VmRSS:\t").Append(Kb(rss));
            s.Append("Threads:\t").Append(p.Threads.Count).Append('\n');
            s.Append("SigPnd:\t0000000000000000\nShdPnd:\t").Append(Hex(p.PendingSignals.Set)).Append('\n');
            s.Append("SigBlk:\t").Append(Hex(blocked)).Append("\nSigIgn:\t").Append(Hex(ignored)).Append("\nSigCgt:\t").Append(Hex(caught)).Append('\n');
            return s.ToString();
        }

        // address range, permissions, offset, device, inode, then the name at column 74.
        public static string Maps(Process p)
        {
            var s = new StringBuilder();
            VirtualMemory m = p.Memory;
            if (m == null) return "";
            foreach (MemoryArea a in m.Areas)
            {
                int lineStart = s.Length;
                s.Append(a.Start.ToString("x8")).Append('-').Append(a.End.ToString("x8")).Append(' ');
                s.Append((a.Protection & Protection.Read) != 0 ? 'r' : '-');
                s.Append((a.Protection & Protection.Write) != 0 ? 'w' : '-');
                s.Append((a.Protection & Protection.Execute) != 0 ? 'x' : '-');
                s.Append(a.Shared ? 's' : 'p').Append(' ');
                s.Append(a.SourceOffset.ToString("x8")).Append(" 00:00 0");
                if (a.Name != null)
                {
                    while (s.Length - lineStart < 73) s.Append(' ');
                    s.Append(a.Name);
                }
                s.Append('\n');
            }
            return s.ToString();
        }

        public static byte[] NulSeparated(byte[][] values)
        {
            int length = 0;
            foreach (byte[] v in values) length += v.Length + 1;
            var bytes = new byte[length];
            int at = 0;
            foreach (byte[] v in values)
            {
                v.AsSpan().CopyTo(bytes.AsSpan(at));
                at += v.Length + 1;
            }
            return bytes;
        }

        private static string Kb(ulong kb)
        {
            string n = kb.ToString();
            return new string(' ', n.Length < 8 ? 8 - n.Length : 0) + n + " kB\n";
        }

        private static string Hex(ulong v) => v.ToString("x16");

        private static string Octal(uint v)
        {
            string s = "";
            for (int i = 0; i < 3; i++) { s = ((char)('0' + (v & 7))).ToString() + s; v >>= 3; }
            return s;
        }
    }
}
