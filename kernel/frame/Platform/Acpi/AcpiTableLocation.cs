namespace Tessera.Frame.Platform.Acpi
{
    // One table listed by the XSDT/RSDT whose header and checksum were valid.
    public readonly struct AcpiTableLocation
    {
        public AcpiTableLocation(string signature, ulong address, uint length)
        {
            Signature = signature;
            Address = address;
            Length = length;
        }

        public string Signature { get; }
        public ulong Address { get; }
        public uint Length { get; }
    }
}
