namespace Tessera.Cli.Image.Disk
{
    // A file to place on a FAT volume: its path in 8.3 upper-case components separated by '/'
    // (e.g. "EFI/BOOT/BOOTX64.EFI"), and its bytes.
    internal sealed record FatFile(string Path, byte[] Data);
}
