using System;
using Tessera.Cli.Run;

namespace Tessera.Cli.Testing
{
    // Boots the real kernel image under QEMU and checks what a user would see on the console.
    internal static class BootTests
    {
        private const int PanicStatus = 70;

        public static void Run(TestReport report)
        {
            string marker = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tessera-add-" + System.Guid.NewGuid().ToString("N"));
            System.IO.Directory.CreateDirectory(System.IO.Path.Combine(marker, "opt"));
            System.IO.File.WriteAllText(System.IO.Path.Combine(marker, "opt", "marker"), "added by --add\n");
            string Obj(string name) => System.IO.Path.Combine(Repository.Obj, name);
            string withAdded = Image.InitramfsBuilder.Build(new[] { marker }, Obj("initramfs-added.cpio"));
            string initrd = Image.InitramfsBuilder.Build(System.Array.Empty<string>(), Obj("initramfs-1.cpio"));
            string again = Image.InitramfsBuilder.Build(System.Array.Empty<string>(), Obj("initramfs-2.cpio"));
            report.Check("image: two builds of the initramfs are byte-identical", Same(initrd, again), "two builds differ");
            report.Check("image: --add changes the initramfs", !Same(initrd, withAdded), "the added tree is missing");

            var plain = Boot(256, initrd, "tessera.init=/bin/busybox");
            report.Check("boot: banner on the serial console", plain.Console.Contains("Tessera ") && plain.Console.Contains("a confidential-computing kernel in C#"), Tail(plain));

            var echo = BootCommand(256, new[] { "/bin/busybox", "echo", "hello from user mode" });
            report.Check("user: busybox runs and its output reaches the console", echo.GuestStatus == 0 && echo.Console.Contains("hello from user mode"), $"status {echo.GuestStatus}; " + Tail(echo));

            var small = BootCommand(64, new[] { "/bin/busybox", "true" });
            report.Check("boot: 64 MiB of RAM is enough to run a program", small.Console.Contains("Tessera ") && small.GuestStatus == 0, $"status {small.GuestStatus}; " + Tail(small));

            var status = BootCommand(256, new[] { "/bin/sh", "-c", "/bin/busybox echo child; exit 42" });
            report.Check("user: the shell forks, execs, waits, and init's exit status is the guest's",
                status.GuestStatus == 42 && status.Console.Contains("child"), $"status {status.GuestStatus}; " + Tail(status));

            var missing = Boot(256, initrd, "tessera.init=/opt/marker");
            report.Check("boot: a first program missing from the initramfs is reported",
                missing.GuestStatus == 127 && missing.Console.Contains("cannot start /opt/marker: ENOENT"), Tail(missing));

            var addedBoot = Boot(256, withAdded, "tessera.init=/opt/marker");
            report.Check("boot: --add puts a directory tree into the initramfs (a non-executable file is refused)",
                addedBoot.GuestStatus == 127 && addedBoot.Console.Contains("cannot start /opt/marker: EACCES"), Tail(addedBoot));
            System.IO.Directory.Delete(marker, recursive: true);

            var thrown = Boot(256, null, "tessera.mode=selftest-throw");
            report.Check("panic: a throw stops the kernel with the exception's message",
                thrown.GuestStatus == PanicStatus && thrown.Console.Contains("KERNEL PANIC: unhandled exception: System.InvalidOperationException: selftest: a deliberate throw"),
                $"status {thrown.GuestStatus}; " + Tail(thrown));
            report.Check("panic: the backtrace names the throwing function",
                thrown.Console.Contains("Backtrace:") && thrown.Console.Contains("SelfTest__ThrowFromNamedFunction"), Tail(thrown));

            var nullRef = Boot(256, null, "tessera.mode=selftest-null");
            report.Check("trap: a null dereference is reported as a page fault with registers",
                nullRef.GuestStatus == PanicStatus && nullRef.Console.Contains("page fault (#PF)") && nullRef.Console.Contains("RIP ") && nullRef.Console.Contains("CR2"),
                $"status {nullRef.GuestStatus}; " + Tail(nullRef));
            report.Check("trap: the page fault backtrace is symbolized",
                nullRef.Console.Contains("SelfTest__DereferenceNull") && nullRef.Console.Contains("KernelMain__Run"), Tail(nullRef));

            var divide = Boot(256, null, "tessera.mode=selftest-divide");
            report.Check("trap: division by zero is reported",
                divide.GuestStatus == PanicStatus && (divide.Console.Contains("divide error (#DE)") || divide.Console.Contains("DivideByZeroException")),
                $"status {divide.GuestStatus}; " + Tail(divide));
        }

        private static bool Same(string a, string b) => System.IO.File.ReadAllBytes(a).AsSpan().SequenceEqual(System.IO.File.ReadAllBytes(b));

        private static QemuRunner.Outcome Boot(int memory, string? initrd, params string[] kernelArguments) => Boot(memory, 1, 120, initrd, kernelArguments);

        private static QemuRunner.Outcome Boot(int memory, int cpus, int timeoutSeconds, string? initrd, params string[] kernelArguments)
        {
            var options = new QemuOptions { MemoryMiB = memory, Cpus = cpus, TimeoutSeconds = timeoutSeconds, InitrdPath = initrd };
            options.KernelArguments.AddRange(kernelArguments);
            return QemuRunner.Boot(options, echo: false);
        }

        // Boots with an initramfs whose first program is the given command line (as `./tessera run -- CMD`).
        internal static QemuRunner.Outcome BootCommand(int memory, string[] command, params string[] addedDirectories) =>
            BootCommand(memory, command, 1, 120, addedDirectories);

        internal static QemuRunner.Outcome BootCommand(int memory, string[] command, int cpus, int timeoutSeconds, params string[] addedDirectories)
        {
            string initrd = Image.InitramfsBuilder.Build(addedDirectories, System.IO.Path.Combine(Repository.Obj, "initramfs-command.cpio"), command);
            return Boot(memory, cpus, timeoutSeconds, initrd, "tessera.init=" + command[0]);
        }

        private static string Tail(QemuRunner.Outcome o) => "console:\n" + Tool.Tail(o.Console, 25);
    }
}
