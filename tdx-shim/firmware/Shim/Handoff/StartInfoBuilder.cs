using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Tessera.TdShim.Memory;

namespace Tessera.TdShim.Handoff
{
    // The PVH boot ABI's start-of-day block (Xen public/arch-x86/hvm/start_info.h, version 1), built for a fixed
    // physical address: struct hvm_start_info (56 bytes) at +0, the module list (hvm_modlist_entry, 32 bytes each)
    // at +64, the memory map (hvm_memmap_table_entry: addr, size, type, reserved; 24 bytes each) at +128.
    public static class StartInfoBuilder
    {
        public const uint Magic = 0x336ec578;
        private const int ModuleListOffset = 64;
        private const int MemoryMapOffset = 128;
        private const int ModuleEntrySize = 32;
        private const int MemoryEntrySize = 24;

        /// <summary>Bytes for the start info at <paramref name="address"/>; false when they would exceed <paramref name="maximumSize"/>.</summary>
        /// <param name="initramfsLength">0: no module.</param>
        public static bool TryBuild(ulong address, int maximumSize, ulong commandLineAddress, ulong rsdpAddress,
            ulong initramfsAddress, ulong initramfsLength, List<MemoryMapEntry> memoryMap, out byte[] bytes, out string error)
        {
            int size = MemoryMapOffset + memoryMap.Count * MemoryEntrySize;
            bytes = new byte[0];
            if (size > maximumSize)
            {
                error = $"the memory map has {memoryMap.Count} entries, too many for the start info area";
                return false;
            }
            bytes = new byte[size];
            Span<byte> b = bytes;
            uint modules = initramfsLength > 0 ? 1u : 0u;
            BinaryPrimitives.WriteUInt32LittleEndian(b, Magic);
            BinaryPrimitives.WriteUInt32LittleEndian(b.Slice(4), 1);                  // version
            BinaryPrimitives.WriteUInt32LittleEndian(b.Slice(8), 0);                  // flags
            BinaryPrimitives.WriteUInt32LittleEndian(b.Slice(12), modules);
            BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(16), modules > 0 ? address + ModuleListOffset : 0);
            BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(24), commandLineAddress);
            BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(32), rsdpAddress);
            BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(40), address + MemoryMapOffset);
            BinaryPrimitives.WriteUInt32LittleEndian(b.Slice(48), (uint)memoryMap.Count);
            if (modules > 0)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(ModuleListOffset), initramfsAddress);
                BinaryPrimitives.WriteUInt64LittleEndian(b.Slice(ModuleListOffset + 8), initramfsLength);
            }
            for (int i = 0; i < memoryMap.Count; i++)
            {
                Span<byte> e = b.Slice(MemoryMapOffset + i * MemoryEntrySize);
                BinaryPrimitives.WriteUInt64LittleEndian(e, memoryMap[i].Start);
                BinaryPrimitives.WriteUInt64LittleEndian(e.Slice(8), memoryMap[i].Length);
                BinaryPrimitives.WriteUInt32LittleEndian(e.Slice(16), memoryMap[i].Type);
            }
            error = "";
            return true;
        }
    }
}
