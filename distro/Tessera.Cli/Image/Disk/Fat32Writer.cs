using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;

namespace Tessera.Cli.Image.Disk
{
    // Writes a FAT32 volume (Microsoft "FAT: General Overview of On-Disk Format", fatgen103) with
    // the given files, as the EFI system partition. FAT32 because UEFI 2.10 section 13.3 asks for
    // it on hard disks. Everything that could vary is fixed: the volume id and label are
    // parameters, every timestamp is 1980-01-01 00:00 (the format's earliest), entries are sorted
    // and clusters are allocated in order, so the same files give the same bytes.
    internal static class Fat32Writer
    {
        public const int BytesPerSector = 512;
        private const int ReservedSectors = 32;
        private const int FatCount = 2;
        private const byte Media = 0xF8;                      // fixed disk
        private const uint RootCluster = 2;
        private const uint EndOfChain = 0x0FFFFFFF;
        public const int MinimumClusters = 65525;           // fewer clusters would make it FAT16
        private const ushort FixedDate = (0 << 9) | (1 << 5) | 1; // 1980-01-01
        private const byte AttributeVolumeId = 0x08, AttributeDirectory = 0x10, AttributeArchive = 0x20;

        private sealed class Node
        {
            public required byte[] ShortName;
            public bool IsDirectory;
            public byte[] Data = Array.Empty<byte>();
            public readonly SortedDictionary<string, Node> Children = new(StringComparer.Ordinal);
            public uint FirstCluster;
            public uint ClusterCount;
        }

        // Sectors per cluster by volume size, as Microsoft's format table does (512-byte sectors):
        // up to 260 MiB one sector, up to 8 GiB eight, then sixteen.
        public static int SectorsPerClusterFor(long totalSectors) =>
            totalSectors <= 532_480 ? 1 : totalSectors <= 16_777_216 ? 8 : 16;

        // The smallest volume (in sectors, a whole number of MiB) that holds the files as FAT32.
        public static long SectorsNeeded(IReadOnlyList<FatFile> files)
        {
            long dataBytes = 0;
            foreach (FatFile f in files) dataBytes += f.Data.Length + 64 * 1024; // slack for directories and cluster tails
            long sectors = Math.Max(MinimumClusters + 4096, dataBytes / BytesPerSector * 105 / 100 + 4096);
            const long sectorsPerMiB = 1024 * 1024 / BytesPerSector;
            return (sectors + sectorsPerMiB - 1) / sectorsPerMiB * sectorsPerMiB;
        }

        public static bool TryWrite(IReadOnlyList<FatFile> files, long totalSectors, uint hiddenSectors, uint volumeId, string label,
            out byte[]? volume, out string error)
        {
            volume = null;
            if (label.Length is 0 or > 11 || !ShortName.TryEncode(label.Length > 8 ? label[..8] + "." + label[8..] : label, out _, out _))
            {
                error = $"volume label '{label}' must be 1 to 11 upper-case 8.3 characters";
                return false;
            }
            var labelField = new byte[11];
            Array.Fill(labelField, (byte)' ');
            Encoding.ASCII.GetBytes(label).CopyTo(labelField, 0);

            if (totalSectors > uint.MaxValue || totalSectors * BytesPerSector > int.MaxValue)
            {
                error = $"a volume of {totalSectors} sectors is too large to build in memory";
                return false;
            }
            int sectorsPerCluster = SectorsPerClusterFor(totalSectors);
            int clusterBytes = sectorsPerCluster * BytesPerSector;
            // fatgen103's FAT size computation.
            long tmp1 = totalSectors - ReservedSectors;
            long tmp2 = (256L * sectorsPerCluster + FatCount) / 2;
            long fatSectors = (tmp1 + tmp2 - 1) / tmp2;
            long dataStart = ReservedSectors + FatCount * fatSectors;
            long clusterCount = (totalSectors - dataStart) / sectorsPerCluster;
            if (clusterCount < MinimumClusters)
            {
                error = $"a volume of {totalSectors} sectors has {clusterCount} clusters; FAT32 needs at least {MinimumClusters}";
                return false;
            }

            // The directory tree, root first.
            var root = new Node { ShortName = labelField, IsDirectory = true };
            foreach (FatFile file in files)
            {
                string[] parts = file.Path.Split('/');
                Node dir = root;
                for (int i = 0; i < parts.Length; i++)
                {
                    if (!ShortName.TryEncode(parts[i], out byte[] field, out error)) { error = $"{file.Path}: {error}"; return false; }
                    bool last = i == parts.Length - 1;
                    if (dir.Children.TryGetValue(parts[i], out Node? existing))
                    {
                        if (last || !existing.IsDirectory) { error = $"{file.Path}: the path is given twice or crosses a file"; return false; }
                        dir = existing;
                        continue;
                    }
                    var node = new Node { ShortName = field, IsDirectory = !last, Data = last ? file.Data : Array.Empty<byte>() };
                    dir.Children.Add(parts[i], node);
                    dir = node;
                }
            }

            // Cluster allocation, depth first in name order.
            uint next = RootCluster;
            var order = new List<Node>();
            void Allocate(Node node, bool isRoot)
            {
                long bytes = node.IsDirectory ? 32L * (node.Children.Count + (isRoot ? 1 : 2)) : node.Data.Length;
                node.ClusterCount = (uint)((bytes + clusterBytes - 1) / clusterBytes);
                if (node.IsDirectory && node.ClusterCount == 0) node.ClusterCount = 1;
                node.FirstCluster = node.ClusterCount == 0 ? 0 : next;
                next += node.ClusterCount;
                order.Add(node);
                foreach (Node child in node.Children.Values) Allocate(child, false);
            }
            Allocate(root, true);
            long usedClusters = next - RootCluster;
            if (usedClusters > clusterCount)
            {
                error = $"the files need {usedClusters} clusters of {clusterBytes} bytes; the volume has {clusterCount}";
                return false;
            }

            var image = new byte[totalSectors * BytesPerSector];
            WriteBootSector(image.AsSpan(0, BytesPerSector), totalSectors, hiddenSectors, sectorsPerCluster, (uint)fatSectors, volumeId, labelField);
            WriteFsInfo(image.AsSpan(BytesPerSector, BytesPerSector), (uint)(clusterCount - usedClusters), next);
            image.AsSpan(0, 2 * BytesPerSector).CopyTo(image.AsSpan(6 * BytesPerSector)); // backup boot sector and FSInfo

            var fat = new byte[fatSectors * BytesPerSector];
            BinaryPrimitives.WriteUInt32LittleEndian(fat, 0x0FFFFF00u | Media);
            BinaryPrimitives.WriteUInt32LittleEndian(fat.AsSpan(4), EndOfChain);
            foreach (Node node in order)
            {
                for (uint c = 0; c < node.ClusterCount; c++)
                {
                    uint cluster = node.FirstCluster + c;
                    uint value = c == node.ClusterCount - 1 ? EndOfChain : cluster + 1;
                    BinaryPrimitives.WriteUInt32LittleEndian(fat.AsSpan((int)cluster * 4), value);
                }
            }
            for (int i = 0; i < FatCount; i++) fat.CopyTo(image, (ReservedSectors + i * fatSectors) * BytesPerSector);

            long ClusterOffset(uint cluster) => (dataStart + (cluster - RootCluster) * (long)sectorsPerCluster) * BytesPerSector;
            foreach (Node node in order)
            {
                if (node.ClusterCount == 0) continue;
                Span<byte> target = image.AsSpan((int)ClusterOffset(node.FirstCluster), (int)(node.ClusterCount * clusterBytes));
                if (!node.IsDirectory)
                {
                    node.Data.CopyTo(target);
                    continue;
                }
                int at = 0;
                if (node == root)
                {
                    WriteEntry(target.Slice(at, 32), labelField, AttributeVolumeId, 0, 0);
                    at += 32;
                }
                else
                {
                    WriteEntry(target.Slice(at, 32), Dots(1), AttributeDirectory, node.FirstCluster, 0);
                    uint parent = ParentOf(root, node)!.FirstCluster;
                    WriteEntry(target.Slice(at + 32, 32), Dots(2), AttributeDirectory, parent == RootCluster ? 0 : parent, 0);
                    at += 64;
                }
                foreach (Node child in node.Children.Values)
                {
                    WriteEntry(target.Slice(at, 32), child.ShortName, child.IsDirectory ? AttributeDirectory : AttributeArchive,
                        child.FirstCluster, child.IsDirectory ? 0 : (uint)child.Data.Length);
                    at += 32;
                }
            }
            volume = image;
            error = "";
            return true;
        }

        private static Node? ParentOf(Node from, Node target)
        {
            foreach (Node child in from.Children.Values)
            {
                if (child == target) return from;
                if (child.IsDirectory && ParentOf(child, target) is Node found) return found;
            }
            return null;
        }

        private static byte[] Dots(int count)
        {
            var field = new byte[11];
            Array.Fill(field, (byte)' ');
            for (int i = 0; i < count; i++) field[i] = (byte)'.';
            return field;
        }

        private static void WriteEntry(Span<byte> entry, byte[] name, byte attributes, uint cluster, uint size)
        {
            name.CopyTo(entry);
            entry[11] = attributes;
            BinaryPrimitives.WriteUInt16LittleEndian(entry[16..], FixedDate);   // creation date (time 0)
            BinaryPrimitives.WriteUInt16LittleEndian(entry[18..], FixedDate);   // last access date
            BinaryPrimitives.WriteUInt16LittleEndian(entry[20..], (ushort)(cluster >> 16));
            BinaryPrimitives.WriteUInt16LittleEndian(entry[24..], FixedDate);   // write date (time 0)
            BinaryPrimitives.WriteUInt16LittleEndian(entry[26..], (ushort)cluster);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[28..], size);
        }

        private static void WriteBootSector(Span<byte> s, long totalSectors, uint hiddenSectors, int sectorsPerCluster, uint fatSectors, uint volumeId, byte[] label)
        {
            s[0] = 0xEB; s[1] = 0x58; s[2] = 0x90;                    // jump over the BPB (not bootable: UEFI ignores it)
            Encoding.ASCII.GetBytes("TESSERA ").CopyTo(s[3..]);       // OEM name
            BinaryPrimitives.WriteUInt16LittleEndian(s[11..], BytesPerSector);
            s[13] = (byte)sectorsPerCluster;
            BinaryPrimitives.WriteUInt16LittleEndian(s[14..], ReservedSectors);
            s[16] = FatCount;
            s[21] = Media;
            BinaryPrimitives.WriteUInt16LittleEndian(s[24..], 63);     // sectors per track (only for INT 13h)
            BinaryPrimitives.WriteUInt16LittleEndian(s[26..], 255);    // heads
            BinaryPrimitives.WriteUInt32LittleEndian(s[28..], hiddenSectors);
            BinaryPrimitives.WriteUInt32LittleEndian(s[32..], (uint)totalSectors);
            BinaryPrimitives.WriteUInt32LittleEndian(s[36..], fatSectors);
            BinaryPrimitives.WriteUInt32LittleEndian(s[44..], RootCluster);
            BinaryPrimitives.WriteUInt16LittleEndian(s[48..], 1);      // FSInfo sector
            BinaryPrimitives.WriteUInt16LittleEndian(s[50..], 6);      // backup boot sector
            s[64] = 0x80;                                              // drive number
            s[66] = 0x29;                                              // extended boot signature
            BinaryPrimitives.WriteUInt32LittleEndian(s[67..], volumeId);
            label.CopyTo(s[71..]);
            Encoding.ASCII.GetBytes("FAT32   ").CopyTo(s[82..]);
            s[510] = 0x55; s[511] = 0xAA;
        }

        private static void WriteFsInfo(Span<byte> s, uint freeClusters, uint nextFree)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(s, 0x41615252);
            BinaryPrimitives.WriteUInt32LittleEndian(s[484..], 0x61417272);
            BinaryPrimitives.WriteUInt32LittleEndian(s[488..], freeClusters);
            BinaryPrimitives.WriteUInt32LittleEndian(s[492..], nextFree);
            BinaryPrimitives.WriteUInt32LittleEndian(s[508..], 0xAA550000);
        }
    }
}
