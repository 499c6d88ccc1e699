using System;
using System.Buffers.Binary;

namespace Tessera.Frame.Platform.Acpi
{
    // Finds the RSDP (ACPI 6.5 §5.2.5.1, "Finding the RSDP on IA-PC Systems"): the boot loader
    // may hand us its address (PVH start info rsdp_paddr); otherwise it is on a 16-byte
    // boundary in the first KiB of the Extended BIOS Data Area (whose segment is the 16-bit
    // word at physical 0x40E) or in the BIOS read-only area 0xE0000-0xFFFFF.
    public static class RsdpLocator
    {
        public const ulong BiosAreaStart = 0xE0000;
        public const ulong BiosAreaEnd = 0x100000;
        public const ulong EbdaSegmentPointer = 0x40E;
        public const int EbdaSearchLength = 1024;
        // The EBDA lies below the 640 KiB conventional-memory limit.
        private const ulong EbdaLimit = 0xA0000;

        // `hint` is the loader-provided address, or 0. Returns null on success, else the reason.
        public static string Find(IPhysicalMemory memory, ulong hint, out RootSystemDescriptionPointer rsdp, out ulong address)
        {
            rsdp = null;
            address = 0;
            if (hint != 0)
            {
                // A given address must hold a valid RSDP: falling back to a scan would hide a
                // loader that points us at something else.
                if (!memory.TryRead(hint, RootSystemDescriptionPointer.Version2Length, out ReadOnlySpan<byte> atHint)
                    && !memory.TryRead(hint, RootSystemDescriptionPointer.Version1Length, out atHint))
                    return "the boot loader's RSDP address 0x" + hint.ToString("x") + " is not readable";
                string error = ParseWithFullLength(memory, hint, atHint, out rsdp);
                if (error != null) return "the boot loader's RSDP at 0x" + hint.ToString("x") + ": " + error;
                address = hint;
                return null;
            }

            if (memory.TryRead(EbdaSegmentPointer, 2, out ReadOnlySpan<byte> segmentBytes))
            {
                ulong ebda = (ulong)BinaryPrimitives.ReadUInt16LittleEndian(segmentBytes) << 4;
                if (ebda >= 0x400 && ebda + EbdaSearchLength <= EbdaLimit && Scan(memory, ebda, ebda + EbdaSearchLength, out rsdp, out address))
                    return null;
            }
            if (Scan(memory, BiosAreaStart, BiosAreaEnd, out rsdp, out address)) return null;
            return "no valid RSDP in the EBDA or the BIOS area 0xE0000-0xFFFFF";
        }

        // The first valid RSDP on a 16-byte boundary in [start, end). Candidates with the
        // signature but a bad checksum are skipped, as firmware may leave stale copies.
        private static bool Scan(IPhysicalMemory memory, ulong start, ulong end, out RootSystemDescriptionPointer rsdp, out ulong address)
        {
            rsdp = null;
            address = 0;
            if (!memory.TryRead(start, (int)(end - start), out ReadOnlySpan<byte> area)) return false;
            for (int offset = 0; offset + RootSystemDescriptionPointer.Version1Length <= area.Length; offset += 16)
            {
                ReadOnlySpan<byte> candidate = area.Slice(offset);
                if (!RootSystemDescriptionPointer.HasSignature(candidate)) continue;
                if (ParseWithFullLength(memory, start + (ulong)offset, candidate, out rsdp) == null)
                {
                    address = start + (ulong)offset;
                    return true;
                }
            }
            return false;
        }

        // An RSDP of revision 2+ states its own length, which may reach past what we read
        // first: read again with that length before validating the extended checksum.
        private static string ParseWithFullLength(IPhysicalMemory memory, ulong address, ReadOnlySpan<byte> first, out RootSystemDescriptionPointer rsdp)
        {
            rsdp = null;
            if (first.Length >= RootSystemDescriptionPointer.Version2Length && first[15] >= 2)
            {
                uint length = BinaryPrimitives.ReadUInt32LittleEndian(first.Slice(20));
                if (length > (uint)first.Length && length <= RootSystemDescriptionPointer.MaxLength
                    && memory.TryRead(address, (int)length, out ReadOnlySpan<byte> whole))
                    first = whole;
            }
            return RootSystemDescriptionPointer.TryParse(first, out rsdp);
        }
    }
}
