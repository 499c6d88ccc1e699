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
            var plain = Boot(256);
            report.Check("boot: banner on the serial console", plain.Console.Contains("Tessera ") && plain.Console.Contains("a confidential-computing kernel in C#"), Tail(plain));
            report.Check("boot: says user programs are not supported yet and exits 127",
                plain.GuestStatus == 127 && plain.Console.Contains("user programs are not supported yet"), $"status {plain.GuestStatus}; " + Tail(plain));

            var small = Boot(64);
            report.Check("boot: 64 MiB of RAM is enough", small.Console.Contains("Tessera ") && small.GuestStatus == 127, $"status {small.GuestStatus}; " + Tail(small));

            var command = Boot(256, "tessera.init=/bin/sh");
            report.Check("boot: the requested first program is named in the refusal", command.Console.Contains("cannot start /bin/sh"), Tail(command));

            var thrown = Boot(256, "tessera.mode=selftest-throw");
            report.Check("panic: a throw stops the kernel with the exception's message",
                thrown.GuestStatus == PanicStatus && thrown.Console.Contains("KERNEL PANIC: unhandled exception: System.InvalidOperationException: selftest: a deliberate throw"),
                $"status {thrown.GuestStatus}; " + Tail(thrown));
            report.Check("panic: the backtrace names the throwing function",
                thrown.Console.Contains("Backtrace:") && thrown.Console.Contains("SelfTest__ThrowFromNamedFunction"), Tail(thrown));

            var nullRef = Boot(256, "tessera.mode=selftest-null");
            report.Check("trap: a null dereference is reported as a page fault with registers",
                nullRef.GuestStatus == PanicStatus && nullRef.Console.Contains("page fault (#PF)") && nullRef.Console.Contains("RIP ") && nullRef.Console.Contains("CR2"),
                $"status {nullRef.GuestStatus}; " + Tail(nullRef));
            report.Check("trap: the page fault backtrace is symbolized",
                nullRef.Console.Contains("SelfTest__DereferenceNull") && nullRef.Console.Contains("KernelMain__Run"), Tail(nullRef));

            var divide = Boot(256, "tessera.mode=selftest-divide");
            report.Check("trap: division by zero is reported",
                divide.GuestStatus == PanicStatus && (divide.Console.Contains("divide error (#DE)") || divide.Console.Contains("DivideByZeroException")),
                $"status {divide.GuestStatus}; " + Tail(divide));
        }

        private static QemuRunner.Outcome Boot(int memory, params string[] kernelArguments)
        {
            var options = new QemuOptions { MemoryMiB = memory, TimeoutSeconds = 120 };
            options.KernelArguments.AddRange(kernelArguments);
            return QemuRunner.Boot(options, echo: false);
        }

        private static string Tail(QemuRunner.Outcome o) => "console:\n" + Tool.Tail(o.Console, 25);
    }
}
