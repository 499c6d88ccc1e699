using System;
using System.Buffers.Binary;
using System.IO;
using System.Text;
using Tessera.Cli.Run;

namespace Tessera.Cli.Testing
{
    // The kernel's CCEL files (/sys/firmware/acpi/tables/CCEL and .../data/CCEL), before the TD
    // shim exists: QEMU adds a CCEL table of ours (-acpitable) whose log area is the reserved
    // BIOS area at 0xF0000, so the kernel must find it, check it against the memory map and
    // expose both, 0400; a log area in usable RAM must be refused and expose nothing.
    internal static class CcelBootTests
    {
        private const string Script =
            "mount -t sysfs sysfs /sys; cd /sys/firmware/acpi/tables || exit 3; " +
            "echo mode $(stat -c %a CCEL) $(stat -c %a data/CCEL) size $(stat -c %s CCEL) $(stat -c %s data/CCEL); echo table $(od -A n -t x1 -v CCEL); echo log $(wc -c < data/CCEL)";

        public static void Run(TestReport report)
        {
            var good = Boot(0xF0000, 0x1000);
            string expected = "table " + string.Join(' ', Array.ConvertAll(Table(0xF0000, 0x1000), b => b.ToString("x2")));
            report.Check("ccel: the kernel exposes a valid CCEL table and its log area in /sys/firmware/acpi/tables, 0400",
                good.GuestStatus == 0 && good.Console.Contains("mode 400 400 size 56 4096") && good.Console.Contains(expected) && good.Console.Contains("log 4096")
                && good.Console.Contains("acpi: CCEL: event log of 4096 bytes at 0xf0000"),
                $"status {good.GuestStatus}; console:\n{Tool.Tail(good.Console, 15)}");

            var bad = Boot(0x200000, 0x1000);
            report.Check("ccel: a CCEL whose log area is usable RAM is refused, and no CCEL files appear",
                bad.GuestStatus == 3 && bad.Console.Contains("acpi: CCEL ignored: CCEL log area at 0x200000 (4096 bytes) overlaps usable RAM"),
                $"status {bad.GuestStatus}; console:\n{Tool.Tail(bad.Console, 15)}");
        }

        private static QemuRunner.Outcome Boot(ulong lasa, ulong laml)
        {
            string table = Path.Combine(Repository.Obj, "ccel-test.bin");
            Directory.CreateDirectory(Repository.Obj);
            File.WriteAllBytes(table, Table(lasa, laml));
            string[] command = { "/bin/sh", "-c", Script };
            string initrd = Image.InitramfsBuilder.Build(Array.Empty<string>(), Path.Combine(Repository.Obj, "initramfs-ccel.cpio"), command);
            var options = new QemuOptions { MemoryMiB = 256, TimeoutSeconds = 120, InitrdPath = initrd };
            options.KernelArguments.Add("tessera.init=/bin/sh");
            options.ExtraArguments.AddRange(new[] { "-acpitable", "file=" + table });
            return QemuRunner.Boot(options, echo: false);
        }

        // A CCEL table (ACPI 6.5 §5.2.34): header, CC type 2 (TDX), subtype 0, LAML, LASA.
        private static byte[] Table(ulong lasa, ulong laml)
        {
            var t = new byte[56];
            Encoding.ASCII.GetBytes("CCEL").CopyTo(t, 0);
            BinaryPrimitives.WriteUInt32LittleEndian(t.AsSpan(4), 56);
            t[8] = 1;
            Encoding.ASCII.GetBytes("TESSERTESTCCEL").CopyTo(t, 10);
            t[36] = 2;
            BinaryPrimitives.WriteUInt64LittleEndian(t.AsSpan(40), laml);
            BinaryPrimitives.WriteUInt64LittleEndian(t.AsSpan(48), lasa);
            byte sum = 0;
            foreach (byte b in t) sum += b;
            t[9] = (byte)(0 - sum);
            return t;
        }
    }
}
