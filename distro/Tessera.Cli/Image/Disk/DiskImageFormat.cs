namespace Tessera.Cli.Image.Disk
{
    internal enum DiskImageFormat { Raw, Qcow2, Vhd }
}
