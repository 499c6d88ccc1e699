using System;
using System.Buffers.Binary;

namespace Tessera.Cli.Image.Disk
{
    // Reads a qcow2 image (version 2 or 3) back into the raw disk it describes. Untrusted input:
    // header fields, table offsets and cluster offsets are checked against the file; what this
    // small reader does not handle (backing files, encryption, compressed clusters, snapshots'
    // internal state, external data files) is an error, not a guess.
    internal static class Qcow2Reader
    {
        public const long MaxVirtualSize = 1L << 30;   // we read into memory: 1 GiB is plenty for our images
        private const ulong OffsetMask = 0x00FFFFFFFFFFFE00UL;

        public static bool IsQcow2(ReadOnlySpan<byte> file) => file.Length >= 4 && BinaryPrimitives.ReadUInt32BigEndian(file) == 0x514649FB;

        public static bool TryRead(ReadOnlySpan<byte> file, out byte[]? disk, out string error)
        {
            disk = null;
            if (file.Length < 72 || !IsQcow2(file)) { error = "not a qcow2 image (no 'QFI\\xfb' magic)"; return false; }
            uint version = BinaryPrimitives.ReadUInt32BigEndian(file[4..]);
            if (version is not (2 or 3)) { error = $"qcow2 version {version} is not 2 or 3"; return false; }
            if (version == 3 && file.Length < 104) { error = "the qcow2 v3 header is truncated"; return false; }
            if (BinaryPrimitives.ReadUInt64BigEndian(file[8..]) != 0) { error = "qcow2 images with a backing file are not supported"; return false; }
            uint clusterBits = BinaryPrimitives.ReadUInt32BigEndian(file[20..]);
            if (clusterBits < 9 || clusterBits > 21) { error = $"cluster_bits {clusterBits} is not between 9 and 21"; return false; }
            ulong size = BinaryPrimitives.ReadUInt64BigEndian(file[24..]);
            if (size > MaxVirtualSize) { error = $"virtual size {size} exceeds the {MaxVirtualSize} bytes this reader handles"; return false; }
            if (BinaryPrimitives.ReadUInt32BigEndian(file[32..]) != 0) { error = "encrypted qcow2 images are not supported"; return false; }
            uint l1Size = BinaryPrimitives.ReadUInt32BigEndian(file[36..]);
            ulong l1Offset = BinaryPrimitives.ReadUInt64BigEndian(file[40..]);
            if (version == 3)
            {
                ulong incompatible = BinaryPrimitives.ReadUInt64BigEndian(file[72..]);
                // Bit 0 (dirty) only concerns refcounts; anything else changes how data is read.
                if ((incompatible & ~1UL) != 0) { error = $"qcow2 incompatible features {incompatible:x} are not supported"; return false; }
            }
            int clusterSize = 1 << (int)clusterBits;
            long l2Entries = clusterSize / 8;
            ulong guestClusters = (size + (ulong)clusterSize - 1) / (ulong)clusterSize;
            ulong l1Needed = (guestClusters + (ulong)l2Entries - 1) / (ulong)l2Entries;
            if (l1Size < l1Needed) { error = $"L1 table of {l1Size} entries is too small for {size} bytes"; return false; }
            if (!Fits(file, l1Offset, l1Needed * 8) || l1Offset % 8 != 0) { error = $"L1 table at {l1Offset} is outside the file"; return false; }

            var result = new byte[size];
            for (ulong i = 0; i < l1Needed; i++)
            {
                ulong l2Offset = BinaryPrimitives.ReadUInt64BigEndian(file[(int)(l1Offset + i * 8)..]) & OffsetMask;
                if (l2Offset == 0) continue;
                if (l2Offset % (ulong)clusterSize != 0 || !Fits(file, l2Offset, (ulong)clusterSize))
                    { error = $"L1 entry {i}: L2 table at {l2Offset} is unaligned or outside the file"; return false; }
                for (long j = 0; j < l2Entries; j++)
                {
                    ulong guestCluster = i * (ulong)l2Entries + (ulong)j;
                    if (guestCluster >= guestClusters) break;
                    ulong entry = BinaryPrimitives.ReadUInt64BigEndian(file[(int)(l2Offset + (ulong)j * 8)..]);
                    if ((entry & (1UL << 62)) != 0) { error = $"guest cluster {guestCluster} is compressed, which is not supported"; return false; }
                    ulong dataOffset = entry & OffsetMask;
                    if ((version == 3 && (entry & 1) != 0) || dataOffset == 0) continue;   // reads as zeros
                    ulong guestOffset = guestCluster * (ulong)clusterSize;
                    int length = (int)Math.Min((ulong)clusterSize, size - guestOffset);
                    if (dataOffset % (ulong)clusterSize != 0 || !Fits(file, dataOffset, (ulong)length))
                        { error = $"guest cluster {guestCluster}: data at {dataOffset} is unaligned or outside the file"; return false; }
                    file.Slice((int)dataOffset, length).CopyTo(result.AsSpan((int)guestOffset));
                }
            }
            disk = result;
            error = "";
            return true;
        }

        private static bool Fits(ReadOnlySpan<byte> file, ulong offset, ulong length) =>
            offset <= (ulong)file.Length && length <= (ulong)file.Length - offset;
    }
}
