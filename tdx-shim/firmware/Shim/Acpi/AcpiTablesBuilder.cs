using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Tessera.MeasuredBoot.Binary;
using Tessera.MeasuredBoot.EventLog;

namespace Tessera.TdShim.Acpi
{
    // The ACPI tables the shim publishes for the kernel (ACPI 6.5 chapter 5), laid out in one block at a known
    // physical address: RSDP (revision 2, XSDT only), XSDT, MADT, CCEL. No FADT: the kernel reads it only for
    // the RTC century and "no CMOS RTC", and assumes a present RTC and 20xx without it; its clocks use the PIT.
    public static class AcpiTablesBuilder
    {
        public const string OemId = "TESSRA";
        public const string OemTableId = "TSRASHIM";
        public const int MaximumCpus = 255;                      // xAPIC IDs in MADT type-0 entries
        public const uint LocalApicAddress = 0xFEE00000;
        public const uint IoApicAddress = 0xFEC00000;
        private const int HeaderSize = 36;
        private const int RsdpSize = 36;

        /// <summary>The tables for <paramref name="cpuCount"/> CPUs (APIC IDs 0..n-1) and the given CCEL, to be placed at <paramref name="address"/>.</summary>
        public static byte[] Build(ulong address, int cpuCount, byte[] ccel)
        {
            var madt = Madt(cpuCount);
            int xsdtOffset = 64;
            int xsdtSize = HeaderSize + 2 * 8;
            int madtOffset = Align16(xsdtOffset + xsdtSize);
            int ccelOffset = Align16(madtOffset + madt.Length);
            byte[] block = new byte[ccelOffset + ccel.Length];
            Span<byte> b = block;

            Span<byte> xsdt = b.Slice(xsdtOffset, xsdtSize);
            BinaryPrimitives.WriteUInt64LittleEndian(xsdt.Slice(HeaderSize), address + (ulong)madtOffset);
            BinaryPrimitives.WriteUInt64LittleEndian(xsdt.Slice(HeaderSize + 8), address + (ulong)ccelOffset);
            WriteHeader(xsdt, "XSDT", 1);
            new ReadOnlySpan<byte>(madt).CopyTo(b.Slice(madtOffset));
            new ReadOnlySpan<byte>(ccel).CopyTo(b.Slice(ccelOffset));

            // RSDP (section 5.2.5.3): signature, checksum over the first 20 bytes, OEM ID, revision 2, RSDT 0,
            // length 36, XSDT address, extended checksum over all 36 bytes.
            Span<byte> rsdp = b.Slice(0, RsdpSize);
            WriteAscii(rsdp, "RSD PTR ");
            WriteAscii(rsdp.Slice(9, 6), OemId);
            rsdp[15] = 2;
            BinaryPrimitives.WriteUInt32LittleEndian(rsdp.Slice(20), RsdpSize);
            BinaryPrimitives.WriteUInt64LittleEndian(rsdp.Slice(24), address + (ulong)xsdtOffset);
            rsdp[8] = Checksum(rsdp.Slice(0, 20));
            rsdp[32] = Checksum(rsdp);
            return block;
        }

        // MADT (section 5.2.12): local APIC address, PCAT_COMPAT; a processor local APIC per CPU, the I/O APIC,
        // the PC interrupt source overrides QEMU's q35 has (IRQ 0 -> GSI 2; SCI IRQ 9 level, active high), and
        // the local APIC NMI on LINT1 for all processors.
        private static byte[] Madt(int cpuCount)
        {
            var entries = new List<byte>();
            for (int cpu = 0; cpu < cpuCount; cpu++)
            {
                entries.Add(0); entries.Add(8); entries.Add((byte)cpu); entries.Add((byte)cpu);
                AddUInt32(entries, 1);                             // enabled
            }
            entries.Add(1); entries.Add(12); entries.Add(0); entries.Add(0);
            AddUInt32(entries, IoApicAddress);
            AddUInt32(entries, 0);                                 // GSI base
            AddOverride(entries, 0, 2, 0);
            AddOverride(entries, 9, 9, 0x000D);                    // level-triggered, active high
            entries.Add(4); entries.Add(6); entries.Add(0xFF); entries.Add(0); entries.Add(0); entries.Add(1);
            byte[] table = new byte[HeaderSize + 8 + entries.Count];
            Span<byte> t = table;
            BinaryPrimitives.WriteUInt32LittleEndian(t.Slice(HeaderSize), LocalApicAddress);
            BinaryPrimitives.WriteUInt32LittleEndian(t.Slice(HeaderSize + 4), 1);   // PCAT_COMPAT
            for (int i = 0; i < entries.Count; i++) table[HeaderSize + 8 + i] = entries[i];
            WriteHeader(t, "APIC", 5);
            return table;
        }

        private static void AddOverride(List<byte> entries, byte irq, uint gsi, ushort flags)
        {
            entries.Add(2); entries.Add(10); entries.Add(0); entries.Add(irq);
            AddUInt32(entries, gsi);
            entries.Add((byte)flags); entries.Add((byte)(flags >> 8));
        }

        private static void AddUInt32(List<byte> entries, uint value)
        {
            for (int i = 0; i < 4; i++) entries.Add((byte)(value >> (8 * i)));
        }

        // The standard header (section 5.2.6) over the whole of `table`, checksum last.
        private static void WriteHeader(Span<byte> table, string signature, byte revision)
        {
            WriteAscii(table, signature);
            BinaryPrimitives.WriteUInt32LittleEndian(table.Slice(4), (uint)table.Length);
            table[8] = revision;
            WriteAscii(table.Slice(10, 6), OemId);
            WriteAscii(table.Slice(16, 8), OemTableId);
            BinaryPrimitives.WriteUInt32LittleEndian(table.Slice(24), 1);
            WriteAscii(table.Slice(28, 4), "TSRA");
            BinaryPrimitives.WriteUInt32LittleEndian(table.Slice(32), 1);
            table[9] = 0;
            table[9] = Checksum(table);
        }

        /// <summary>The byte that makes <paramref name="bytes"/> (with it at zero) sum to zero.</summary>
        private static byte Checksum(ReadOnlySpan<byte> bytes)
        {
            return unchecked((byte)(0 - ByteSpans.Sum(bytes)));
        }

        private static void WriteAscii(Span<byte> target, string text)
        {
            for (int i = 0; i < text.Length && i < target.Length; i++) target[i] = (byte)text[i];
        }

        private static int Align16(int value) => (value + 15) & ~15;

        /// <summary>The CCEL for a TDX log area (CC type 2, subtype 0).</summary>
        public static byte[] TdxCcel(ulong logAreaLength, ulong logAreaAddress) =>
            CcelTableBuilder.Build(CcelTable.CcTypeTdx, 0, logAreaLength, logAreaAddress, OemId, OemTableId);
    }
}
