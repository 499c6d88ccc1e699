using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Tessera.Attestation.Quotes;

namespace Tessera.Attestation.Tests;

/// <summary>
/// Builds TDX quotes (v4 or v5, TDX 1.0 or 1.5 body) signed with keys of a <see cref="TestPki"/>, following the
/// layout of the Intel TDX DCAP Quoting Library API (Appendix A.3/A.4).
/// </summary>
internal sealed record TestQuoteBuilder(TestPki Pki)
{
    public ushort Version { get; init; } = 4;
    public TdQuoteBodyType BodyType { get; init; } = TdQuoteBodyType.Tdx10;
    public byte[] TeeTcbSvn { get; init; } = new byte[] { 3, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
    public ulong TdAttributes { get; init; }
    public ulong Xfam { get; init; } = 0x61807;
    public ushort QeIsvSvn { get; init; } = 8;
    public byte[] QeAuthData { get; init; } = Enumerable.Range(0, 32).Select(i => (byte)(0xA0 + i)).ToArray();
    /// <summary>RTMR[0..3] to report (48 bytes each); null for the fixed fill pattern 0x60..0x63.</summary>
    public byte[][]? Rtmrs { get; init; }

    public AsymmetricCipherKeyPair AttestationKey { get; init; } = TestPki.NewKey();

    public byte[] Build()
    {
        var signed = new MemoryStream();
        var w = new BinaryWriter(signed);
        w.Write(Version);
        w.Write((ushort)2);
        w.Write(0x81u);
        w.Write((ushort)0);
        w.Write((ushort)0);
        w.Write(QuoteHeader.IntelQeVendorId);
        w.Write(new byte[20]);
        if (Version == 5)
        {
            w.Write((ushort)BodyType);
            w.Write((uint)TdQuoteBody.SizeOf(BodyType));
        }

        w.Write(TeeTcbSvn);
        w.Write(Fill(48, 0x11)); // MRSEAM
        w.Write(new byte[48]);   // MRSIGNERSEAM: Intel's module, all zero
        w.Write(new byte[8]);    // SEAMATTRIBUTES
        w.Write(TdAttributes);
        w.Write(Xfam);
        w.Write(Fill(48, 0x22)); // MRTD
        w.Write(Fill(48, 0x33)); // MRCONFIGID
        w.Write(Fill(48, 0x44)); // MROWNER
        w.Write(Fill(48, 0x55)); // MROWNERCONFIG
        for (var i = 0; i < 4; i++)
        {
            w.Write(Rtmrs?[i] ?? Fill(48, (byte)(0x60 + i)));
        }

        w.Write(Fill(64, 0x77)); // REPORTDATA
        if (BodyType == TdQuoteBodyType.Tdx15)
        {
            w.Write(new byte[16]);
            w.Write(Fill(48, 0x88));
        }

        w.Flush();
        var signedBytes = signed.ToArray();
        var ak = TestPki.RawPublicKey(AttestationKey.Public);

        var qeReport = new byte[EnclaveReportBody.Size];
        BinaryPrimitives.WriteUInt32LittleEndian(qeReport.AsSpan(16), 0); // MISCSELECT
        qeReport[48] = 0x11;                                             // ATTRIBUTES: INIT | MODE64BIT
        TestPki.QeMrSigner.CopyTo(qeReport, 128);
        BinaryPrimitives.WriteUInt16LittleEndian(qeReport.AsSpan(256), 2); // ISVPRODID
        BinaryPrimitives.WriteUInt16LittleEndian(qeReport.AsSpan(258), QeIsvSvn);
        SHA256.HashData(ak.Concat(QeAuthData).ToArray()).CopyTo(qeReport, 320);

        return Protocol.QuoteAssembler.Assemble(signedBytes, TestPki.SignRaw(AttestationKey.Private, signedBytes), ak,
            qeReport, TestPki.SignRaw(Pki.PckKey.Private, qeReport), QeAuthData, Pki.PckChainPem());
    }

    private static byte[] Fill(int n, byte value) => Enumerable.Repeat(value, n).ToArray();
}
