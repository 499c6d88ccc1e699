using System;
using System.IO;
using System.Text;
using System.Text.Json;
using Org.BouncyCastle.Crypto.Parameters;
using Tessera.Attestation.Common;

namespace Tessera.Attestation.Results;

/// <summary>
/// EAR as a JWT (RFC 7519) signed with ES256: base64url(header).base64url(claims).base64url(r||s).
/// JSON labels of draft-ietf-rats-ear: eat_profile, iat, ear_verifier_id, eat_nonce, submods, ear_status,
/// ear_trustworthiness_vector, ear_appraisal_policy_ids, ear_attester_claims.
/// </summary>
public static class EarJwt
{
    public static string Sign(AttestationResult result, Es256 key)
    {
        var header = Base64Url(Encoding.UTF8.GetBytes("{\"alg\":\"ES256\",\"typ\":\"JWT\"}"));
        var payload = Base64Url(Claims(result));
        var signingInput = header + "." + payload;
        return signingInput + "." + Base64Url(key.Sign(Encoding.ASCII.GetBytes(signingInput)));
    }

    /// <summary>Checks the header (ES256 only) and signature; returns the claims JSON.</summary>
    public static Result<byte[]> Verify(string token, ECPublicKeyParameters key)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return Result<byte[]>.Fail("jwt: expected three dot-separated parts");
        }

        var header = FromBase64Url(parts[0]);
        var payload = FromBase64Url(parts[1]);
        var signature = FromBase64Url(parts[2]);
        if (header is null || payload is null || signature is null)
        {
            return Result<byte[]>.Fail("jwt: invalid base64url");
        }

        try
        {
            using var h = JsonDocument.Parse(header);
            if (!h.RootElement.TryGetProperty("alg", out var alg) || alg.ValueKind != JsonValueKind.String || alg.GetString() != "ES256")
            {
                return Result<byte[]>.Fail("jwt.header.alg: must be ES256");
            }
        }
        catch (JsonException)
        {
            return Result<byte[]>.Fail("jwt.header: invalid JSON");
        }

        return Es256.Verify(key, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature)
            ? payload
            : Result<byte[]>.Fail("jwt.signature: does not verify");
    }

    /// <summary>The claims set as JSON.</summary>
    public static byte[] Claims(AttestationResult r)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("eat_profile", AttestationResult.Profile);
            w.WriteNumber("iat", r.IssuedAt.ToUnixTimeSeconds());
            w.WriteStartObject("ear_verifier_id");
            w.WriteString("developer", r.VerifierDeveloper);
            w.WriteString("build", r.VerifierBuild);
            w.WriteEndObject();
            if (r.Nonce is not null)
            {
                w.WriteString("eat_nonce", Base64Url(r.Nonce));
            }

            w.WriteStartObject("submods");
            w.WriteStartObject(AttestationResult.SubmoduleName);
            w.WriteString("ear_status", AttestationResult.TierName(r.Status));
            if (r.Vector.Claims.Count > 0)
            {
                w.WriteStartObject("ear_trustworthiness_vector");
                foreach (var (claim, value) in r.OrderedVector)
                {
                    w.WriteNumber(AttestationResult.ClaimName(claim), value);
                }

                w.WriteEndObject();
            }

            if (r.AppraisalPolicyIds.Count > 0)
            {
                w.WriteStartArray("ear_appraisal_policy_ids");
                foreach (var id in r.AppraisalPolicyIds)
                {
                    w.WriteStringValue(id);
                }

                w.WriteEndArray();
            }

            w.WriteStartObject("ear_attester_claims");
            foreach (var (name, value) in r.AttesterClaims)
            {
                w.WriteString(name, value);
            }

            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return stream.ToArray();
    }

    public static string Base64Url(byte[] data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[]? FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        s += (s.Length % 4) switch { 2 => "==", 3 => "=", _ => "" };
        try
        {
            return Convert.FromBase64String(s);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
