namespace Tessera.MeasuredBoot.EventLog.Payloads;

/// <summary>
/// UEFI_PLATFORM_FIRMWARE_BLOB (TCG PFP 1.06 section 10.4.2, EV_EFI_PLATFORM_FIRMWARE_BLOB):
/// UEFI_PHYSICAL_ADDRESS BlobBase; UINT64 BlobLength.
/// </summary>
public sealed class FirmwareBlobPayload : EventPayload
{
    public FirmwareBlobPayload(ulong blobBase, ulong blobLength)
    {
        BlobBase = blobBase;
        BlobLength = blobLength;
    }

    public ulong BlobBase { get; }

    public ulong BlobLength { get; }
}
