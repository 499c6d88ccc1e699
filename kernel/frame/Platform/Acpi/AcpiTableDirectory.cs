using System;
using System.Buffers.Binary;
using System.Collections.Generic;

namespace Tessera.Frame.Platform.Acpi
{
    // The tables the root table lists: the XSDT (ACPI 6.5 §5.2.8: header, then 8-byte
    // physical addresses, not necessarily aligned) or, for ACPI 1.0, the RSDT (§5.2.7: header,
    // then 4-byte addresses). Every listed table's header, length and checksum is checked; a
    // bad one is left out and described in Problems, so one broken table does not hide the rest.
    public sealed class AcpiTableDirectory
    {
        // Far more than any real machine lists (QEMU lists under 10); bounds the work a hostile
        // root table can cause.
        public const int MaxTables = 256;

        private readonly List<AcpiTableLocation> _tables;
        private readonly List<string> _problems;

        private AcpiTableDirectory(string rootSignature, List<AcpiTableLocation> tables, List<string> problems)
        {
            RootSignature = rootSignature;
            _tables = tables;
            _problems = problems;
        }

        public string RootSignature { get; }
        public IReadOnlyList<AcpiTableLocation> Tables => _tables;
        public IReadOnlyList<string> Problems => _problems;

        // Reads the root table the RSDP points at and every table it lists. Returns null on
        // success (even if some listed tables were bad: see Problems), else why the root failed.
        public static string TryRead(IPhysicalMemory memory, RootSystemDescriptionPointer rsdp, out AcpiTableDirectory directory)
        {
            directory = null;
            string rootSignature = rsdp.UsesXsdt ? "XSDT" : "RSDT";
            int entrySize = rsdp.UsesXsdt ? 8 : 4;
            string error = ReadTable(memory, rsdp.RootTableAddress, rootSignature, out ReadOnlySpan<byte> root, out _);
            if (error != null) return error;

            int entryBytes = root.Length - AcpiTableHeader.Size;
            if (entryBytes % entrySize != 0)
                return rootSignature + " length " + root.Length.ToString() + " is not its header plus whole " + entrySize.ToString() + "-byte entries";
            int count = entryBytes / entrySize;
            if (count > MaxTables) return rootSignature + " lists " + count.ToString() + " tables, more than the " + MaxTables.ToString() + " we accept";

            var tables = new List<AcpiTableLocation>();
            var problems = new List<string>();
            for (int i = 0; i < count; i++)
            {
                ReadOnlySpan<byte> entry = root.Slice(AcpiTableHeader.Size + i * entrySize, entrySize);
                ulong address = entrySize == 8 ? BinaryPrimitives.ReadUInt64LittleEndian(entry) : BinaryPrimitives.ReadUInt32LittleEndian(entry);
                string tableError = ReadTable(memory, address, null, out _, out AcpiTableHeader header);
                if (tableError != null)
                    problems.Add(rootSignature + " entry " + i.ToString() + ": " + tableError);
                else
                    tables.Add(new AcpiTableLocation(header.Signature, address, header.Length));
            }
            directory = new AcpiTableDirectory(rootSignature, tables, problems);
            return null;
        }

        // The first valid table with this signature, if any.
        public bool TryFind(string signature, out AcpiTableLocation location)
        {
            foreach (AcpiTableLocation table in _tables)
            {
                if (table.Signature == signature)
                {
                    location = table;
                    return true;
                }
            }
            location = default;
            return false;
        }

        // Reads a whole table (header first, to learn its length) and validates it.
        public static string ReadTable(IPhysicalMemory memory, ulong address, string expectedSignature, out ReadOnlySpan<byte> table, out AcpiTableHeader header)
        {
            table = default;
            header = default;
            string at = " at 0x" + address.ToString("x");
            if (!memory.TryRead(address, AcpiTableHeader.Size, out ReadOnlySpan<byte> headerBytes))
                return "ACPI table" + at + " is not in readable memory";
            string error = AcpiTableHeader.TryParse(headerBytes, out header);
            if (error != null) return error + at;
            if (!memory.TryRead(address, (int)header.Length, out table))
                return "ACPI table " + header.Signature + at + " (" + header.Length.ToString() + " bytes) is not in readable memory";
            error = AcpiTableHeader.Validate(table, expectedSignature, out header);
            if (error != null)
            {
                table = default;
                return error + at;
            }
            return null;
        }
    }
}
