namespace Tessera.MeasuredBoot.EventLog.Payloads;

/// <summary>
/// UEFI_PLATFORM_FIRMWARE_BLOB2 (TCG PFP 1.06 section 10.4.2, EV_EFI_PLATFORM_FIRMWARE_BLOB2):
/// UINT8 BlobDescriptionSize; BYTE BlobDescription[BlobDescriptionSize];
/// UEFI_PHYSICAL_ADDRESS BlobBase; UINT64 BlobLength.
/// </summary>
public sealed class FirmwareBlob2Payload : EventPayload
{
    public FirmwareBlob2Payload(string description, ulong blobBase, ulong blobLength)
    {
        Description = description;
        BlobBase = blobBase;
        BlobLength = blobLength;
    }

    /// <summary>The description, e.g. "Fv(XXXXXXXX-…)" from TDVF or "td_payload" from td-shim (NUL padding kept if present).</summary>
    public string Description { get; }

    public ulong BlobBase { get; }

    public ulong BlobLength { get; }
}
