using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Tessera.MeasuredBoot.Text;

namespace Tessera.TdShim.Memory
{
    // QEMU's fw_cfg file "etc/e820": packed struct e820_entry { u64 address; u64 length; u32 type; }. The host
    // writes it, so it is untrusted: bounded, no empty or wrapping entries, sorted and without overlaps.
    public static class E820Table
    {
        public const int EntrySize = 20;
        public const int MaximumEntries = 128;

        public static bool TryParse(ReadOnlySpan<byte> bytes, out List<MemoryMapEntry> entries, out string error)
        {
            entries = new List<MemoryMapEntry>();
            if (bytes.Length == 0 || bytes.Length % EntrySize != 0)
            {
                error = $"etc/e820 is {bytes.Length} bytes, not a whole number of {EntrySize}-byte entries";
                return false;
            }
            int count = bytes.Length / EntrySize;
            if (count > MaximumEntries)
            {
                error = $"etc/e820 has {count} entries, more than {MaximumEntries}";
                return false;
            }
            for (int i = 0; i < count; i++)
            {
                ReadOnlySpan<byte> e = bytes.Slice(i * EntrySize, EntrySize);
                ulong start = BinaryPrimitives.ReadUInt64LittleEndian(e);
                ulong length = BinaryPrimitives.ReadUInt64LittleEndian(e.Slice(8));
                uint type = BinaryPrimitives.ReadUInt32LittleEndian(e.Slice(16));
                if (length == 0 || start > ulong.MaxValue - length)
                {
                    error = $"etc/e820 entry {i} ({Hex.Number(start)}, {length} bytes) is empty or wraps around";
                    return false;
                }
                entries.Add(new MemoryMapEntry(start, start + length, type));
            }
            return MemoryMap.TrySortAndCheck(entries, "etc/e820", out error);
        }
    }
}
