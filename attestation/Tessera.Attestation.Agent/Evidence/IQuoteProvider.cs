namespace Tessera.Attestation.Agent.Evidence;

/// <summary>Where quotes come from: the TDX guest driver through configfs-tsm, or development evidence.</summary>
public interface IQuoteProvider
{
    /// <summary>Short name for messages ("configfs-tsm", "development").</summary>
    string Name { get; }

    /// <summary>A quote whose TD report carries <paramref name="reportData"/> (64 bytes) as REPORTDATA.</summary>
    byte[] GetQuote(byte[] reportData);
}
