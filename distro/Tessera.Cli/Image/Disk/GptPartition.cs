using System;

namespace Tessera.Cli.Image.Disk
{
    // One GPT partition entry (UEFI 2.10 section 5.3.3): type and unique GUIDs, first and last
    // LBA (inclusive), attribute bits and a name of at most 36 UTF-16 code units.
    internal sealed record GptPartition(Guid Type, Guid Unique, ulong FirstLba, ulong LastLba, ulong Attributes, string Name)
    {
        public static readonly Guid EfiSystemPartitionType = new("C12A7328-F81F-11D2-BA4B-00A0C93EC93B");
    }
}
