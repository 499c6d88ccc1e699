namespace Tessera.MeasuredBoot.Prediction;

/// <summary>
/// An event we expect firmware to measure and log: the register it extends (a PCR index for TPM logs; for CC
/// logs the caller maps it), its type (<see cref="EventLog.EventType"/>), a short description, the event data
/// as logged (null when the firmware fills in run-time values such as load addresses) and the digests extended.
/// </summary>
public sealed class PredictedEvent
{
    public PredictedEvent(uint registerIndex, uint eventType, string description, byte[]? data, byte[] sha256, byte[] sha384)
    {
        RegisterIndex = registerIndex;
        EventType = eventType;
        Description = description;
        Data = data;
        Sha256 = sha256;
        Sha384 = sha384;
    }

    public uint RegisterIndex { get; }

    public uint EventType { get; }

    public string Description { get; }

    public byte[]? Data { get; }

    public byte[] Sha256 { get; }

    public byte[] Sha384 { get; }

    /// <summary>An event whose digests are the hashes of its data (EV_EFI_ACTION, EV_SEPARATOR, EV_EFI_GPT_EVENT).</summary>
    public static PredictedEvent OfData(uint registerIndex, uint eventType, string description, byte[] data) =>
        new(registerIndex, eventType, description, data, Hashing.Sha256.Hash(data), Hashing.Sha384.Hash(data));
}
