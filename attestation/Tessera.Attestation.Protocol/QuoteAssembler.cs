using System.Buffers.Binary;
using System.IO;

namespace Tessera.Attestation.Protocol;

/// <summary>
/// The tail of a TDX quote (Intel TDX DCAP Quoting Library API, Appendix A.3/A.4): after the signed header and
/// body, the signature data length and the ECDSA-256 signature data, whose certification data is type 6 (QE report,
/// its signature, QE authentication data) wrapping type 5 (the PEM certificate chain). Callers sign; this lays out.
/// </summary>
public static class QuoteAssembler
{
    public static byte[] Assemble(byte[] signedRegion, byte[] quoteSignature, byte[] attestationKey,
        byte[] qeReport, byte[] qeReportSignature, byte[] qeAuthData, byte[] certificateChainPem)
    {
        var type6 = new MemoryStream();
        var t = new BinaryWriter(type6);
        t.Write(qeReport);
        t.Write(qeReportSignature);
        t.Write((ushort)qeAuthData.Length);
        t.Write(qeAuthData);
        t.Write((ushort)5);
        t.Write((uint)certificateChainPem.Length);
        t.Write(certificateChainPem);
        t.Flush();

        var quote = new MemoryStream();
        var q = new BinaryWriter(quote);
        q.Write(signedRegion);
        q.Write((uint)(64 + 64 + 2 + 4 + type6.Length));
        q.Write(quoteSignature);
        q.Write(attestationKey);
        q.Write((ushort)6);
        q.Write((uint)type6.Length);
        q.Write(type6.ToArray());
        q.Flush();
        return quote.ToArray();
    }
}
