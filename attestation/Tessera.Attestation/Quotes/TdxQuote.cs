using System;

namespace Tessera.Attestation.Quotes;

/// <summary>
/// A parsed TDX quote (v4 or v5). Keeps the exact bytes the quote signature covers: for v4 the header and body
/// (first 632 bytes); for v5 the header, body descriptor (type, size) and body. <see cref="Raw"/> is the quote
/// without unstructured trailing bytes.
/// </summary>
public sealed record TdxQuote(
    QuoteHeader Header,
    TdQuoteBody Body,
    QuoteSignatureData SignatureData,
    ReadOnlyMemory<byte> SignedRegion,
    ReadOnlyMemory<byte> Raw,
    int TrailingByteCount)
{
    /// <summary>The PEM text of the PCK certificate chain (leaf, intermediate CA, root), from certification data type 5.</summary>
    public byte[] PckCertificateChainPem => SignatureData.QeReportCertificationData.PckCertificationData.Data;
}
