using System;
using System.Buffers.Binary;
using System.Collections.Generic;

namespace Tessera.Cli.Image.Disk
{
    // Reads files from a FAT16 or FAT32 volume (an EFI system partition), by 8.3 path. The volume
    // is untrusted (it comes from an image file): every field is checked before use, every
    // cluster number is bounded, and cluster chains are cut off after as many steps as the volume
    // has clusters, so a malformed volume gives an error, never an exception or a hang.
    internal sealed class FatReader
    {
        private readonly ReadOnlyMemory<byte> _volume;
        private readonly int _bytesPerSector;
        private readonly int _sectorsPerCluster;
        private readonly long _fatOffset;
        private readonly long _rootDirectoryOffset;   // FAT16: the fixed root directory region
        private readonly int _rootDirectoryEntries;
        private readonly long _dataOffset;
        private readonly uint _clusterCount;
        private readonly uint _rootCluster;           // FAT32

        public bool IsFat32 { get; }
        public int ClusterBytes => _bytesPerSector * _sectorsPerCluster;
        public uint ClusterCount => _clusterCount;

        private FatReader(ReadOnlyMemory<byte> volume, int bytesPerSector, int sectorsPerCluster, long fatOffset, long rootDirectoryOffset,
            int rootDirectoryEntries, long dataOffset, uint clusterCount, uint rootCluster, bool isFat32)
        {
            _volume = volume;
            _bytesPerSector = bytesPerSector;
            _sectorsPerCluster = sectorsPerCluster;
            _fatOffset = fatOffset;
            _rootDirectoryOffset = rootDirectoryOffset;
            _rootDirectoryEntries = rootDirectoryEntries;
            _dataOffset = dataOffset;
            _clusterCount = clusterCount;
            _rootCluster = rootCluster;
            IsFat32 = isFat32;
        }

        public static bool TryOpen(ReadOnlyMemory<byte> volume, out FatReader? reader, out string error)
        {
            reader = null;
            ReadOnlySpan<byte> b = volume.Span;
            if (b.Length < 512) { error = $"the volume has {b.Length} bytes, less than a boot sector"; return false; }
            if (b[510] != 0x55 || b[511] != 0xAA) { error = "the boot sector has no 55 AA signature: not a FAT volume"; return false; }
            int bytesPerSector = BinaryPrimitives.ReadUInt16LittleEndian(b[11..]);
            int sectorsPerCluster = b[13];
            int reserved = BinaryPrimitives.ReadUInt16LittleEndian(b[14..]);
            int fatCount = b[16];
            int rootEntries = BinaryPrimitives.ReadUInt16LittleEndian(b[17..]);
            long totalSectors = BinaryPrimitives.ReadUInt16LittleEndian(b[19..]);
            if (totalSectors == 0) totalSectors = BinaryPrimitives.ReadUInt32LittleEndian(b[32..]);
            long fatSectors = BinaryPrimitives.ReadUInt16LittleEndian(b[22..]);
            if (fatSectors == 0) fatSectors = BinaryPrimitives.ReadUInt32LittleEndian(b[36..]);

            if (bytesPerSector is not (512 or 1024 or 2048 or 4096)) { error = $"bytes per sector {bytesPerSector} is not 512, 1024, 2048 or 4096"; return false; }
            if (sectorsPerCluster == 0 || (sectorsPerCluster & (sectorsPerCluster - 1)) != 0) { error = $"sectors per cluster {sectorsPerCluster} is not a power of two"; return false; }
            if (reserved == 0) { error = "the reserved sector count is 0"; return false; }
            if (fatCount == 0) { error = "the volume has no FAT"; return false; }
            if (fatSectors == 0) { error = "the FAT size is 0"; return false; }
            if (totalSectors * bytesPerSector > b.Length)
                { error = $"the boot sector declares {totalSectors * bytesPerSector} bytes; the volume has {b.Length}"; return false; }

            long rootDirSectors = ((long)rootEntries * 32 + bytesPerSector - 1) / bytesPerSector;
            long dataStart = reserved + fatCount * fatSectors + rootDirSectors;
            if (dataStart >= totalSectors) { error = $"the data region would start at sector {dataStart}, past the volume's {totalSectors} sectors"; return false; }
            long clusters = (totalSectors - dataStart) / sectorsPerCluster;
            if (clusters < 4085) { error = $"{clusters} clusters make a FAT12 volume, which is not supported"; return false; }
            bool fat32 = clusters >= 65525;
            if (fat32 && rootEntries != 0) { error = "a FAT32 volume must have a root entry count of 0"; return false; }
            if (!fat32 && rootEntries == 0) { error = "a FAT16 volume must have root directory entries"; return false; }
            long fatBytesNeeded = (clusters + 2) * (fat32 ? 4 : 2);
            if (fatSectors * bytesPerSector < fatBytesNeeded) { error = $"the FAT ({fatSectors} sectors) is too small for {clusters} clusters"; return false; }
            uint rootCluster = 0;
            if (fat32)
            {
                rootCluster = BinaryPrimitives.ReadUInt32LittleEndian(b[44..]);
                if (rootCluster < 2 || rootCluster >= clusters + 2) { error = $"root directory cluster {rootCluster} is outside the volume"; return false; }
            }
            reader = new FatReader(volume, bytesPerSector, sectorsPerCluster, (long)reserved * bytesPerSector,
                (reserved + fatCount * fatSectors) * bytesPerSector, rootEntries, dataStart * bytesPerSector, (uint)clusters, rootCluster, fat32);
            error = "";
            return true;
        }

        // The entries of the directory at `path` ("" for the root; components separated by '/').
        public bool TryList(string path, out List<FatEntry>? entries, out string error)
        {
            entries = null;
            if (!TryReadRootDirectory(out byte[]? directory, out error)) return false;
            string walked = "";
            foreach (string part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                walked += "/" + part;
                FatEntry? found = Find(ParseDirectory(directory!), part);
                if (found == null) { error = $"{walked}: no such directory"; return false; }
                if (!found.IsDirectory) { error = $"{walked}: not a directory"; return false; }
                if (!TryReadChain(found.FirstCluster, null, out directory, out error)) { error = $"{walked}: {error}"; return false; }
            }
            entries = ParseDirectory(directory!);
            return true;
        }

        public bool TryReadFile(string path, out byte[]? data, out string error)
        {
            data = null;
            int slash = path.LastIndexOf('/');
            if (!TryList(slash < 0 ? "" : path[..slash], out List<FatEntry>? entries, out error)) return false;
            FatEntry? file = Find(entries!, path[(slash + 1)..]);
            if (file == null) { error = $"{path}: no such file"; return false; }
            if (file.IsDirectory) { error = $"{path}: is a directory"; return false; }
            if (file.Size == 0) { data = Array.Empty<byte>(); return true; }
            if (!TryReadChain(file.FirstCluster, file.Size, out data, out error)) { error = $"{path}: {error}"; return false; }
            return true;
        }

        private static FatEntry? Find(List<FatEntry> entries, string name)
        {
            foreach (FatEntry e in entries)
                if (string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase)) return e;
            return null;
        }

        private bool TryReadRootDirectory(out byte[]? directory, out string error)
        {
            if (IsFat32) return TryReadChain(_rootCluster, null, out directory, out error);
            directory = _volume.Span.Slice((int)_rootDirectoryOffset, _rootDirectoryEntries * 32).ToArray();
            error = "";
            return true;
        }

        // Follows a cluster chain from `first`; with `size`, reads exactly that many bytes (the
        // chain must be long enough), else the whole chain (directories).
        private bool TryReadChain(uint first, uint? size, out byte[]? data, out string error)
        {
            data = null;
            var result = new List<byte>();
            uint cluster = first;
            long wanted = size ?? long.MaxValue;
            for (uint steps = 0; ; steps++)
            {
                if (steps > _clusterCount) { error = $"the cluster chain from {first} loops"; return false; }
                if (cluster < 2 || cluster >= _clusterCount + 2) { error = $"cluster {cluster} is outside the volume (chain from {first})"; return false; }
                long offset = _dataOffset + (long)(cluster - 2) * ClusterBytes;
                int take = (int)Math.Min(ClusterBytes, wanted - result.Count);
                result.AddRange(_volume.Span.Slice((int)offset, take).ToArray());
                if (result.Count >= wanted) break;
                uint next = FatEntryOf(cluster);
                if (IsEndOfChain(next))
                {
                    if (size == null) break;
                    error = $"the cluster chain from {first} ends after {result.Count} bytes of a {size}-byte file";
                    return false;
                }
                cluster = next;
            }
            data = result.ToArray();
            error = "";
            return true;
        }

        private uint FatEntryOf(uint cluster) => IsFat32
            ? BinaryPrimitives.ReadUInt32LittleEndian(_volume.Span[(int)(_fatOffset + cluster * 4L)..]) & 0x0FFFFFFF
            : BinaryPrimitives.ReadUInt16LittleEndian(_volume.Span[(int)(_fatOffset + cluster * 2L)..]);

        private bool IsEndOfChain(uint value) => IsFat32 ? value >= 0x0FFFFFF8 : value >= 0xFFF8;

        private List<FatEntry> ParseDirectory(byte[] directory)
        {
            var entries = new List<FatEntry>();
            for (int at = 0; at + 32 <= directory.Length; at += 32)
            {
                ReadOnlySpan<byte> e = directory.AsSpan(at, 32);
                if (e[0] == 0x00) break;                       // no more entries
                if (e[0] == 0xE5) continue;                    // deleted
                byte attributes = e[11];
                if ((attributes & 0x0F) == 0x0F) continue;     // long-name part
                if ((attributes & 0x08) != 0) continue;        // volume label
                string name = ShortName.Decode(e[..11]);
                if (name is "." or "..") continue;
                uint cluster = IsFat32 ? (uint)BinaryPrimitives.ReadUInt16LittleEndian(e[20..]) << 16 : 0;
                cluster |= BinaryPrimitives.ReadUInt16LittleEndian(e[26..]);
                bool isDirectory = (attributes & 0x10) != 0;
                entries.Add(new FatEntry(name, isDirectory, cluster, isDirectory ? 0 : BinaryPrimitives.ReadUInt32LittleEndian(e[28..])));
            }
            return entries;
        }
    }
}
