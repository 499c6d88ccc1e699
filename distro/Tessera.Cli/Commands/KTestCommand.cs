using System;
using Tessera.Cli.Run;

namespace Tessera.Cli.Commands
{
    internal static class KTestCommand
    {
        private const string Help = @"usage: ./tessera ktest [--smp N] [--memory MIB] [--filter TEXT] [--timeout S] [--xapic]

Boots the kernel in test mode (tessera.mode=ktest): every method marked [KTest] in the kernel
runs inside the booted kernel and reports PASS or FAIL on the serial console. Exits 0 only
when all pass. --xapic keeps the local APICs in xAPIC (MMIO) mode although the CPU offers
x2APIC (kernel option tessera.apic=xapic), to test that path.";

        public static int Run(string[] args)
        {
            var options = new QemuOptions { TimeoutSeconds = 300 };
            string? filter = null;
            for (int i = 0; i < args.Length; i++)
            {
                string a = args[i];
                string Next() => i + 1 < args.Length ? args[++i] : throw new BuildException($"{a} needs a value");
                switch (a)
                {
                    case "-h": case "--help": Console.WriteLine(Help); return 0;
                    case "--smp": options.Cpus = RunCommand.PositiveInt(a, Next()); break;
                    case "--memory": options.MemoryMiB = RunCommand.PositiveInt(a, Next()); break;
                    case "--timeout": options.TimeoutSeconds = RunCommand.PositiveInt(a, Next()); break;
                    case "--filter": filter = Next(); break;
                    case "--xapic": options.KernelArguments.Add("tessera.apic=xapic"); break;
                    default: throw new BuildException($"unknown option '{a}' (see ./tessera ktest --help)");
                }
            }
            BuildCommand.EnsureBuilt(quiet: false);
            return RunKTests(options, filter, echo: true).GuestStatus;
        }

        internal static QemuRunner.Outcome RunKTests(QemuOptions options, string? filter, bool echo)
        {
            options.KernelArguments.Add("tessera.mode=ktest");
            // Lets the in-kernel tests check what the platform reports against what QEMU was given.
            options.KernelArguments.Add("tessera.expect.cpus=" + options.Cpus.ToString());
            if (filter != null) options.KernelArguments.Add("tessera.ktest.filter=" + filter);
            return QemuRunner.Boot(options, echo);
        }
    }
}
