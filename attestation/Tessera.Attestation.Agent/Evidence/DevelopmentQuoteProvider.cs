using System.Security.Cryptography;
using Tessera.Attestation.Protocol;

namespace Tessera.Attestation.Agent.Evidence;

/// <summary>
/// Development evidence for machines without TDX: a TDX v4 quote signed by a local development key. Verifiers
/// accept it only under a policy that names the key, and mark the result as development evidence.
/// </summary>
public sealed class DevelopmentQuoteProvider : IQuoteProvider
{
    private readonly DevelopmentQuoteBuilder _builder;

    public DevelopmentQuoteProvider(ECDsa key) => _builder = new DevelopmentQuoteBuilder(key);

    public string Name => "development";

    public byte[] GetQuote(byte[] reportData) => _builder.Build(reportData);
}
