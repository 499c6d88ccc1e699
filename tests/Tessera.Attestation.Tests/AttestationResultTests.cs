using System;
using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Org.BouncyCastle.Crypto.Parameters;
using Tessera.Attestation.Policies;
using Tessera.Attestation.Results;
using Tessera.Attestation.Verification;

namespace Tessera.Attestation.Tests;

/// <summary>EAR attestation results as JWT and COSE_Sign1, checked with .NET's own ECDSA as an independent verifier.</summary>
public class AttestationResultTests
{
    private static readonly DateTimeOffset IssuedAt = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static (VerificationReport Report, PolicyDecision Decision) Verified(TestQuoteBuilder? builder = null, string policy = "production.json")
    {
        var pki = builder?.Pki ?? TestPki.Create();
        var report = new QuoteVerifier(pki.Anchors).Verify((builder ?? new TestQuoteBuilder(pki)).Build(), pki.Collateral(), TestPki.Now);
        var parsed = PolicyParser.ParseFile(System.IO.Path.Combine(TestData.RepoRoot, "policies", "examples", policy));
        return (report, PolicyEvaluator.Evaluate(parsed.Value, report));
    }

    private static (Es256 Signer, ECDsa Independent) NewKey()
    {
        using var dotnet = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signer = Es256.FromPem(dotnet.ExportPkcs8PrivateKeyPem()).Value;
        var verifier = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint
            {
                X = signer.PublicKey.Q.AffineXCoord.GetEncoded(),
                Y = signer.PublicKey.Q.AffineYCoord.GetEncoded(),
            },
        });
        return (signer, verifier);
    }

    [Fact]
    public void Jwt_AffirmingResult_VerifiesIndependently()
    {
        var (report, decision) = Verified();
        var result = AttestationResult.From(report, decision, IssuedAt, nonce: new byte[] { 1, 2, 3 });
        var (signer, independent) = NewKey();
        var token = EarJwt.Sign(result, signer);

        var parts = token.Split('.');
        Assert.True(independent.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), EarJwt.FromBase64Url(parts[2])!, HashAlgorithmName.SHA256));
        var claims = EarJwt.Verify(token, signer.PublicKey);
        Assert.True(claims.IsSuccess, claims.Error);

        using var doc = JsonDocument.Parse(claims.Value);
        var root = doc.RootElement;
        Assert.Equal("tag:ietf.org,2026:rats/ear#04", root.GetProperty("eat_profile").GetString());
        Assert.Equal(IssuedAt.ToUnixTimeSeconds(), root.GetProperty("iat").GetInt64());
        Assert.Equal("AQID", root.GetProperty("eat_nonce").GetString());
        var tdx = root.GetProperty("submods").GetProperty("tdx");
        Assert.Equal("affirming", tdx.GetProperty("ear_status").GetString());
        var vector = tdx.GetProperty("ear_trustworthiness_vector");
        Assert.Equal(2, vector.GetProperty("instance-identity").GetInt32());
        Assert.Equal(2, vector.GetProperty("hardware").GetInt32());
        Assert.Equal(2, vector.GetProperty("runtime-opaque").GetInt32());
        Assert.Equal("tessera:policy/production", tdx.GetProperty("ear_appraisal_policy_ids")[0].GetString());
        Assert.Equal(new string('2', 96), tdx.GetProperty("ear_attester_claims").GetProperty("mr_td").GetString());
        Assert.Equal("UpToDate", tdx.GetProperty("ear_attester_claims").GetProperty("tcb_status").GetString());
    }

    [Fact]
    public void Jwt_TamperedPayloadOrWrongKey_IsRejected()
    {
        var (report, decision) = Verified();
        var (signer, _) = NewKey();
        var token = EarJwt.Sign(AttestationResult.From(report, decision, IssuedAt), signer);
        var parts = token.Split('.');
        var forged = parts[0] + "." + EarJwt.Base64Url(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(EarJwt.FromBase64Url(parts[1])!).Replace("affirming", "warning__"))) + "." + parts[2];
        Assert.Equal("jwt.signature: does not verify", EarJwt.Verify(forged, signer.PublicKey).Error);
        Assert.Equal("jwt.signature: does not verify", EarJwt.Verify(token, NewKey().Signer.PublicKey).Error);
        var none = EarJwt.Base64Url(Encoding.UTF8.GetBytes("{\"alg\":\"none\"}")) + "." + parts[1] + "." + parts[2];
        Assert.Equal("jwt.header.alg: must be ES256", EarJwt.Verify(none, signer.PublicKey).Error);
    }

    [Fact]
    public void Signing_IsDeterministic()
    {
        var (report, decision) = Verified();
        var (signer, _) = NewKey();
        var result = AttestationResult.From(report, decision, IssuedAt);
        Assert.Equal(EarJwt.Sign(result, signer), EarJwt.Sign(result, signer));
        Assert.Equal(EarCoseSign1.Sign(result, signer), EarCoseSign1.Sign(result, signer));
    }

    [Fact]
    public void CoseSign1_VerifiesIndependently_AndCarriesCborLabels()
    {
        var pki = TestPki.Create();
        var (report, decision) = Verified(new TestQuoteBuilder(pki) { TeeTcbSvn = SyntheticVerificationTests.Svn(2, 0, 4) }, "staging-tolerant.json");
        var (signer, independent) = NewKey();
        var message = EarCoseSign1.Sign(AttestationResult.From(report, decision, IssuedAt), signer);

        // Independent check of RFC 9052: tag 18, [protected, unprotected, payload, signature] over Sig_structure.
        var r = new CborReader(message);
        Assert.Equal((CborTag)18, r.ReadTag());
        Assert.Equal(4, r.ReadStartArray());
        var protectedHeader = r.ReadByteString();
        r.SkipValue();
        var payload = r.ReadByteString();
        var signature = r.ReadByteString();
        var sig = new CborWriter();
        sig.WriteStartArray(4);
        sig.WriteTextString("Signature1");
        sig.WriteByteString(protectedHeader);
        sig.WriteByteString(Array.Empty<byte>());
        sig.WriteByteString(payload);
        sig.WriteEndArray();
        Assert.True(independent.VerifyData(sig.Encode(), signature, HashAlgorithmName.SHA256));
        Assert.Equal(payload, EarCoseSign1.Verify(message, signer.PublicKey).Value);

        // OutOfDate with a rejected advisory: the policy rejects, so the status is contraindicated (96).
        var claims = new CborReader(payload);
        var count = claims.ReadStartMap();
        int? status = null;
        int? hardware = null;
        for (var i = 0; i < count; i++)
        {
            var key = claims.ReadInt32();
            if (key != 266)
            {
                claims.SkipValue();
                continue;
            }

            claims.ReadStartMap();
            Assert.Equal("tdx", claims.ReadTextString());
            var n = claims.ReadStartMap();
            for (var j = 0; j < n; j++)
            {
                var label = claims.ReadInt32();
                if (label == 1000)
                {
                    status = claims.ReadInt32();
                }
                else if (label == 1001)
                {
                    var m = claims.ReadStartMap();
                    for (var k = 0; k < m; k++)
                    {
                        var c = claims.ReadInt32();
                        var v = claims.ReadInt32();
                        if (c == 4)
                        {
                            hardware = v;
                        }
                    }

                    claims.ReadEndMap();
                }
                else
                {
                    claims.SkipValue();
                }
            }

            claims.ReadEndMap();
            claims.ReadEndMap();
        }

        Assert.Equal(96, status);
        Assert.Equal(32, hardware);
    }

    [Fact]
    public void CoseSign1_TamperedOrMalformed_IsRejected()
    {
        var (report, decision) = Verified();
        var (signer, _) = NewKey();
        var message = EarCoseSign1.Sign(AttestationResult.From(report, decision, IssuedAt), signer);
        var tampered = (byte[])message.Clone();
        tampered[tampered.Length - 70] ^= 1;
        Assert.False(EarCoseSign1.Verify(tampered, signer.PublicKey).IsSuccess);
        Assert.StartsWith("cose: malformed CBOR", EarCoseSign1.Verify(message[..20], signer.PublicKey).Error);
    }

    [Theory]
    [InlineData(false, TrustTier.Warning)]
    [InlineData(true, TrustTier.Contraindicated)]
    public void Tiers_FollowTheEvidence(bool debug, TrustTier expected)
    {
        var pki = TestPki.Create();
        var builder = new TestQuoteBuilder(pki) { TeeTcbSvn = SyntheticVerificationTests.Svn(2, 0, 4), TdAttributes = debug ? 1UL : 0UL };
        var (report, decision) = Verified(builder, "development-debug.json");
        Assert.True(decision.Accepted);
        var result = AttestationResult.From(report, decision, IssuedAt);
        Assert.Equal(expected, result.Status);
    }

    [Fact]
    public void UnverifiedQuote_IsContraindicated()
    {
        var report = ProductionQuoteVerificationTests.VerifyProd(ProductionQuoteVerificationTests.ProdQuote());
        var result = AttestationResult.From(report, null, IssuedAt);
        Assert.Equal(TrustTier.Contraindicated, result.Status);
        Assert.Equal(TrustworthinessVector.UnrecognizedHardware, result.Vector.Claims[TrustworthinessClaim.Hardware]);

        var forged = (byte[])ProductionQuoteVerificationTests.ProdQuote().Clone();
        forged[200] ^= 1;
        var crypto = AttestationResult.From(ProductionQuoteVerificationTests.VerifyProd(forged), null, IssuedAt);
        Assert.Equal(TrustworthinessVector.CryptoValidationFailed, crypto.Vector.Claims[TrustworthinessClaim.InstanceIdentity]);
    }

    [Fact]
    public void SigningKey_Errors()
    {
        Assert.StartsWith("signing key:", Es256.FromPem("not a pem").Error);
        using var rsa = RSA.Create(2048);
        Assert.Equal("signing key: not an EC P-256 private key", Es256.FromPem(rsa.ExportPkcs8PrivateKeyPem()).Error);
    }
}
