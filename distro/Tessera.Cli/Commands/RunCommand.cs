using System;
using System.Collections.Generic;
using Tessera.Cli.Run;

namespace Tessera.Cli.Commands
{
    internal static class RunCommand
    {
        private const string Help = @"usage: ./tessera run [--firmware pvh|shim|uefi [--tpm]] [--smp N] [--memory MIB] [--accel tcg|kvm] [--timeout S] [--add DIR]... [-- CMD ARGS...]

Builds the kernel if needed and boots it in QEMU with the serial console on this terminal.
  --firmware F     pvh (default): QEMU loads the kernel itself (-kernel); shim: build
                   out/tessera.fd, the TD shim with kernel, command line and initramfs inside,
                   and boot it as the firmware (-bios); uefi: boot through Debian's OVMF, the
                   kernel, initramfs and command line as one UEFI application (out/tessera.efi)
                   on a FAT directory (docs/uefi-boot.md); TCG only
  --tpm            with --firmware uefi: a TPM 2.0 from swtpm, so the firmware's event log is at
                   /sys/kernel/security/tpm0/binary_bios_measurements
  --smp N          virtual CPUs (default 1)
  --memory MIB     guest memory in MiB (default 256)
  --accel tcg|kvm  QEMU accelerator (default tcg; KVM on these machines is unreliable)
  --timeout S      stop the guest after S seconds and exit with 124
  --add DIR        copy DIR's tree into the initramfs root (out/initramfs.cpio, which also
                   holds Debian's busybox-static with its applet links and a default /init)
  -- CMD ARGS...   run CMD as the first program; exit with its status

The exit status is the guest's: what the kernel (or CMD) exited with. Today the kernel boots,
prints its banner, reads the initramfs, and reports that user programs are not supported yet
(status 127).";

        public static int Run(string[] args)
        {
            var options = new QemuOptions { Interactive = !Console.IsOutputRedirected };
            var command = new List<string>();
            var added = new List<string>();
            bool uefi = false, tpm = false, shim = false;
            for (int i = 0; i < args.Length; i++)
            {
                string a = args[i];
                string Next() => i + 1 < args.Length ? args[++i] : throw new BuildException($"{a} needs a value");
                switch (a)
                {
                    case "-h": case "--help": Console.WriteLine(Help); return 0;
                    case "--firmware":
                        string firmware = Next();
                        if (firmware is not ("pvh" or "shim" or "uefi")) throw new BuildException("--firmware must be pvh, shim or uefi");
                        shim = firmware == "shim";
                        uefi = firmware == "uefi";
                        break;
                    case "--smp": options.Cpus = PositiveInt(a, Next()); break;
                    case "--memory": options.MemoryMiB = PositiveInt(a, Next()); break;
                    case "--accel":
                        options.Accelerator = Next();
                        if (options.Accelerator is not ("tcg" or "kvm")) throw new BuildException("--accel must be tcg or kvm");
                        break;
                    case "--timeout": options.TimeoutSeconds = PositiveInt(a, Next()); break;
                    case "--add":
                        string dir = Next();
                        if (!System.IO.Directory.Exists(dir)) throw new BuildException($"--add {dir}: no such directory");
                        added.Add(dir);
                        break;
                    case "--tpm": tpm = true; break;
                    case "--":
                        command.AddRange(args[(i + 1)..]);
                        i = args.Length;
                        break;
                    default: throw new BuildException($"unknown option '{a}' (see ./tessera run --help)");
                }
            }
            BuildCommand.EnsureBuilt(quiet: false);
            options.InitrdPath = Image.InitramfsBuilder.Build(added, initCommand: command);
            if (command.Count > 0) options.KernelArguments.Add("tessera.init=" + command[0]);
            if (shim)
            {
                Build.ShimBuilder.EnsureProgramBuilt(Console.WriteLine);
                options.FirmwarePath = Build.ShimBuilder.BuildImage(options.InitrdPath, string.Join(' ', options.KernelArguments));
            }
            // A timeout needs the output captured to stop cleanly; keep the terminal otherwise.
            if (options.TimeoutSeconds > 0) options.Interactive = false;
            if (tpm && !uefi) throw new BuildException("--tpm needs --firmware uefi");
            var outcome = uefi ? BootUefi(options, tpm) : QemuRunner.Boot(options, echo: true);
            if (outcome.TimedOut) Console.Error.WriteLine($"tessera: guest stopped after {options.TimeoutSeconds} s (timeout)");
            return outcome.GuestStatus;
        }

        private static QemuRunner.Outcome BootUefi(QemuOptions options, bool tpm)
        {
            if (options.Accelerator != "tcg") throw new BuildException("--firmware uefi boots under TCG only");
            string work = System.IO.Path.Combine(Repository.Obj, "uefi-run");
            System.IO.Directory.CreateDirectory(work);
            byte[] application = Image.Uefi.UefiApplicationBuilder.Build(System.IO.File.ReadAllBytes(Repository.KernelElf),
                System.IO.File.ReadAllBytes(options.InitrdPath!), string.Join(' ', options.KernelArguments));
            System.IO.File.WriteAllBytes(System.IO.Path.Combine(Repository.Out, "tessera.efi"), application);
            var medium = Tessera.Cli.Run.Uefi.UefiBootMedium.FatDirectory(System.IO.Path.Combine(work, "esp"), application);
            using Tessera.Cli.Run.Uefi.SoftwareTpm? softwareTpm = tpm ? Tessera.Cli.Run.Uefi.SoftwareTpm.Start(System.IO.Path.Combine(work, "swtpm")) : null;
            return QemuRunner.Boot(Tessera.Cli.Run.Uefi.OvmfMachine.Arguments(medium, work, options.MemoryMiB, options.Cpus, softwareTpm), options, echo: true);
        }

        internal static int PositiveInt(string option, string value)
        {
            if (!int.TryParse(value, out int n) || n <= 0) throw new BuildException($"{option} needs a positive number, not '{value}'");
            return n;
        }
    }
}
