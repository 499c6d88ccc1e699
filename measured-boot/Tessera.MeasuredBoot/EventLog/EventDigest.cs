using Tessera.MeasuredBoot.Hashing;

namespace Tessera.MeasuredBoot.EventLog;

/// <summary>One TPMT_HA of an event's digest list (TCG PFP 1.06 section 10.2.2 TPML_DIGEST_VALUES): algorithm id and digest.</summary>
public sealed class EventDigest
{
    public EventDigest(HashAlgorithmId algorithm, byte[] value)
    {
        Algorithm = algorithm;
        Value = value;
    }

    public HashAlgorithmId Algorithm { get; }

    public byte[] Value { get; }
}
