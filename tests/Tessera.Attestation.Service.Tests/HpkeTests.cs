using System;
using System.Security.Cryptography;
using System.Text;
using Tessera.Attestation.Protocol;
using Tessera.Attestation.Protocol.Hpke;

namespace Tessera.Attestation.Service.Tests;

/// <summary>RFC 9180 Appendix A.3.1: DHKEM(P-256, HKDF-SHA256), HKDF-SHA256, AES-128-GCM, base mode.</summary>
public class HpkeTests
{
    private static readonly byte[] Info = Convert.FromHexString("4f6465206f6e2061204772656369616e2055726e");
    private static readonly byte[] IkmE = Convert.FromHexString("4270e54ffd08d79d5928020af4686d8f6b7d35dbe470265f1f5aa22816ce860e");
    private static readonly byte[] IkmR = Convert.FromHexString("668b37171f1072f3cf12ea8a236a45df23fc13b82af3609ad1e354f6ef817550");
    private const string PkEm = "04a92719c6195d5085104f469a8b9814d5838ff72b60501e2c4466e5e67b325ac98536d7b61a1af4b78e5b7f951c0900be863c403ce65c9bfcb9382657222d18c4";
    private const string SkEm = "4995788ef4b9d6132b249ce59a77281493eb39af373d236a1fe415cb0c2d7beb";
    private const string PkRm = "04fe8c19ce0905191ebc298a9245792531f26f0cece2460639e8bc39cb7f706a826a779b4cf969b8a0e539c7f62fb3d30ad6aa8f80e30f1d128aafd68a2ce72ea0";
    private const string SkRm = "f3ce7fdae57e1a310d87f1ebbde6f328be0a99cdbcadf4d6589cf29de4b8ffd2";
    private const string SharedSecret = "c0d26aeab536609a572b07695d933b589dcf363ff9d93c93adea537aeabb8cb8";
    private const string Key = "868c066ef58aae6dc589b6cfdd18f97e";
    private const string BaseNonce = "4e0bc5018beba4bf004cca59";
    private static readonly byte[] Plaintext = Convert.FromHexString("4265617574792069732074727574682c20747275746820626561757479");

    /// <summary>(sequence number, aad, ciphertext) of the vector's encryptions.</summary>
    private static readonly (ulong Seq, string Aad, string Ct)[] Encryptions =
    {
        (0, "436f756e742d30", "5ad590bb8baa577f8619db35a36311226a896e7342a6d836d8b7bcd2f20b6c7f9076ac232e3ab2523f39513434"),
        (1, "436f756e742d31", "fa6f037b47fc21826b610172ca9637e82d6e5801eb31cbd3748271affd4ecb06646e0329cbdf3c3cd655b28e82"),
        (2, "436f756e742d32", "895cabfac50ce6c6eb02ffe6c048bf53b7f7be9a91fc559402cbc5b8dcaeb52b2ccc93e466c28fb55fed7a7fec"),
        (4, "436f756e742d34", "8787491ee8df99bc99a246c4b3216d3d57ab5076e18fa27133f520703bc70ec999dd36ce042e44f0c3169a6a8f"),
        (255, "436f756e742d323535", "2ad71c85bf3f45c6eca301426289854b31448bcf8a8ccb1deef3ebd87f60848aa53c538c30a4dac71d619ee2cd"),
        (256, "436f756e742d323536", "10f179686aa2caec1758c8e554513f16472bd0a11e2a907dde0b212cbe87d74f367f8ffe5e41cd3e9962a6afb2"),
    };

    private static string Hex(byte[] b) => Convert.ToHexStringLower(b);

    [Fact]
    public void DeriveKeyPairGivesTheVectorsKeys()
    {
        using var e = DhKemP256.DeriveKeyPair(IkmE);
        using var r = DhKemP256.DeriveKeyPair(IkmR);
        Assert.Equal(PkEm, Hex(DhKemP256.SerializePublicKey(e)));
        Assert.Equal(SkEm, Hex(e.ExportParameters(true).D!));
        Assert.Equal(PkRm, Hex(DhKemP256.SerializePublicKey(r)));
        Assert.Equal(SkRm, Hex(r.ExportParameters(true).D!));
    }

    [Fact]
    public void SenderReproducesSharedSecretKeyScheduleAndCiphertexts()
    {
        using var ephemeral = DhKemP256.DeriveKeyPair(IkmE);
        var (shared, enc) = DhKemP256.Encap(Convert.FromHexString(PkRm), ephemeral);
        Assert.Equal(SharedSecret, Hex(shared));
        Assert.Equal(PkEm, Hex(enc));

        var (_, sender) = HpkeContext.SetupBaseSender(Convert.FromHexString(PkRm), Info, ephemeral);
        Assert.Equal(Key, Hex(sender.Key));
        Assert.Equal(BaseNonce, Hex(sender.BaseNonce));
        foreach (var (seq, aad, ct) in Encryptions)
        {
            sender.SkipTo(seq);
            Assert.Equal(ct, Hex(sender.Seal(Convert.FromHexString(aad), Plaintext)));
        }
    }

    [Fact]
    public void RecipientOpensTheVectorsCiphertextsAndExports()
    {
        using var recipient = DhKemP256.FromPrivateScalar(Convert.FromHexString(SkRm));
        Assert.Equal(SharedSecret, Hex(DhKemP256.Decap(Convert.FromHexString(PkEm), recipient)));
        var context = HpkeContext.SetupBaseRecipient(Convert.FromHexString(PkEm), recipient, Info);
        foreach (var (seq, aad, ct) in Encryptions)
        {
            context.SkipTo(seq);
            Assert.Equal(Plaintext, context.Open(Convert.FromHexString(aad), Convert.FromHexString(ct)));
        }

        Assert.Equal("5e9bc3d236e1911d95e65b576a8a86d478fb827e8bdfe77b741b289890490d4d", Hex(context.Export(Array.Empty<byte>(), 32)));
        Assert.Equal("6cff87658931bda83dc857e6353efe4987a201b849658d9b047aab4cf216e796", Hex(context.Export(new byte[] { 0 }, 32)));
        Assert.Equal("d8f1ea7942adbba7412c6d431c62d01371ea476b823eb697e1f6e6cae1dab85a", Hex(context.Export(Encoding.ASCII.GetBytes("TestContext"), 32)));
    }

    [Fact]
    public void EveryAlteredByteOfASealedSecretFailsToOpen()
    {
        using var td = DhKemP256.GenerateKeyPair();
        var nonce = RandomNumberGenerator.GetBytes(32);
        var envelope = SecretEnvelope.Seal("disk-key", Encoding.UTF8.GetBytes("s3cret"), DhKemP256.SerializePublicKey(td), nonce);
        Assert.Equal("s3cret", Encoding.UTF8.GetString(envelope.Open(td, nonce)));

        for (var i = 0; i < envelope.Ciphertext.Length; i++)
        {
            var tampered = (byte[])envelope.Ciphertext.Clone();
            tampered[i] ^= 0x01;
            Assert.ThrowsAny<CryptographicException>(() => (envelope with { Ciphertext = tampered }).Open(td, nonce));
        }

        Assert.ThrowsAny<CryptographicException>(() => (envelope with { Name = "other" }).Open(td, nonce));
        Assert.ThrowsAny<CryptographicException>(() => envelope.Open(td, RandomNumberGenerator.GetBytes(32)));
        using var stranger = DhKemP256.GenerateKeyPair();
        Assert.ThrowsAny<CryptographicException>(() => envelope.Open(stranger, nonce));
    }

    [Fact]
    public void PointsOffTheCurveAreRefused()
    {
        var bad = Convert.FromHexString(PkRm);
        bad[64] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => DhKemP256.DeserializePublicKey(bad));
        Assert.ThrowsAny<CryptographicException>(() => DhKemP256.DeserializePublicKey(new byte[33]));
    }
}
