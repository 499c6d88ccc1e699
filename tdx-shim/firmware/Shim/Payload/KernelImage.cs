using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Tessera.MeasuredBoot.Text;

namespace Tessera.TdShim.Payload
{
    // The kernel as an ELF64 x86-64 executable with a PVH entry (ELF note "Xen", type 18
    // XEN_ELFNOTE_PHYS32_ENTRY), loaded by physical address (p_paddr) as QEMU's PVH loader does. The image is
    // measured but not trusted to be well formed: every header, segment and note is checked against the file.
    public sealed class KernelImage
    {
        public const int MaximumProgramHeaders = 64;
        private const uint PtLoad = 1, PtNote = 4;
        private const uint XenPhys32Entry = 18;

        private KernelImage(List<KernelSegment> segments, uint entry32)
        {
            Segments = segments;
            Entry32 = entry32;
        }

        public List<KernelSegment> Segments { get; }

        /// <summary>The 32-bit physical PVH entry point.</summary>
        public uint Entry32 { get; }

        public static bool TryParse(ReadOnlySpan<byte> elf, ulong physicalLimit, out KernelImage? image, out string error)
        {
            image = null;
            if (elf.Length < 64 || elf[0] != 0x7F || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            {
                error = "kernel is not an ELF file";
                return false;
            }
            if (elf[4] != 2 || elf[5] != 1 || BinaryPrimitives.ReadUInt16LittleEndian(elf.Slice(18)) != 62)
            {
                error = "kernel is not a little-endian ELF64 x86-64 file";
                return false;
            }
            if (BinaryPrimitives.ReadUInt16LittleEndian(elf.Slice(16)) != 2)
            {
                error = "kernel is not an ELF executable (ET_EXEC)";
                return false;
            }
            ulong phoff = BinaryPrimitives.ReadUInt64LittleEndian(elf.Slice(32));
            int phentsize = BinaryPrimitives.ReadUInt16LittleEndian(elf.Slice(54));
            int phnum = BinaryPrimitives.ReadUInt16LittleEndian(elf.Slice(56));
            if (phentsize < 56 || phnum == 0 || phnum > MaximumProgramHeaders ||
                phoff > (ulong)elf.Length || (ulong)(phentsize * phnum) > (ulong)elf.Length - phoff)
            {
                error = $"kernel program headers ({phnum} of {phentsize} bytes at {phoff}) do not fit the {elf.Length}-byte file";
                return false;
            }
            var segments = new List<KernelSegment>();
            uint entry = 0;
            for (int i = 0; i < phnum; i++)
            {
                ReadOnlySpan<byte> ph = elf.Slice((int)phoff + i * phentsize, 56);
                uint type = BinaryPrimitives.ReadUInt32LittleEndian(ph);
                ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(ph.Slice(8));
                ulong paddr = BinaryPrimitives.ReadUInt64LittleEndian(ph.Slice(24));
                ulong fileSize = BinaryPrimitives.ReadUInt64LittleEndian(ph.Slice(32));
                ulong memorySize = BinaryPrimitives.ReadUInt64LittleEndian(ph.Slice(40));
                if (type != PtLoad && type != PtNote) continue;
                if (offset > (ulong)elf.Length || fileSize > (ulong)elf.Length - offset)
                {
                    error = $"kernel segment {i} (file offset {offset}, {fileSize} bytes) lies outside the {elf.Length}-byte file";
                    return false;
                }
                if (type == PtNote)
                {
                    if (!TryReadPvhEntry(elf.Slice((int)offset, (int)fileSize), ref entry, out error)) return false;
                    continue;
                }
                if (memorySize == 0) continue;
                if (fileSize > memorySize || paddr > physicalLimit || memorySize > physicalLimit - paddr)
                {
                    error = $"kernel segment {i} ({Hex.Number(paddr)}, {memorySize} bytes, {fileSize} in the file) is malformed or above {Hex.Number(physicalLimit)}";
                    return false;
                }
                var segment = new KernelSegment(offset, fileSize, paddr, memorySize);
                for (int j = 0; j < segments.Count; j++)
                {
                    if (segment.PhysicalAddress < segments[j].PhysicalEnd && segments[j].PhysicalAddress < segment.PhysicalEnd)
                    {
                        error = $"kernel segments at {Hex.Number(segments[j].PhysicalAddress)} and {Hex.Number(paddr)} overlap";
                        return false;
                    }
                }
                segments.Add(segment);
            }
            if (segments.Count == 0)
            {
                error = "kernel has no loadable segment";
                return false;
            }
            if (entry == 0)
            {
                error = "kernel has no PVH entry note (Xen ELF note type 18)";
                return false;
            }
            bool entryLoaded = false;
            for (int j = 0; j < segments.Count; j++)
            {
                if (entry >= segments[j].PhysicalAddress && entry < segments[j].PhysicalAddress + segments[j].FileSize) entryLoaded = true;
            }
            if (!entryLoaded)
            {
                error = $"kernel PVH entry {Hex.Number(entry)} is not inside a loaded segment";
                return false;
            }
            image = new KernelImage(segments, entry);
            error = "";
            return true;
        }

        // Notes: namesz, descsz, type, name padded to 4, desc padded to 4 (ELF gABI "Note Section").
        private static bool TryReadPvhEntry(ReadOnlySpan<byte> notes, ref uint entry, out string error)
        {
            int at = 0;
            while (notes.Length - at >= 12)
            {
                uint nameSize = BinaryPrimitives.ReadUInt32LittleEndian(notes.Slice(at));
                uint descSize = BinaryPrimitives.ReadUInt32LittleEndian(notes.Slice(at + 4));
                uint type = BinaryPrimitives.ReadUInt32LittleEndian(notes.Slice(at + 8));
                ulong nameSpace = ((ulong)nameSize + 3) & ~3UL;
                ulong descSpace = ((ulong)descSize + 3) & ~3UL;
                if (nameSpace + descSpace > (ulong)(notes.Length - at - 12))
                {
                    error = $"kernel ELF note at {at} runs past its segment";
                    return false;
                }
                ReadOnlySpan<byte> name = notes.Slice(at + 12, (int)nameSize);
                ReadOnlySpan<byte> desc = notes.Slice(at + 12 + (int)nameSpace, (int)descSize);
                bool xen = nameSize == 4 && name[0] == (byte)'X' && name[1] == (byte)'e' && name[2] == (byte)'n' && name[3] == 0;
                if (xen && type == XenPhys32Entry)
                {
                    ulong value = descSize == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(desc)
                        : descSize == 8 ? BinaryPrimitives.ReadUInt64LittleEndian(desc) : ulong.MaxValue;
                    if (value == 0 || value >= 0x1_0000_0000UL)
                    {
                        error = "kernel PVH entry note does not hold a 32-bit address";
                        return false;
                    }
                    entry = (uint)value;
                }
                at += 12 + (int)nameSpace + (int)descSpace;
            }
            error = "";
            return true;
        }
    }
}
