using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Tessera.MeasuredBoot.EventLog.Payloads;
using Tessera.MeasuredBoot.Text;
using Tessera.TdShim.Memory;

namespace Tessera.TdShim.Td
{
    // The TD HOB list the VMM writes into the TD_HOB section (TDX Virtual Firmware Design Guide, section 4;
    // UEFI PI specification volume 3 "HOB Code Definitions"): EFI_HOB_GENERIC_HEADER { UINT16 HobType;
    // UINT16 HobLength; UINT32 Reserved }, first a PHIT (type 1), then resource descriptors (type 3: owner GUID,
    // UINT32 ResourceType, UINT32 ResourceAttribute, UINT64 PhysicalStart, UINT64 ResourceLength), ended by
    // type 0xFFFF. The host is untrusted: every length is checked, the walk always advances, ranges may not wrap
    // or overlap, and anything malformed is an error, never a guess.
    public sealed class TdHob
    {
        public const uint ResourceSystemMemory = 0;
        public const uint ResourceMemoryMappedIo = 1;
        public const uint ResourceMemoryReserved = 5;
        public const uint ResourceMemoryUnaccepted = 7;
        public const int MaximumHobs = 1024;
        private const int HeaderSize = 8;
        private const int ResourceDescriptorSize = 48;
        private const int HandoffSize = 56;

        private TdHob(int length, List<MemoryMapEntry> memory, List<MemoryMapEntry> unaccepted)
        {
            Length = length;
            Memory = memory;
            Unaccepted = unaccepted;
        }

        /// <summary>Bytes of the list up to and including the end HOB: what the shim measures.</summary>
        public int Length { get; }

        /// <summary>The memory map: system memory and unaccepted memory as RAM, MMIO and reserved as reserved.</summary>
        public List<MemoryMapEntry> Memory { get; }

        /// <summary>Private memory the shim must accept before use.</summary>
        public List<MemoryMapEntry> Unaccepted { get; }

        public static bool TryParse(ReadOnlySpan<byte> area, out TdHob? hob, out string error)
        {
            hob = null;
            var memory = new List<MemoryMapEntry>();
            var unaccepted = new List<MemoryMapEntry>();
            int at = 0;
            for (int n = 0; n < MaximumHobs; n++)
            {
                if (area.Length - at < HeaderSize)
                {
                    error = $"TD HOB list has no end HOB within its {area.Length} bytes";
                    return false;
                }
                ushort type = BinaryPrimitives.ReadUInt16LittleEndian(area.Slice(at));
                int length = BinaryPrimitives.ReadUInt16LittleEndian(area.Slice(at + 2));
                if (length < HeaderSize || length % 8 != 0 || length > area.Length - at)
                {
                    error = $"TD HOB {n} at offset {at} (type {Hex.Number(type)}) has invalid length {length}";
                    return false;
                }
                if (n == 0 && (type != HobEntry.TypeHandoff || length < HandoffSize))
                {
                    error = "TD HOB list does not start with a handoff information table HOB";
                    return false;
                }
                if (type == HobEntry.TypeEndOfHobList)
                {
                    if (!MemoryMap.TrySortAndCheck(memory, "TD HOB resource descriptors", out error)) return false;
                    MemoryMap.TrySortAndCheck(unaccepted, "TD HOB unaccepted memory", out _);
                    hob = new TdHob(at + length, memory, unaccepted);
                    return true;
                }
                if (type == HobEntry.TypeResourceDescriptor)
                {
                    if (length < ResourceDescriptorSize)
                    {
                        error = $"TD HOB resource descriptor at offset {at} is {length} bytes, needs {ResourceDescriptorSize}";
                        return false;
                    }
                    ReadOnlySpan<byte> r = area.Slice(at, ResourceDescriptorSize);
                    uint resourceType = BinaryPrimitives.ReadUInt32LittleEndian(r.Slice(24));
                    ulong start = BinaryPrimitives.ReadUInt64LittleEndian(r.Slice(32));
                    ulong size = BinaryPrimitives.ReadUInt64LittleEndian(r.Slice(40));
                    if (size == 0 || start > ulong.MaxValue - size || (start & 0xFFF) != 0 || (size & 0xFFF) != 0)
                    {
                        error = $"TD HOB resource at offset {at} ({Hex.Number(start)}, {size} bytes) is empty, unaligned or wraps";
                        return false;
                    }
                    uint e820;
                    switch (resourceType)
                    {
                        case ResourceSystemMemory: e820 = MemoryMapEntry.Ram; break;
                        case ResourceMemoryUnaccepted:
                            e820 = MemoryMapEntry.Ram;
                            unaccepted.Add(new MemoryMapEntry(start, start + size, MemoryMapEntry.Ram));
                            break;
                        case ResourceMemoryMappedIo:
                        case ResourceMemoryReserved: e820 = MemoryMapEntry.Reserved; break;
                        default: e820 = 0; break;                 // I/O ports, firmware devices: not memory
                    }
                    if (e820 != 0) memory.Add(new MemoryMapEntry(start, start + size, e820));
                }
                at += length;
            }
            error = $"TD HOB list has more than {MaximumHobs} HOBs";
            return false;
        }
    }
}
