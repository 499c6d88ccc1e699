namespace Tessera.MeasuredBoot.EventLog.Payloads;

/// <summary>
/// One node of an EFI device path (UEFI spec 2.10 section 10.3.1 "Generic Device Path Structures"):
/// UINT8 Type; UINT8 SubType; UINT16 Length (including these 4 bytes); then Length-4 bytes of data.
/// </summary>
public sealed class DevicePathNode
{
    public const byte TypeHardware = 0x01;
    public const byte TypeAcpi = 0x02;
    public const byte TypeMessaging = 0x03;
    public const byte TypeMedia = 0x04;
    public const byte TypeBiosBootSpecification = 0x05;
    public const byte TypeEnd = 0x7F;

    public DevicePathNode(byte type, byte subType, byte[] data, string text)
    {
        Type = type;
        SubType = subType;
        Data = data;
        Text = text;
    }

    public byte Type { get; }

    public byte SubType { get; }

    /// <summary>The node's data, after the 4-byte header.</summary>
    public byte[] Data { get; }

    /// <summary>Text form, see <see cref="DevicePathText"/>.</summary>
    public string Text { get; }
}
