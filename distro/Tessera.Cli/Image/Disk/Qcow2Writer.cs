using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;

namespace Tessera.Cli.Image.Disk
{
    // Writes a raw disk as a qcow2 version 3 image (QEMU's docs/interop/qcow2.txt): 64 KiB
    // clusters, no compression, no backing file, only clusters holding a non-zero byte
    // allocated (the rest read as zeros), 16-bit refcounts all exactly 1, so `qemu-img check`
    // finds no leaks or errors. Layout, in host clusters: header, L1 table, refcount table,
    // refcount blocks, the L2 tables in use, then the data clusters in guest order.
    internal static class Qcow2Writer
    {
        public const int ClusterBits = 16;
        public const int ClusterSize = 1 << ClusterBits;
        private const int L2EntriesPerTable = ClusterSize / 8;
        private const int RefcountsPerBlock = ClusterSize / 2;      // refcount_order 4: 16 bits each
        private const ulong Copied = 1UL << 63;                    // refcount is exactly 1

        public static void Write(ReadOnlySpan<byte> disk, Stream output, Action<long>? progress = null)
        {
            long virtualSize = disk.Length;
            long guestClusters = (virtualSize + ClusterSize - 1) / ClusterSize;
            var allocated = new List<long>();
            for (long c = 0; c < guestClusters; c++)
            {
                int length = (int)Math.Min(ClusterSize, virtualSize - c * ClusterSize);
                if (disk.Slice((int)(c * ClusterSize), length).ContainsAnyExcept((byte)0)) allocated.Add(c);
            }
            long l1Size = (guestClusters + L2EntriesPerTable - 1) / L2EntriesPerTable;
            var l2Tables = new SortedSet<long>();
            foreach (long c in allocated) l2Tables.Add(c / L2EntriesPerTable);

            long l1Clusters = Math.Max(1, (l1Size * 8 + ClusterSize - 1) / ClusterSize);
            long fixedClusters = 1 + l1Clusters + l2Tables.Count + allocated.Count;
            long refcountBlocks = 1, refcountTableClusters = 1;
            while (true)
            {
                long total = fixedClusters + refcountTableClusters + refcountBlocks;
                long blocks = (total + RefcountsPerBlock - 1) / RefcountsPerBlock;
                long tableClusters = (blocks * 8 + ClusterSize - 1) / ClusterSize;
                if (blocks == refcountBlocks && tableClusters == refcountTableClusters) break;
                refcountBlocks = blocks;
                refcountTableClusters = tableClusters;
            }
            long l1Offset = ClusterSize;
            long refcountTableOffset = l1Offset + l1Clusters * ClusterSize;
            long refcountBlocksOffset = refcountTableOffset + refcountTableClusters * ClusterSize;
            long l2Offset = refcountBlocksOffset + refcountBlocks * ClusterSize;
            long dataOffset = l2Offset + l2Tables.Count * (long)ClusterSize;
            long totalClusters = dataOffset / ClusterSize + allocated.Count;

            var header = new byte[ClusterSize];
            BinaryPrimitives.WriteUInt32BigEndian(header, 0x514649FB);              // "QFI\xfb"
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), 3);
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(20), ClusterBits);
            BinaryPrimitives.WriteUInt64BigEndian(header.AsSpan(24), (ulong)virtualSize);
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(36), (uint)l1Size);
            BinaryPrimitives.WriteUInt64BigEndian(header.AsSpan(40), (ulong)l1Offset);
            BinaryPrimitives.WriteUInt64BigEndian(header.AsSpan(48), (ulong)refcountTableOffset);
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(56), (uint)refcountTableClusters);
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(96), 4);            // refcount_order: 16-bit refcounts
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(100), 104);         // header_length
            // At 104: the end-of-extensions marker (type 0, length 0), already zero.
            output.Write(header);

            var l1 = new byte[l1Clusters * ClusterSize];
            int l2Index = 0;
            var l2Position = new Dictionary<long, long>();
            foreach (long table in l2Tables)
            {
                long offset = l2Offset + l2Index++ * (long)ClusterSize;
                l2Position[table] = offset;
                BinaryPrimitives.WriteUInt64BigEndian(l1.AsSpan((int)(table * 8)), (ulong)offset | Copied);
            }
            output.Write(l1);

            var refcountTable = new byte[refcountTableClusters * ClusterSize];
            for (long b = 0; b < refcountBlocks; b++)
                BinaryPrimitives.WriteUInt64BigEndian(refcountTable.AsSpan((int)(b * 8)), (ulong)(refcountBlocksOffset + b * ClusterSize));
            output.Write(refcountTable);

            var refcounts = new byte[refcountBlocks * ClusterSize];
            for (long c = 0; c < totalClusters; c++) BinaryPrimitives.WriteUInt16BigEndian(refcounts.AsSpan((int)(c * 2)), 1);
            output.Write(refcounts);

            var l2 = new Dictionary<long, byte[]>();
            foreach (long table in l2Tables) l2[table] = new byte[ClusterSize];
            for (int i = 0; i < allocated.Count; i++)
            {
                long c = allocated[i];
                BinaryPrimitives.WriteUInt64BigEndian(l2[c / L2EntriesPerTable].AsSpan((int)(c % L2EntriesPerTable * 8)), (ulong)(dataOffset + i * (long)ClusterSize) | Copied);
            }
            foreach (long table in l2Tables) output.Write(l2[table]);

            var cluster = new byte[ClusterSize];
            long written = 0;
            foreach (long c in allocated)
            {
                Array.Clear(cluster);
                int length = (int)Math.Min(ClusterSize, virtualSize - c * ClusterSize);
                disk.Slice((int)(c * ClusterSize), length).CopyTo(cluster);
                output.Write(cluster);
                written += ClusterSize;
                if (written % (16 << 20) == 0) progress?.Invoke(written);
            }
            progress?.Invoke(written);
        }
    }
}
