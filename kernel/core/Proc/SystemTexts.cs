using System.Text;
using Tessera.Frame.Boot;
using Tessera.Frame.Cpu;
using Tessera.Frame.Memory;
using Tessera.Frame.Threading;
using Tessera.Frame.Time;
using Tessera.Kernel.Fs.Vfs;
using Tessera.Kernel.Processes;

namespace Tessera.Kernel.Proc
{
    // The system-wide files of proc(5) in Linux's formats (fs/proc/meminfo.c, cpuinfo.c,
    // uptime.c, loadavg.c, stat.c, version.c; fs/proc_namespace.c for mounts).
    public static class SystemTexts
    {
        private const ulong TicksPerSecond = 100;

        public static string MemInfo()
        {
            ulong total = BootInfo.UsableMemoryBytes / 1024;
            ulong used = KernelHeap.AllocatedBytes / 1024;
            ulong free = total > used ? total - used : 0;
            var s = new StringBuilder();
            void Line(string name, ulong kb)
            {
                s.Append(name).Append(':');
                string n = kb.ToString();
                s.Append(new string(' ', 15 - name.Length + (n.Length < 8 ? 8 - n.Length : 0))).Append(n).Append(" kB\n");
            }
            Line("MemTotal", total); Line("MemFree", free); Line("MemAvailable", free);
            Line("Buffers", 0); Line("Cached", 0); Line("SwapCached", 0);
            Line("Active", used); Line("Inactive", 0);
            Line("SwapTotal", 0); Line("SwapFree", 0); Line("Dirty", 0); Line("Shmem", 0);
            Line("Slab", 0); Line("SReclaimable", 0); Line("SUnreclaim", 0);
            return s.ToString();
        }

        public static string CpuInfo()
        {
            CpuidInstruction.Query(0, 0, out _, out uint b, out uint c, out uint d);
            string vendor = Ascii(b) + Ascii(d) + Ascii(c);
            string model = "";
            for (uint leaf = 0x80000002; leaf <= 0x80000004; leaf++)
            {
                CpuidInstruction.Query(leaf, 0, out uint ra, out uint rb, out uint rc, out uint rd);
                model += Ascii(ra) + Ascii(rb) + Ascii(rc) + Ascii(rd);
            }
            model = model.Trim('\0', ' ');
            CpuidInstruction.Query(1, 0, out uint signature, out _, out uint ecx, out uint edx);
            string flags = Flags(edx, ecx);
            ulong mhz = Clock.TscFrequencyHz / 1_000_000;
            var s = new StringBuilder();
            for (int i = 0; i < Processors.Count; i++)
            {
                if (!Processors.IsOnline(i)) continue;
                s.Append("processor\t: ").Append(i).Append('\n');
                s.Append("vendor_id\t: ").Append(vendor).Append('\n');
                s.Append("cpu family\t: ").Append((signature >> 8) & 0xF).Append('\n');
                s.Append("model\t\t: ").Append(((signature >> 4) & 0xF) | ((signature >> 12) & 0xF0)).Append('\n');
                s.Append("model name\t: ").Append(model).Append('\n');
                s.Append("stepping\t: ").Append(signature & 0xF).Append('\n');
                s.Append("cpu MHz\t\t: ").Append(mhz).Append(".000\n");
                s.Append("physical id\t: 0\nsiblings\t: ").Append(Processors.OnlineCount).Append('\n');
                s.Append("core id\t\t: ").Append(i).Append("\ncpu cores\t: ").Append(Processors.OnlineCount).Append('\n');
                s.Append("apicid\t\t: ").Append(Processors.ApicIdOf(i)).Append('\n');
                s.Append("fpu\t\t: yes\nflags\t\t: ").Append(flags).Append('\n');
                s.Append("bogomips\t: ").Append(mhz * 2).Append(".00\n\n");
            }
            return s.ToString();
        }

        private static string Flags(uint edx, uint ecx)
        {
            var s = new StringBuilder();
            void F(bool on, string name) { if (on) s.Append(s.Length > 0 ? " " : "").Append(name); }
            F((edx & 1) != 0, "fpu"); F((edx & (1 << 4)) != 0, "tsc"); F((edx & (1 << 5)) != 0, "msr");
            F((edx & (1 << 6)) != 0, "pae"); F((edx & (1 << 8)) != 0, "cx8"); F((edx & (1 << 9)) != 0, "apic");
            F((edx & (1 << 15)) != 0, "cmov"); F((edx & (1 << 23)) != 0, "mmx"); F((edx & (1 << 24)) != 0, "fxsr");
            F((edx & (1 << 25)) != 0, "sse"); F((edx & (1 << 26)) != 0, "sse2"); F((ecx & 1) != 0, "pni");
            F((ecx & (1 << 9)) != 0, "ssse3"); F((ecx & (1 << 19)) != 0, "sse4_1"); F((ecx & (1 << 20)) != 0, "sse4_2");
            F((ecx & (1 << 21)) != 0, "x2apic"); F((ecx & (1 << 23)) != 0, "popcnt"); F((ecx & (1 << 25)) != 0, "aes");
            F((ecx & (1 << 26)) != 0, "xsave"); F((ecx & (1 << 28)) != 0, "avx"); F((ecx & (1 << 30)) != 0, "rdrand");
            F((ecx & (1u << 31)) != 0, "hypervisor");
            return s.ToString();
        }

        private static string Ascii(uint v)
        {
            var chars = new char[4];
            for (int i = 0; i < 4; i++) chars[i] = (char)((v >> (8 * i)) & 0xFF);
            return new string(chars);
        }

        private static string Seconds(ulong nanoseconds) =>
            (nanoseconds / 1_000_000_000).ToString() + "." + (nanoseconds / 10_000_000 % 100).ToString("d2");

        public static string Uptime()
        {
            ulong up = Clock.MonotonicNanoseconds;
            return Seconds(up) + " " + Seconds(up * (ulong)Processors.OnlineCount / 2) + "\n";
        }

        public static string LoadAverage()
        {
            int total = 0, highest = 0;
            foreach (Process p in ProcessTable.All()) { total += p.Threads.Count; if (p.Pid > highest) highest = p.Pid; }
            return "0.00 0.00 0.00 1/" + total.ToString() + " " + highest.ToString() + "\n";
        }

        public static string Stat()
        {
            // user nice system idle iowait irq softirq steal guest guest_nice, in clock ticks,
            // from the frame's tick sampling (Threading/CpuTimeAccounting.cs).
            ulong totalUser = 0, totalSystem = 0, totalIdle = 0;
            var lines = new StringBuilder();
            for (int i = 0; i < Processors.Count; i++)
            {
                if (!CpuTimeAccounting.TryRead(i, out ulong user, out ulong system, out ulong idle)) continue;
                user /= 1_000_000_000 / TicksPerSecond; system /= 1_000_000_000 / TicksPerSecond; idle /= 1_000_000_000 / TicksPerSecond;
                totalUser += user; totalSystem += system; totalIdle += idle;
                lines.Append("cpu").Append(i).Append(' ').Append(user).Append(" 0 ").Append(system).Append(' ').Append(idle).Append(" 0 0 0 0 0 0\n");
            }
            var s = new StringBuilder();
            s.Append("cpu  ").Append(totalUser).Append(" 0 ").Append(totalSystem).Append(' ').Append(totalIdle).Append(" 0 0 0 0 0 0\n");
            s.Append(lines.ToString());
            ulong boot = (Clock.UnixTimeNanoseconds - Clock.MonotonicNanoseconds) / 1_000_000_000;
            int running = 0, count = 0;
            foreach (Process p in ProcessTable.All()) { count++; if (ProcessTexts.State(p) == 'R') running++; }
            s.Append("intr 0\nctxt 0\nbtime ").Append(boot).Append("\nprocesses ").Append(count);
            s.Append("\nprocs_running ").Append(running).Append("\nprocs_blocked 0\n");
            return s.ToString();
        }

        public static string Version() =>
            "Linux version " + Syscalls.SystemInfoCalls.Release + " (tessera@tessera) (C# NativeAOT) #1 SMP Tessera " + Startup.KernelMain.Version + "\n";

        public static string FileSystems(VirtualFileSystem vfs)
        {
            var s = new StringBuilder();
            foreach (string name in vfs.FileSystemTypes.Names) s.Append("nodev\t").Append(name).Append('\n');
            return s.ToString();
        }

        // "source mountpoint type options 0 0" for every mount visible from the caller's root.
        public static string Mounts(VirtualFileSystem vfs, FsContext context)
        {
            var s = new StringBuilder();
            foreach (Mount m in vfs.Mounts.All)
            {
                if (m.Detached) continue;
                string path = m.Parent == null ? "/" : PathWalker.PathOf(context.Root, new PathLocation(m.Parent, m.MountPoint));
                // The initramfs root reads "none / rootfs" as on Linux 6 (its source is "none").
                string type = m.Parent == null ? "rootfs" : m.FileSystem.TypeName;
                string source = m.Parent == null ? "none" : type;
                s.Append(source).Append(' ').Append(path).Append(' ').Append(type).Append(" rw,relatime 0 0\n");
            }
            return s.ToString();
        }
    }
}
