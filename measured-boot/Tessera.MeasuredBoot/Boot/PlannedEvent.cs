namespace Tessera.MeasuredBoot.Boot;

/// <summary>
/// One measurement a boot stage makes: the CC measurement register index (TDX: 1..4 = RTMR[0..3]), the
/// event type, the SHA-384 digest extended into the register and the event data the log records.
/// </summary>
public sealed class PlannedEvent
{
    public PlannedEvent(uint mrIndex, uint eventType, byte[] sha384, byte[] data)
    {
        MrIndex = mrIndex;
        EventType = eventType;
        Sha384 = sha384;
        Data = data;
    }

    public uint MrIndex { get; }

    public uint EventType { get; }

    public byte[] Sha384 { get; }

    public byte[] Data { get; }
}
