using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Tessera.MeasuredBoot.Text;

namespace Tessera.TdShim.Payload
{
    // The kernel as an ELF64 x86-64 executable with a 64-bit entry (our ELF note "Tessera", type
    // Entry64NoteType, desc = UINT64 physical address; kernel/frame/Native/BootStub.cs writes it), loaded by
    // physical address (p_paddr) as QEMU's PVH loader does. The shim enters the kernel in long mode on both
    // paths (a TD cannot leave it), so the kernel's 32-bit PVH note is not used here. The image is measured
    // but not trusted to be well formed: every header, segment and note is checked against the file.
    public sealed class KernelImage
    {
        public const int MaximumProgramHeaders = 64;
        public const uint Entry64NoteType = 0x54534E01;     // the same value as BootStub.Entry64NoteType (host-tested)
        private const uint PtLoad = 1, PtNote = 4;

        private KernelImage(List<KernelSegment> segments, ulong entry64)
        {
            Segments = segments;
            Entry64 = entry64;
        }

        public List<KernelSegment> Segments { get; }

        /// <summary>The physical 64-bit entry point (long mode, identity-mapped, RBX = start info).</summary>
        public ulong Entry64 { get; }

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
            ulong entry = 0;
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
                    if (offset % 4 != 0)
                    {
                        error = $"kernel note segment {i} at file offset {offset} is not 4-byte aligned";
                        return false;
                    }
                    if (!TryReadEntry64(elf.Slice((int)offset, (int)fileSize), ref entry, out error)) return false;
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
                error = "kernel has no 64-bit entry note (ELF note \"Tessera\", type " + Hex.Number(Entry64NoteType) + ")";
                return false;
            }
            bool entryLoaded = false;
            for (int j = 0; j < segments.Count; j++)
            {
                if (entry >= segments[j].PhysicalAddress && entry < segments[j].PhysicalAddress + segments[j].FileSize) entryLoaded = true;
            }
            if (!entryLoaded)
            {
                error = $"kernel 64-bit entry {Hex.Number(entry)} is not inside a loaded segment";
                return false;
            }
            image = new KernelImage(segments, entry);
            error = "";
            return true;
        }

        // Notes: namesz, descsz, type, name padded to 4, desc padded to 4 (ELF gABI "Note Section").
        private static bool TryReadEntry64(ReadOnlySpan<byte> notes, ref ulong entry, out string error)
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
                if (IsTesseraName(name) && type == Entry64NoteType)
                {
                    if (descSize != 8)
                    {
                        error = $"kernel 64-bit entry note holds {descSize} bytes, not a UINT64 address";
                        return false;
                    }
                    if (entry != 0)
                    {
                        error = "kernel has more than one 64-bit entry note";
                        return false;
                    }
                    entry = BinaryPrimitives.ReadUInt64LittleEndian(desc);
                    if (entry == 0)
                    {
                        error = "kernel 64-bit entry note holds address 0";
                        return false;
                    }
                }
                at += 12 + (int)nameSpace + (int)descSpace;
            }
            error = "";
            return true;
        }

        private static bool IsTesseraName(ReadOnlySpan<byte> name)
        {
            const string Expected = "Tessera";
            if (name.Length != Expected.Length + 1 || name[Expected.Length] != 0) return false;
            for (int i = 0; i < Expected.Length; i++)
            {
                if (name[i] != (byte)Expected[i]) return false;
            }
            return true;
        }
    }
}
