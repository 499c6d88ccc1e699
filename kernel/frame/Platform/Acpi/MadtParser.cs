using System;
using System.Buffers.Binary;
using System.Collections.Generic;

namespace Tessera.Frame.Platform.Acpi
{
    // Parses the MADT (ACPI 6.5 §5.2.12, "Multiple APIC Description Table (MADT) Format"):
    // the common header (signature "APIC"), +36 Local Interrupt Controller Address (4),
    // +40 Flags (4), then variable-length entries from +44, each starting with a type byte and
    // a length byte that counts the whole entry. Entries may be longer than the size we know
    // (later revisions append fields) but never shorter; unknown types are skipped.
    public static class MadtParser
    {
        public const string Signature = "APIC";
        public const int EntriesOffset = 44;
        // Bounds the model a hostile table can make us build (x2APIC allows 2^32 ids, but no
        // machine we run on has more than a few thousand CPUs).
        public const int MaxProcessors = 8192;
        public const int MaxOtherEntries = 1024;

        private const byte TypeLocalApic = 0;
        private const byte TypeIoApic = 1;
        private const byte TypeInterruptSourceOverride = 2;
        private const byte TypeNmiSource = 3;
        private const byte TypeLocalApicNmi = 4;
        private const byte TypeLocalApicAddressOverride = 5;
        private const byte TypeLocalX2Apic = 9;
        private const byte TypeLocalX2ApicNmi = 0xA;

        private const uint FlagEnabled = 1;
        private const uint FlagOnlineCapable = 2;

        // Parses a whole MADT (header included). Returns null on success, else the reason.
        public static string TryParse(ReadOnlySpan<byte> table, out Madt madt)
        {
            madt = null;
            string error = AcpiTableHeader.Validate(table, Signature, out AcpiTableHeader header);
            if (error != null) return error;
            if (header.Length < EntriesOffset) return "MADT length " + header.Length.ToString() + " is too short for its fixed fields";
            table = table.Slice(0, (int)header.Length);

            ulong localApicAddress = BinaryPrimitives.ReadUInt32LittleEndian(table.Slice(36));
            bool hasLegacyPics = (BinaryPrimitives.ReadUInt32LittleEndian(table.Slice(40)) & 1) != 0;
            bool addressOverridden = false;
            var processors = new List<MadtProcessor>();
            var ioApics = new List<MadtIoApic>();
            var overrides = new List<MadtInterruptSourceOverride>();
            var nmiSources = new List<MadtNmiSource>();
            var localApicNmis = new List<MadtLocalApicNmi>();
            var enabledApicIds = new Dictionary<uint, bool>();
            int otherEntries = 0;

            int offset = EntriesOffset;
            while (offset < table.Length)
            {
                string at = "MADT entry at offset " + offset.ToString();
                if (table.Length - offset < 2) return at + " is truncated (no room for its type and length)";
                byte type = table[offset];
                int length = table[offset + 1];
                // A length below 2 would never advance: reject it rather than loop.
                if (length < 2) return at + " (type " + type.ToString() + ") has length " + length.ToString();
                if (length > table.Length - offset) return at + " (type " + type.ToString() + ") has length " + length.ToString() + ", past the end of the table";
                ReadOnlySpan<byte> entry = table.Slice(offset, length);
                offset += length;

                int minimum = MinimumLength(type);
                if (minimum == 0) continue;     // a type we do not use
                if (length < minimum) return at + " (type " + type.ToString() + ") has length " + length.ToString() + ", expected at least " + minimum.ToString();
                if (type != TypeLocalApic && type != TypeLocalX2Apic && ++otherEntries > MaxOtherEntries)
                    return "MADT has more than " + MaxOtherEntries.ToString() + " interrupt controller entries";

                switch (type)
                {
                    case TypeLocalApic:
                    case TypeLocalX2Apic:
                    {
                        bool x2 = type == TypeLocalX2Apic;
                        uint uid = x2 ? BinaryPrimitives.ReadUInt32LittleEndian(entry.Slice(12)) : entry[2];
                        uint apicId = x2 ? BinaryPrimitives.ReadUInt32LittleEndian(entry.Slice(4)) : entry[3];
                        uint flags = BinaryPrimitives.ReadUInt32LittleEndian(entry.Slice(x2 ? 8 : 4));
                        bool enabled = (flags & FlagEnabled) != 0;
                        if (processors.Count == MaxProcessors) return "MADT lists more than " + MaxProcessors.ToString() + " processors";
                        if (enabled && !enabledApicIds.TryAdd(apicId, true))
                            return at + ": APIC id " + apicId.ToString() + " is listed for two enabled processors";
                        processors.Add(new MadtProcessor(apicId, uid, enabled, (flags & FlagOnlineCapable) != 0, x2));
                        break;
                    }
                    case TypeIoApic:
                        ioApics.Add(new MadtIoApic(entry[2], BinaryPrimitives.ReadUInt32LittleEndian(entry.Slice(4)),
                            BinaryPrimitives.ReadUInt32LittleEndian(entry.Slice(8))));
                        break;
                    case TypeInterruptSourceOverride:
                        overrides.Add(new MadtInterruptSourceOverride(entry[2], entry[3], BinaryPrimitives.ReadUInt32LittleEndian(entry.Slice(4)),
                            new MpsInterruptFlags(BinaryPrimitives.ReadUInt16LittleEndian(entry.Slice(8)))));
                        break;
                    case TypeNmiSource:
                        nmiSources.Add(new MadtNmiSource(BinaryPrimitives.ReadUInt32LittleEndian(entry.Slice(4)),
                            new MpsInterruptFlags(BinaryPrimitives.ReadUInt16LittleEndian(entry.Slice(2)))));
                        break;
                    case TypeLocalApicNmi:
                        localApicNmis.Add(new MadtLocalApicNmi(entry[2], entry[2] == 0xFF, entry[5],
                            new MpsInterruptFlags(BinaryPrimitives.ReadUInt16LittleEndian(entry.Slice(3)))));
                        break;
                    case TypeLocalX2ApicNmi:
                    {
                        uint uid = BinaryPrimitives.ReadUInt32LittleEndian(entry.Slice(4));
                        localApicNmis.Add(new MadtLocalApicNmi(uid, uid == 0xFFFFFFFF, entry[8],
                            new MpsInterruptFlags(BinaryPrimitives.ReadUInt16LittleEndian(entry.Slice(2)))));
                        break;
                    }
                    case TypeLocalApicAddressOverride:
                        // ACPI 6.5 §5.2.12.8: at most one; it replaces the 32-bit field above.
                        if (addressOverridden) return at + ": a second local APIC address override";
                        addressOverridden = true;
                        localApicAddress = BinaryPrimitives.ReadUInt64LittleEndian(entry.Slice(4));
                        break;
                }
            }

            if (localApicAddress == 0) return "MADT gives no local APIC address";
            // We are running on at least one processor, so a table without one is wrong.
            if (enabledApicIds.Count == 0) return "MADT lists no enabled processor";
            madt = new Madt(localApicAddress, hasLegacyPics, processors, ioApics, overrides, nmiSources, localApicNmis);
            return null;
        }

        // The size each entry type has in ACPI 6.5, or 0 for types this parser skips.
        private static int MinimumLength(byte type)
        {
            switch (type)
            {
                case TypeLocalApic: return 8;
                case TypeIoApic: return 12;
                case TypeInterruptSourceOverride: return 10;
                case TypeNmiSource: return 8;
                case TypeLocalApicNmi: return 6;
                case TypeLocalApicAddressOverride: return 12;
                case TypeLocalX2Apic: return 16;
                case TypeLocalX2ApicNmi: return 12;
                default: return 0;
            }
        }
    }
}
