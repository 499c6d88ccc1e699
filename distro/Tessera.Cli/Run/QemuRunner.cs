using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;

namespace Tessera.Cli.Run
{
    // Boots out/kernel.elf in QEMU through the PVH ELF note (-kernel), or a firmware image with the
    // kernel inside (-bios out/tessera.fd, the TD shim), serial console on
    // stdio. The guest leaves through isa-debug-exit: writing v to port 0xF4 makes QEMU exit
    // with (v << 1) | 1, which we turn back into v. Timeout gives 124, like timeout(1).
    internal static class QemuRunner
    {
        public const int TimeoutStatus = 124;

        public sealed record Outcome(int GuestStatus, string Console, bool TimedOut);

        // The machine every boot path uses (PVH kernel, shim firmware, OVMF): q35, the serial
        // console on stdio, isa-debug-exit, no display, monitor or default devices, no reboot.
        public static List<string> MachineArguments(string accelerator, int memoryMiB, int cpus) => new List<string>
        {
            "-machine", "q35", "-cpu", "max", "-accel", accelerator,
            "-m", memoryMiB.ToString(), "-smp", cpus.ToString(),
            "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
            // signal=off: ^C, ^Z and ^\ typed on a terminal go to the guest's foreground
            // programs (its own terminal driver), not to QEMU.
            "-display", "none", "-monitor", "none",
            "-chardev", "stdio,id=console,signal=off", "-serial", "chardev:console",
            "-no-reboot", "-nodefaults",
        };

        public static List<string> Arguments(QemuOptions o)
        {
            List<string> args = MachineArguments(o.Accelerator, o.MemoryMiB, o.Cpus);
            args.AddRange(o.ExtraArguments);
            if (o.FirmwarePath != null)
            {
                // The firmware carries the kernel, its command line and the initramfs.
                args.AddRange(new[] { "-bios", o.FirmwarePath });
                return args;
            }
            args.AddRange(new[] { "-kernel", o.KernelPath ?? Repository.KernelElf, "-append", string.Join(' ', o.KernelArguments) });
            if (o.InitrdPath != null) { args.Add("-initrd"); args.Add(o.InitrdPath); }
            return args;
        }

        // onLine sees each console line as it arrives (e.g. to time it on the host).
        public static Outcome Boot(QemuOptions options, bool echo, Action<string>? onLine = null) =>
            Boot(Arguments(options), options, echo, onLine);

        // Boots with the given QEMU arguments (another boot path, e.g. firmware from a disk);
        // options give only the timeout and whether the terminal is attached.
        public static Outcome Boot(IReadOnlyList<string> arguments, QemuOptions options, bool echo, Action<string>? onLine = null)
        {
            var info = new ProcessStartInfo("qemu-system-x86_64")
            {
                RedirectStandardOutput = !options.Interactive,
                RedirectStandardError = !options.Interactive,
                RedirectStandardInput = false,
                UseShellExecute = false,
            };
            foreach (string a in arguments) info.ArgumentList.Add(a);
            var console = new StringBuilder();
            using var process = new Process { StartInfo = info };
            if (!options.Interactive)
            {
                process.OutputDataReceived += (_, e) =>
                {
                    if (e.Data == null) return;
                    lock (console) console.AppendLine(e.Data.TrimEnd('\r'));
                    onLine?.Invoke(e.Data);
                    if (echo) Console.WriteLine(e.Data.TrimEnd('\r'));
                };
                process.ErrorDataReceived += (_, e) =>
                {
                    if (e.Data == null) return;
                    lock (console) console.AppendLine(e.Data);
                    if (echo) Console.Error.WriteLine(e.Data);
                };
            }
            try
            {
                process.Start();
            }
            catch (System.ComponentModel.Win32Exception)
            {
                throw new BuildException("qemu-system-x86_64 is not installed (Debian package qemu-system-x86; './tessera test' installs it as root)");
            }
            if (!options.Interactive)
            {
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
            }
            bool exited = options.TimeoutSeconds > 0 ? process.WaitForExit(options.TimeoutSeconds * 1000) : WaitForever(process);
            if (!exited)
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                process.WaitForExit();
                return new Outcome(TimeoutStatus, Text(console), true);
            }
            process.WaitForExit();
            int code = process.ExitCode;
            // Odd codes come from isa-debug-exit; anything else is QEMU's own status.
            int status = (code & 1) == 1 ? code >> 1 : code;
            return new Outcome(status, Text(console), false);
        }

        private static bool WaitForever(Process p) { p.WaitForExit(); return true; }

        private static string Text(StringBuilder sb) { lock (sb) return sb.ToString(); }
    }
}
