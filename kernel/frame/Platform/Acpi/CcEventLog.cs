using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Tessera.Frame.Boot;

namespace Tessera.Frame.Platform.Acpi
{
    // The confidential-computing event log the firmware left (ACPI 6.5 §5.2.34, "CC Event Log
    // ACPI Table", signature CCEL): +36 CC Type, +37 CC Subtype, +38 reserved (2), +40 Log Area
    // Minimum Length (LAML, 8), +48 Log Area Start Address (LASA, 8). Both the table and the log
    // area are copied at boot, so what the kernel later exposes (Linux's
    // /sys/firmware/acpi/tables/CCEL and .../data/CCEL) cannot change under it.
    //
    // The table and the addresses in it come from the host, so the log area is checked before it
    // is read: non-empty, at most MaxLogAreaBytes, not wrapping, and lying wholly in memory the
    // memory map marks as not usable (reserved, ACPI) and overlapping no usable RAM, so it can
    // never alias memory the kernel allocates.
    public sealed class CcEventLog
    {
        public const string Signature = "CCEL";
        public const int TableSize = 56;
        // TDVF reserves 64 KiB, td-shim 64 KiB to 1 MiB; a bound on what a hostile LAML can make us copy.
        public const ulong MaxLogAreaBytes = 16UL << 20;

        private CcEventLog(byte[] table, byte ccType, byte ccSubtype, ulong logAreaAddress, byte[] logArea)
        {
            Table = table;
            CcType = ccType;
            CcSubtype = ccSubtype;
            LogAreaAddress = logAreaAddress;
            LogArea = logArea;
        }

        // The whole ACPI table, as Linux's /sys/firmware/acpi/tables/CCEL gives it.
        public byte[] Table { get; }
        public byte CcType { get; }
        public byte CcSubtype { get; }
        public ulong LogAreaAddress { get; }
        // LAML bytes at LASA, as Linux's /sys/firmware/acpi/tables/data/CCEL gives them.
        public byte[] LogArea { get; }

        // Null when the table was found and is valid (result set); otherwise why not. `found`
        // says whether the directory lists a CCEL at all (no CCEL is normal outside a TD).
        public static string TryRead(IPhysicalMemory memory, AcpiTableDirectory directory, IReadOnlyList<MemoryRegion> memoryMap,
            out CcEventLog result, out bool found)
        {
            result = null;
            found = directory.TryFind(Signature, out AcpiTableLocation location);
            if (!found) return "no CCEL table";
            string error = AcpiTableDirectory.ReadTable(memory, location.Address, Signature, out ReadOnlySpan<byte> tableBytes, out AcpiTableHeader header);
            if (error != null) return error;
            if (header.Length < TableSize) return "CCEL table length " + header.Length.ToString() + " is shorter than " + TableSize.ToString();
            // Work on a copy, so the checked values are the used ones.
            byte[] table = tableBytes.Slice(0, (int)header.Length).ToArray();
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(table.AsSpan(40));
            ulong start = BinaryPrimitives.ReadUInt64LittleEndian(table.AsSpan(48));
            string area = "CCEL log area at 0x" + start.ToString("x") + " (" + length.ToString() + " bytes)";
            if (length == 0) return area + " is empty";
            if (length > MaxLogAreaBytes) return area + " is larger than " + MaxLogAreaBytes.ToString() + " bytes";
            if (start == 0 || start + length < start) return area + " is not a valid range";
            error = CheckReserved(start, start + length, memoryMap);
            if (error != null) return area + " " + error;
            if (!memory.TryRead(start, (int)length, out ReadOnlySpan<byte> log)) return area + " is not in mapped memory";
            result = new CcEventLog(table, table[36], table[37], start, log.ToArray());
            return null;
        }

        // [start, end) must overlap no usable region and be covered by non-usable ones.
        internal static string CheckReserved(ulong start, ulong end, IReadOnlyList<MemoryRegion> memoryMap)
        {
            foreach (MemoryRegion region in memoryMap)
            {
                if (region.Kind == MemoryRegionKind.Usable && region.Start < end && start < region.End)
                    return "overlaps usable RAM at 0x" + region.Start.ToString("x");
            }
            // Walk forward from start through reserved regions (in any order, possibly adjacent or
            // overlapping); each step advances `covered`, so the loop ends.
            ulong covered = start;
            bool advanced = true;
            while (covered < end && advanced)
            {
                advanced = false;
                foreach (MemoryRegion region in memoryMap)
                {
                    if (region.Kind != MemoryRegionKind.Usable && region.Start <= covered && covered < region.End)
                    {
                        covered = region.End;
                        advanced = true;
                    }
                }
            }
            if (covered < end) return "is not inside memory the memory map reserves (uncovered from 0x" + covered.ToString("x") + ")";
            return null;
        }
    }
}
