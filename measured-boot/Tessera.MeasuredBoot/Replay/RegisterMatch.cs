namespace Tessera.MeasuredBoot.Replay;

/// <summary>The outcome for one register: the value replayed from the log against the value reported by hardware.</summary>
public sealed class RegisterMatch
{
    public RegisterMatch(string name, byte[] replayed, byte[] reported)
    {
        Name = name;
        Replayed = replayed;
        Reported = reported;
        Matches = Binary.ByteSpans.SequenceEqual(replayed, reported);
    }

    /// <summary>E.g. "RTMR[2]" or "PCR[7] SHA-256".</summary>
    public string Name { get; }

    public byte[] Replayed { get; }

    public byte[] Reported { get; }

    public bool Matches { get; }
}
