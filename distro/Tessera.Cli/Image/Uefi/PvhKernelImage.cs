using System;
using System.Buffers.Binary;
using System.Collections.Generic;

namespace Tessera.Cli.Image.Uefi
{
    // What the UEFI loader stub needs to know about the kernel ELF, read once at build time:
    // its PT_LOAD segments (physical address, where the bytes are in the file, sizes), the
    // page ranges they cover (what the stub reserves), and the 32-bit PVH entry from the Xen
    // ELF note (type 18, XEN_ELFNOTE_PHYS32_ENTRY). The kernel must load below 1 GiB, where
    // its boot stub's identity map reaches.
    internal sealed class PvhKernelImage
    {
        public sealed record Segment(ulong PhysicalAddress, ulong FileOffset, ulong FileSize, ulong MemorySize);
        public sealed record PageRange(ulong Start, ulong Pages);

        private const ulong LoadLimit = 1UL << 30;
        private const uint PtLoad = 1, PtNote = 4, XenElfNotePhys32Entry = 18;

        public IReadOnlyList<Segment> Segments { get; }
        public IReadOnlyList<PageRange> Ranges { get; }
        public uint Entry32 { get; }

        private PvhKernelImage(List<Segment> segments, List<PageRange> ranges, uint entry)
        {
            Segments = segments;
            Ranges = ranges;
            Entry32 = entry;
        }

        public static bool TryRead(byte[] elf, out PvhKernelImage? image, out string error)
        {
            image = null;
            ReadOnlySpan<byte> e = elf;
            if (e.Length < 64 || e[0] != 0x7F || e[1] != (byte)'E' || e[2] != (byte)'L' || e[3] != (byte)'F') { error = "kernel: not an ELF file"; return false; }
            if (e[4] != 2 || e[5] != 1) { error = "kernel: not a little-endian ELF64 file"; return false; }
            if (BinaryPrimitives.ReadUInt16LittleEndian(e[18..]) != 62) { error = "kernel: not an x86-64 ELF file"; return false; }
            ulong phoff = BinaryPrimitives.ReadUInt64LittleEndian(e[32..]);
            int phentsize = BinaryPrimitives.ReadUInt16LittleEndian(e[54..]);
            int phnum = BinaryPrimitives.ReadUInt16LittleEndian(e[56..]);
            if (phentsize < 56 || phnum == 0 || phoff > (ulong)e.Length || (ulong)phnum * (ulong)phentsize > (ulong)e.Length - phoff)
            { error = "kernel: program headers lie outside the file"; return false; }

            var segments = new List<Segment>();
            uint entry = 0;
            for (int i = 0; i < phnum; i++)
            {
                ReadOnlySpan<byte> ph = e.Slice((int)phoff + i * phentsize, 56);
                uint type = BinaryPrimitives.ReadUInt32LittleEndian(ph);
                ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(ph[8..]);
                ulong paddr = BinaryPrimitives.ReadUInt64LittleEndian(ph[24..]);
                ulong filesz = BinaryPrimitives.ReadUInt64LittleEndian(ph[32..]);
                ulong memsz = BinaryPrimitives.ReadUInt64LittleEndian(ph[40..]);
                if (offset > (ulong)e.Length || filesz > (ulong)e.Length - offset) { error = $"kernel: segment {i} lies outside the file"; return false; }
                if (type == PtLoad)
                {
                    if (memsz == 0) continue;
                    if (filesz > memsz || paddr < 0x1000 || paddr >= LoadLimit || memsz > LoadLimit - paddr)
                    { error = $"kernel: segment {i} (0x{paddr:X}, 0x{memsz:X} bytes) is not in the first GiB"; return false; }
                    segments.Add(new Segment(paddr, offset, filesz, memsz));
                }
                else if (type == PtNote && entry == 0)
                    entry = FindPvhEntry(e.Slice((int)offset, (int)filesz));
            }
            if (segments.Count == 0) { error = "kernel: no loadable segment"; return false; }
            if (entry == 0) { error = "kernel: no PVH entry note (Xen ELF note 18)"; return false; }

            // Page ranges, sorted and merged: segments may share a page.
            var pages = new List<(ulong Start, ulong End)>();
            foreach (Segment s in segments) pages.Add((s.PhysicalAddress & ~0xFFFUL, (s.PhysicalAddress + s.MemorySize + 0xFFF) & ~0xFFFUL));
            pages.Sort((a, b) => a.Start.CompareTo(b.Start));
            var ranges = new List<PageRange>();
            ulong start = pages[0].Start, end = pages[0].End;
            foreach (var (s, en) in pages)
            {
                if (s <= end) { end = Math.Max(end, en); continue; }
                ranges.Add(new PageRange(start, (end - start) / 4096));
                (start, end) = (s, en);
            }
            ranges.Add(new PageRange(start, (end - start) / 4096));
            if (ranges.Count > 16) { error = "kernel: more than 16 separate load ranges"; return false; }
            bool entryLoaded = false;
            foreach (PageRange r in ranges) if (entry >= r.Start && entry < r.Start + r.Pages * 4096) entryLoaded = true;
            if (!entryLoaded) { error = $"kernel: the PVH entry 0x{entry:X} is not in a loaded segment"; return false; }

            image = new PvhKernelImage(segments, ranges, entry);
            error = "";
            return true;
        }

        // Walks the notes of one PT_NOTE segment for "Xen" type 18; 0 if absent or malformed.
        private static uint FindPvhEntry(ReadOnlySpan<byte> notes)
        {
            int at = 0;
            while (at + 12 <= notes.Length)
            {
                uint namesz = BinaryPrimitives.ReadUInt32LittleEndian(notes[at..]);
                uint descsz = BinaryPrimitives.ReadUInt32LittleEndian(notes[(at + 4)..]);
                uint type = BinaryPrimitives.ReadUInt32LittleEndian(notes[(at + 8)..]);
                long nameEnd = at + 12 + (long)((namesz + 3) & ~3U);
                long descEnd = nameEnd + (long)((descsz + 3) & ~3U);
                if (namesz > 64 || descsz > 4096 || descEnd > notes.Length) return 0;
                bool xen = namesz == 4 && notes.Slice(at + 12, 4).SequenceEqual("Xen\0"u8);
                if (xen && type == XenElfNotePhys32Entry && descsz >= 4)
                    return BinaryPrimitives.ReadUInt32LittleEndian(notes[(int)nameEnd..]);
                at = (int)descEnd;
            }
            return 0;
        }
    }
}
