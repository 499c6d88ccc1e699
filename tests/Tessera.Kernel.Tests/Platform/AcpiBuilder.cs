using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;

namespace Tessera.Kernel.Tests.Platform
{
    // Builds ACPI structures byte by byte, with correct checksums unless a test breaks them.
    internal static class AcpiBuilder
    {
        public static byte[] Table(string signature, byte[] body, byte revision = 1)
        {
            var table = new byte[36 + body.Length];
            Encoding.ASCII.GetBytes(signature).CopyTo(table, 0);
            BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(4), (uint)table.Length);
            table[8] = revision;
            Encoding.ASCII.GetBytes("TESSER").CopyTo(table, 10);
            Encoding.ASCII.GetBytes("TESTTABL").CopyTo(table, 16);
            body.CopyTo(table, 36);
            FixChecksum(table, 9, table.Length);
            return table;
        }

        // Sets table[checksumOffset] so bytes [0, length) sum to zero.
        public static void FixChecksum(byte[] bytes, int checksumOffset, int length)
        {
            bytes[checksumOffset] = 0;
            byte sum = 0;
            for (int i = 0; i < length; i++) sum += bytes[i];
            bytes[checksumOffset] = (byte)(0 - sum);
        }

        public static byte[] Rsdp(byte revision, uint rsdt, ulong xsdt)
        {
            var rsdp = new byte[revision >= 2 ? 36 : 20];
            Encoding.ASCII.GetBytes("RSD PTR ").CopyTo(rsdp, 0);
            Encoding.ASCII.GetBytes("TESSER").CopyTo(rsdp, 9);
            rsdp[15] = revision;
            BinaryPrimitives.WriteUInt32LittleEndian(rsdp.AsSpan(16), rsdt);
            if (revision >= 2)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(rsdp.AsSpan(20), 36);
                BinaryPrimitives.WriteUInt64LittleEndian(rsdp.AsSpan(24), xsdt);
            }
            FixChecksum(rsdp, 8, 20);
            // The extended checksum covers the first one, so it comes last.
            if (revision >= 2) FixChecksum(rsdp, 32, 36);
            return rsdp;
        }

        public static byte[] Xsdt(params ulong[] addresses)
        {
            var body = new byte[addresses.Length * 8];
            for (int i = 0; i < addresses.Length; i++) BinaryPrimitives.WriteUInt64LittleEndian(body.AsSpan(i * 8), addresses[i]);
            return Table("XSDT", body);
        }

        public static byte[] Rsdt(params uint[] addresses)
        {
            var body = new byte[addresses.Length * 4];
            for (int i = 0; i < addresses.Length; i++) BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(i * 4), addresses[i]);
            return Table("RSDT", body);
        }

        public static byte[] Madt(uint localApicAddress, uint flags, params byte[][] entries)
        {
            var body = new List<byte>();
            var fixedFields = new byte[8];
            BinaryPrimitives.WriteUInt32LittleEndian(fixedFields, localApicAddress);
            BinaryPrimitives.WriteUInt32LittleEndian(fixedFields.AsSpan(4), flags);
            body.AddRange(fixedFields);
            foreach (byte[] entry in entries) body.AddRange(entry);
            return Table("APIC", body.ToArray(), revision: 5);
        }

        public static byte[] LocalApic(byte uid, byte apicId, uint flags) => Entry(0, 8, e =>
        {
            e[2] = uid; e[3] = apicId; BinaryPrimitives.WriteUInt32LittleEndian(e.AsSpan(4), flags);
        });

        public static byte[] IoApic(byte id, uint address, uint gsiBase) => Entry(1, 12, e =>
        {
            e[2] = id; BinaryPrimitives.WriteUInt32LittleEndian(e.AsSpan(4), address); BinaryPrimitives.WriteUInt32LittleEndian(e.AsSpan(8), gsiBase);
        });

        public static byte[] SourceOverride(byte irq, uint gsi, ushort flags) => Entry(2, 10, e =>
        {
            e[3] = irq; BinaryPrimitives.WriteUInt32LittleEndian(e.AsSpan(4), gsi); BinaryPrimitives.WriteUInt16LittleEndian(e.AsSpan(8), flags);
        });

        public static byte[] NmiSource(ushort flags, uint gsi) => Entry(3, 8, e =>
        {
            BinaryPrimitives.WriteUInt16LittleEndian(e.AsSpan(2), flags); BinaryPrimitives.WriteUInt32LittleEndian(e.AsSpan(4), gsi);
        });

        public static byte[] LocalApicNmi(byte uid, ushort flags, byte lint) => Entry(4, 6, e =>
        {
            e[2] = uid; BinaryPrimitives.WriteUInt16LittleEndian(e.AsSpan(3), flags); e[5] = lint;
        });

        public static byte[] AddressOverride(ulong address) => Entry(5, 12, e => BinaryPrimitives.WriteUInt64LittleEndian(e.AsSpan(4), address));

        public static byte[] LocalX2Apic(uint apicId, uint flags, uint uid) => Entry(9, 16, e =>
        {
            BinaryPrimitives.WriteUInt32LittleEndian(e.AsSpan(4), apicId); BinaryPrimitives.WriteUInt32LittleEndian(e.AsSpan(8), flags);
            BinaryPrimitives.WriteUInt32LittleEndian(e.AsSpan(12), uid);
        });

        public static byte[] LocalX2ApicNmi(ushort flags, uint uid, byte lint) => Entry(0xA, 12, e =>
        {
            BinaryPrimitives.WriteUInt16LittleEndian(e.AsSpan(2), flags); BinaryPrimitives.WriteUInt32LittleEndian(e.AsSpan(4), uid); e[8] = lint;
        });

        public static byte[] Entry(byte type, int length, Action<byte[]> fill)
        {
            var e = new byte[length];
            e[0] = type;
            e[1] = (byte)length;
            fill(e);
            return e;
        }
    }
}
