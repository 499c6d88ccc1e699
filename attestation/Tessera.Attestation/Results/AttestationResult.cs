using System;
using System.Collections.Generic;
using System.Linq;
using Tessera.Attestation.Common;
using Tessera.Attestation.Policies;
using Tessera.Attestation.Verification;

namespace Tessera.Attestation.Results;

/// <summary>
/// An EAT Attestation Result (EAR, draft-ietf-rats-ear, profile "tag:ietf.org,2026:rats/ear#04") with one
/// submodule, "tdx", carrying the trust tier, the AR4SI trustworthiness vector, the policy used and the TD's
/// claims (measurements, TCB status). Serialized by <see cref="EarJwt"/> and <see cref="EarCoseSign1"/>.
/// </summary>
public sealed record AttestationResult(
    DateTimeOffset IssuedAt,
    string VerifierDeveloper,
    string VerifierBuild,
    byte[]? Nonce,
    TrustTier Status,
    TrustworthinessVector Vector,
    IReadOnlyList<string> AppraisalPolicyIds,
    IReadOnlyList<KeyValuePair<string, string>> AttesterClaims)
{
    public const string Profile = "tag:ietf.org,2026:rats/ear#04";
    public const string SubmoduleName = "tdx";

    /// <summary>
    /// Builds the result. The tier is the vector's worst tier, and Contraindicated whenever the quote did not verify
    /// or the policy rejected it, so a relying party that only reads the status cannot be misled.
    /// </summary>
    public static AttestationResult From(VerificationReport report, PolicyDecision? decision, DateTimeOffset issuedAt,
        byte[]? nonce = null, string developer = "https://tessera.invalid", string build = "tessera-attestation 0.1")
    {
        var vector = TrustworthinessVector.From(report, decision);
        var status = !report.Verified || decision?.Accepted == false ? TrustTier.Contraindicated : vector.Tier;
        var policies = decision is null ? Array.Empty<string>() : new[] { "tessera:policy/" + decision.PolicyName };
        return new AttestationResult(issuedAt, developer, build, nonce, status, vector, policies, Claims(report, decision));
    }

    /// <summary>Attester claims as text, identical in the JSON and CBOR forms.</summary>
    private static IReadOnlyList<KeyValuePair<string, string>> Claims(VerificationReport report, PolicyDecision? decision)
    {
        var claims = new List<KeyValuePair<string, string>>();
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                claims.Add(new(name, value));
            }
        }

        Add("verified", report.Verified ? "true" : "false");
        Add("evidence", report.DevelopmentKey is null ? null : "development: signed by a local development key, not by TDX hardware");
        Add("development_key", report.DevelopmentKey);
        Add("failed_check", report.FailedCheck);
        Add("failure_reason", report.FailureReason);
        Add("tcb_status", report.TcbStatus?.ToString());
        Add("advisory_ids", report.AdvisoryIds.Count == 0 ? null : string.Join(",", report.AdvisoryIds));
        Add("fmspc", report.Fmspc);
        Add("policy_violations", decision is null || decision.Violations.Count == 0 ? null : string.Join("; ", decision.Violations));
        if (report.Quote is { } q)
        {
            var b = q.Body;
            Add("td_attributes", Hex.Encode(b.TdAttributesRaw));
            Add("xfam", Hex.Encode(b.Xfam));
            Add("mr_td", Hex.Encode(b.MrTd));
            for (var i = 0; i < b.Rtmrs.Count; i++)
            {
                Add($"rtmr{i}", Hex.Encode(b.Rtmrs[i]));
            }

            Add("mr_config_id", Hex.Encode(b.MrConfigId));
            Add("mr_owner", Hex.Encode(b.MrOwner));
            Add("mr_owner_config", Hex.Encode(b.MrOwnerConfig));
            Add("report_data", Hex.Encode(b.ReportData));
            Add("tee_tcb_svn", Hex.Encode(b.TeeTcbSvn));
            Add("mr_seam", Hex.Encode(b.MrSeam));
        }

        return claims;
    }

    public static string TierName(TrustTier tier) => tier switch
    {
        TrustTier.Affirming => "affirming",
        TrustTier.Warning => "warning",
        TrustTier.Contraindicated => "contraindicated",
        _ => "none",
    };

    public static string ClaimName(TrustworthinessClaim claim) => claim switch
    {
        TrustworthinessClaim.InstanceIdentity => "instance-identity",
        TrustworthinessClaim.Configuration => "configuration",
        TrustworthinessClaim.Executables => "executables",
        TrustworthinessClaim.FileSystem => "file-system",
        TrustworthinessClaim.Hardware => "hardware",
        TrustworthinessClaim.RuntimeOpaque => "runtime-opaque",
        TrustworthinessClaim.StorageOpaque => "storage-opaque",
        _ => "sourced-data",
    };

    /// <summary>Claims in ascending label order, so both encodings are deterministic.</summary>
    internal IEnumerable<KeyValuePair<TrustworthinessClaim, sbyte>> OrderedVector => Vector.Claims.OrderBy(c => (int)c.Key);
}
