namespace Tessera.MeasuredBoot.Prediction;

/// <summary>
/// One measurement a boot stage makes, as firmware (UEFI, predicted) or the Tessera shim (planned and then
/// made) extends and logs it: the register it extends (a PCR index for TPM logs; for CC logs the MR index,
/// TDX 1..4 = RTMR[0..3]), its type (<see cref="EventLog.EventType"/>), a short description, the event data
/// as logged (null when the firmware fills in run-time values such as load addresses) and the digests
/// extended. Sha256 is null for an event measured only into SHA-384 registers (the shim's RTMR events).
/// </summary>
public sealed class MeasuredEvent
{
    public MeasuredEvent(uint registerIndex, uint eventType, string description, byte[]? data, byte[]? sha256, byte[] sha384)
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

    public byte[]? Sha256 { get; }

    public byte[] Sha384 { get; }

    /// <summary>An event whose digests are the hashes of its data (EV_EFI_ACTION, EV_SEPARATOR, EV_EFI_GPT_EVENT).</summary>
    public static MeasuredEvent OfData(uint registerIndex, uint eventType, string description, byte[] data) =>
        new MeasuredEvent(registerIndex, eventType, description, data, Hashing.Sha256.Hash(data), Hashing.Sha384.Hash(data));
}
