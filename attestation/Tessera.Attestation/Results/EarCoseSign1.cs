using System;
using System.Formats.Cbor;
using Org.BouncyCastle.Crypto.Parameters;
using Tessera.Attestation.Common;

namespace Tessera.Attestation.Results;

/// <summary>
/// EAR as a CWT in COSE_Sign1 (RFC 9052 §4.2, tag 18) signed with ES256 (alg -7). Claim keys are the CBOR labels
/// of draft-ietf-rats-ear / RFC 9711: 265 eat_profile, 6 iat, 1004 verifier id {0 developer, 1 build}, 10 nonce,
/// 266 submods; in a submodule 1000 status, 1001 trustworthiness vector, 1003 policy ids, 1005 attester claims.
/// </summary>
public static class EarCoseSign1
{
    private const int CoseAlgorithmEs256 = -7;
    private const int HeaderAlg = 1;

    public static byte[] Sign(AttestationResult result, Es256 key)
    {
        var protectedHeader = ProtectedHeader();
        var payload = Claims(result);
        var signature = key.Sign(SigStructure(protectedHeader, payload));
        var w = new CborWriter(CborConformanceMode.Canonical);
        w.WriteTag((CborTag)18);
        w.WriteStartArray(4);
        w.WriteByteString(protectedHeader);
        w.WriteStartMap(0);
        w.WriteEndMap();
        w.WriteByteString(payload);
        w.WriteByteString(signature);
        w.WriteEndArray();
        return w.Encode();
    }

    /// <summary>Checks structure, algorithm (ES256 only) and signature; returns the CBOR claims set.</summary>
    public static Result<byte[]> Verify(byte[] message, ECPublicKeyParameters key)
    {
        try
        {
            var r = new CborReader(message, CborConformanceMode.Lax);
            if (r.PeekState() == CborReaderState.Tag && r.ReadTag() != (CborTag)18)
            {
                return Result<byte[]>.Fail("cose: not a COSE_Sign1 (tag 18)");
            }

            if (r.ReadStartArray() != 4)
            {
                return Result<byte[]>.Fail("cose: COSE_Sign1 must be an array of 4");
            }

            var protectedHeader = r.ReadByteString();
            r.SkipValue();
            var payload = r.ReadByteString();
            var signature = r.ReadByteString();
            r.ReadEndArray();
            if (r.BytesRemaining != 0)
            {
                return Result<byte[]>.Fail("cose: trailing bytes");
            }

            var h = new CborReader(protectedHeader);
            int? alg = null;
            var count = h.ReadStartMap();
            for (var i = 0; i < count; i++)
            {
                var label = h.ReadInt32();
                if (label == HeaderAlg)
                {
                    alg = h.ReadInt32();
                }
                else
                {
                    h.SkipValue();
                }
            }

            if (alg != CoseAlgorithmEs256)
            {
                return Result<byte[]>.Fail("cose.protected.alg: must be ES256 (-7)");
            }

            return Es256.Verify(key, SigStructure(protectedHeader, payload), signature)
                ? payload
                : Result<byte[]>.Fail("cose.signature: does not verify");
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or FormatException or OverflowException)
        {
            return Result<byte[]>.Fail($"cose: malformed CBOR ({e.Message})");
        }
    }

    /// <summary>The claims set as canonical CBOR.</summary>
    public static byte[] Claims(AttestationResult r)
    {
        // Definite lengths and a fixed member order keep the encoding deterministic.
        var w = new CborWriter(CborConformanceMode.Lax);
        w.WriteStartMap(r.Nonce is null ? 4 : 5);
        w.WriteInt32(265);
        w.WriteTextString(AttestationResult.Profile);
        w.WriteInt32(6);
        w.WriteInt64(r.IssuedAt.ToUnixTimeSeconds());
        w.WriteInt32(1004);
        w.WriteStartMap(2);
        w.WriteInt32(0);
        w.WriteTextString(r.VerifierDeveloper);
        w.WriteInt32(1);
        w.WriteTextString(r.VerifierBuild);
        w.WriteEndMap();
        if (r.Nonce is not null)
        {
            w.WriteInt32(10);
            w.WriteByteString(r.Nonce);
        }

        w.WriteInt32(266);
        w.WriteStartMap(1);
        w.WriteTextString(AttestationResult.SubmoduleName);
        w.WriteStartMap(2 + (r.Vector.Claims.Count > 0 ? 1 : 0) + (r.AppraisalPolicyIds.Count > 0 ? 1 : 0));
        w.WriteInt32(1000);
        w.WriteInt32((int)r.Status);
        if (r.Vector.Claims.Count > 0)
        {
            w.WriteInt32(1001);
            w.WriteStartMap(r.Vector.Claims.Count);
            foreach (var (claim, value) in r.OrderedVector)
            {
                w.WriteInt32((int)claim);
                w.WriteInt32(value);
            }

            w.WriteEndMap();
        }

        if (r.AppraisalPolicyIds.Count > 0)
        {
            w.WriteInt32(1003);
            w.WriteStartArray(r.AppraisalPolicyIds.Count);
            foreach (var id in r.AppraisalPolicyIds)
            {
                w.WriteTextString(id);
            }

            w.WriteEndArray();
        }

        w.WriteInt32(1005);
        w.WriteStartMap(r.AttesterClaims.Count);
        foreach (var (name, value) in r.AttesterClaims)
        {
            w.WriteTextString(name);
            w.WriteTextString(value);
        }

        w.WriteEndMap();
        w.WriteEndMap();
        w.WriteEndMap();
        w.WriteEndMap();
        return w.Encode();
    }

    private static byte[] ProtectedHeader()
    {
        var w = new CborWriter(CborConformanceMode.Canonical);
        w.WriteStartMap(1);
        w.WriteInt32(HeaderAlg);
        w.WriteInt32(CoseAlgorithmEs256);
        w.WriteEndMap();
        return w.Encode();
    }

    /// <summary>Sig_structure = ["Signature1", protected, external_aad = h'', payload] (RFC 9052 §4.4).</summary>
    private static byte[] SigStructure(byte[] protectedHeader, byte[] payload)
    {
        var w = new CborWriter(CborConformanceMode.Canonical);
        w.WriteStartArray(4);
        w.WriteTextString("Signature1");
        w.WriteByteString(protectedHeader);
        w.WriteByteString(Array.Empty<byte>());
        w.WriteByteString(payload);
        w.WriteEndArray();
        return w.Encode();
    }
}
