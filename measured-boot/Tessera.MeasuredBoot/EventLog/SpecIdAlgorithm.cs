using Tessera.MeasuredBoot.Hashing;

namespace Tessera.MeasuredBoot.EventLog;

/// <summary>TCG_EfiSpecIdEventAlgorithmSize (TCG PFP 1.06 section 10.4.5.1): UINT16 algorithmId; UINT16 digestSize.</summary>
public readonly struct SpecIdAlgorithm
{
    public SpecIdAlgorithm(HashAlgorithmId algorithm, int digestSize)
    {
        Algorithm = algorithm;
        DigestSize = digestSize;
    }

    public HashAlgorithmId Algorithm { get; }

    public int DigestSize { get; }
}
