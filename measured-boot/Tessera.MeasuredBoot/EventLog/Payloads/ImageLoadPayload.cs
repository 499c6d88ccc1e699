using System.Collections.Generic;

namespace Tessera.MeasuredBoot.EventLog.Payloads;

/// <summary>
/// UEFI_IMAGE_LOAD_EVENT (TCG PFP 1.06 section 10.4.2; EV_EFI_BOOT_SERVICES_APPLICATION/DRIVER,
/// EV_EFI_RUNTIME_SERVICES_DRIVER): UEFI_PHYSICAL_ADDRESS ImageLocationInMemory; UINT64 ImageLengthInMemory;
/// UINT64 ImageLinkTimeAddress; UINT64 LengthOfDevicePath; UEFI_DEVICE_PATH DevicePath[LengthOfDevicePath].
/// The event digest is the image's Authenticode digest (see Pe.AuthenticodeDigest), not a hash of this data.
/// </summary>
public sealed class ImageLoadPayload : EventPayload
{
    public ImageLoadPayload(ulong imageLocationInMemory, ulong imageLengthInMemory, ulong imageLinkTimeAddress,
        ulong lengthOfDevicePath, List<DevicePathNode> devicePath)
    {
        ImageLocationInMemory = imageLocationInMemory;
        ImageLengthInMemory = imageLengthInMemory;
        ImageLinkTimeAddress = imageLinkTimeAddress;
        LengthOfDevicePath = lengthOfDevicePath;
        DevicePath = devicePath;
    }

    public ulong ImageLocationInMemory { get; }

    public ulong ImageLengthInMemory { get; }

    public ulong ImageLinkTimeAddress { get; }

    public ulong LengthOfDevicePath { get; }

    /// <summary>The device path nodes (empty when LengthOfDevicePath is 0), without the end node.</summary>
    public List<DevicePathNode> DevicePath { get; }
}
