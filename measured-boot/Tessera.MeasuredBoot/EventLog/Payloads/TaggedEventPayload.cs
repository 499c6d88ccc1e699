namespace Tessera.MeasuredBoot.EventLog.Payloads;

/// <summary>
/// TCG_PCClientTaggedEvent (TCG PFP 1.06 section 10.4.2, EV_EVENT_TAG):
/// UINT32 taggedEventID; UINT32 taggedEventDataSize; BYTE taggedEventData[taggedEventDataSize].
/// The Linux EFI stub uses it for the initrd (ID 0x8F3B22EC) and the load options (ID 0x8F3B22ED).
/// </summary>
public sealed class TaggedEventPayload : EventPayload
{
    public const uint LinuxInitrdId = 0x8F3B22EC;
    public const uint LinuxLoadOptionsId = 0x8F3B22ED;

    public TaggedEventPayload(uint taggedEventId, byte[] taggedEventData, string description)
    {
        TaggedEventId = taggedEventId;
        TaggedEventData = taggedEventData;
        Description = description;
    }

    public uint TaggedEventId { get; }

    public byte[] TaggedEventData { get; }

    /// <summary>The data read as text: UTF-8 (invalid sequences become U+FFFD) with NUL characters removed.</summary>
    public string Description { get; }
}
