using System;
using System.Collections.Generic;

namespace Tessera.Cli.Image.Disk
{
    // A GPT read back from a disk: the primary header's LBA (the whole sector, as firmware reads
    // it), the primary entry array, and the partitions whose type is not zero, in entry order
    // (Index is the 1-based entry number).
    internal sealed record GptDisk(byte[] PrimaryHeaderSector, byte[] EntryArray, Guid DiskGuid, uint EntrySize, List<GptDiskPartition> Partitions);

    internal sealed record GptDiskPartition(int Index, GptPartition Entry);
}
