namespace Tessera.Cli.Image.Disk
{
    // One directory entry as the FAT reader returns it: the 8.3 name ("BOOTX64.EFI"), whether it
    // is a directory, its first cluster and size in bytes (0 for directories).
    internal sealed record FatEntry(string Name, bool IsDirectory, uint FirstCluster, uint Size);
}
