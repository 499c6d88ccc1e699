using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Tessera.TdShim.Payload;

namespace Tessera.Cli.Image.Uefi
{
    // What the UEFI loader stub needs to know about the kernel ELF, read once at build time:
    // its PT_LOAD segments (physical address, where the bytes are in the file, sizes), the
    // page ranges they cover (what the stub reserves), and the kernel's 64-bit entry from its
    // "Tessera" ELF note (the hand-over the TD shim uses too). The ELF is read by the TD shim's
    // KernelImage (compiled in from tdx-shim/firmware/Shim/Payload), so both boot paths accept
    // the same kernels. The kernel must load below 1 GiB, where its boot stub's identity map reaches.
    internal sealed class PvhKernelImage
    {
        public sealed record Segment(ulong PhysicalAddress, ulong FileOffset, ulong FileSize, ulong MemorySize);
        public sealed record PageRange(ulong Start, ulong Pages);

        private const ulong LoadLimit = 1UL << 30;

        public IReadOnlyList<Segment> Segments { get; }
        public IReadOnlyList<PageRange> Ranges { get; }
        public ulong Entry64 { get; }

        private PvhKernelImage(List<Segment> segments, List<PageRange> ranges, ulong entry)
        {
            Segments = segments;
            Ranges = ranges;
            Entry64 = entry;
        }

        public static bool TryRead(byte[] elf, out PvhKernelImage? image, out string error)
        {
            image = null;
            // The shim's kernel validation (ELF64 x86-64 ET_EXEC, PT_LOAD segments inside the file
            // and below the limit, no overlap, the 64-bit entry note inside a loaded segment).
            if (!KernelImage.TryParse(elf, LoadLimit, out KernelImage? kernel, out string why)) { error = "kernel: " + why; return false; }
            var segments = new List<Segment>();
            foreach (KernelSegment k in kernel!.Segments)
            {
                if (k.PhysicalAddress < 0x1000) { error = $"kernel: a segment at 0x{k.PhysicalAddress:X} is in the first page"; return false; }
                segments.Add(new Segment(k.PhysicalAddress, k.FileOffset, k.FileSize, k.MemorySize));
            }
            ulong entry = kernel.Entry64;

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
            image = new PvhKernelImage(segments, ranges, entry);
            error = "";
            return true;
        }
    }
}
