using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Tessera.Attestation.Collateral;
using Tessera.Attestation.Common;

namespace Tessera.Attestation.Verification;

/// <summary>
/// Finds the platform's TCB level in TDX TCB Info. Algorithm of Intel PCS API "TCB Info V3", "Determining the
/// status of a TDX TCB level": walk the levels in the order given (newest first) and take the first where
/// (a) every SGX component SVN of the PCK certificate ≥ the level's sgxtcbcomponents, (b) PCESVN ≥ pcesvn, and
/// (c) every TEE_TCB_SVN byte of the quote ≥ the level's tdxtcbcomponents — except that when TEE_TCB_SVN[1] (TDX
/// module major version) is non-zero and TCB Info lists tdxModuleIdentities, bytes 0 and 1 are judged by the TDX
/// module identity instead. No matching level means the TCB is not supported.
/// </summary>
public static class PlatformTcbMatcher
{
    public static TcbEvaluation Match(TcbInfo tcbInfo, PckCertificateExtensions pck, byte[] teeTcbSvn)
    {
        var firstTdx = UsesModuleIdentities(tcbInfo, teeTcbSvn) ? 2 : 0;
        var reasons = new List<string>();
        foreach (var level in tcbInfo.TcbLevels)
        {
            var reason = FirstShortfall(level, pck, teeTcbSvn, firstTdx);
            if (reason is null)
            {
                return new TcbEvaluation(level.Status, level.TcbDate, level.AdvisoryIds,
                    $"platform matches the TCB level of {level.TcbDate:yyyy-MM-dd} ({level.Status})");
            }

            reasons.Add($"level {level.TcbDate:yyyy-MM-dd} ({level.Status}): {reason}");
        }

        return TcbEvaluation.NotSupported(
            $"no TCB level of TCB Info (fmspc {tcbInfo.Fmspc}, tcbEvaluationDataNumber {tcbInfo.TcbEvaluationDataNumber}) matches the platform; " +
            string.Join("; ", reasons));
    }

    /// <summary>TCB Info v3 evaluates TDX module major versions ≥ 1 through tdxModuleIdentities.</summary>
    public static bool UsesModuleIdentities(TcbInfo tcbInfo, byte[] teeTcbSvn) =>
        teeTcbSvn[1] > 0 && tcbInfo.TdxModuleIdentities.Count > 0;

    private static string? FirstShortfall(TcbLevel level, PckCertificateExtensions pck, byte[] teeTcbSvn, int firstTdx)
    {
        for (var i = 0; i < 16; i++)
        {
            if (pck.SgxTcbComponentSvns[i] < level.SgxComponents[i].Svn)
            {
                return $"SGX component {i}{Label(level.SgxComponents[i])} SVN {pck.SgxTcbComponentSvns[i]} < {level.SgxComponents[i].Svn}";
            }
        }

        if (pck.PceSvn < level.PceSvn)
        {
            return $"PCESVN {pck.PceSvn} < {level.PceSvn}";
        }

        for (var i = firstTdx; i < 16; i++)
        {
            if (teeTcbSvn[i] < level.TdxComponents[i].Svn)
            {
                return $"TDX component {i}{Label(level.TdxComponents[i])} (TEE_TCB_SVN[{i}]) SVN {teeTcbSvn[i]} < {level.TdxComponents[i].Svn}";
            }
        }

        return null;
    }

    private static string Label(TcbComponent c) => c.Type is null ? "" : $" ({c.Type})";

    /// <summary>"TDX_" and TEE_TCB_SVN[1] as two upper-case hex digits, e.g. TDX_03.</summary>
    public static string ModuleIdentityId(byte[] teeTcbSvn) => "TDX_" + teeTcbSvn[1].ToString("X2", CultureInfo.InvariantCulture);

    /// <summary>
    /// Matches the TDX module (TEE_TCB_SVN[0] is its SVN within major version TEE_TCB_SVN[1]) against its identity:
    /// signer and masked attributes must match, then the first level with isvsvn ≤ the module SVN gives the status.
    /// </summary>
    public static TcbEvaluation MatchModuleIdentity(TcbInfo tcbInfo, byte[] teeTcbSvn, byte[] mrSignerSeam, byte[] seamAttributes)
    {
        var id = ModuleIdentityId(teeTcbSvn);
        var identity = tcbInfo.TdxModuleIdentities.FirstOrDefault(m => string.Equals(m.Id, id, StringComparison.OrdinalIgnoreCase));
        if (identity is null)
        {
            return TcbEvaluation.NotSupported($"TCB Info has no TDX module identity {id} (TEE_TCB_SVN[1] = {teeTcbSvn[1]})");
        }

        if (!identity.MrSigner.AsSpan().SequenceEqual(mrSignerSeam))
        {
            return TcbEvaluation.NotSupported($"MRSIGNERSEAM {Hex.Encode(mrSignerSeam)} does not match TDX module identity {id} mrsigner {Hex.Encode(identity.MrSigner)}");
        }

        if (!MaskedEqual(seamAttributes, identity.AttributesMask, identity.Attributes))
        {
            return TcbEvaluation.NotSupported($"SEAMATTRIBUTES {Hex.Encode(seamAttributes)} under mask {Hex.Encode(identity.AttributesMask)} do not match TDX module identity {id} attributes {Hex.Encode(identity.Attributes)}");
        }

        foreach (var level in identity.TcbLevels)
        {
            if (teeTcbSvn[0] >= level.IsvSvn)
            {
                return new TcbEvaluation(level.Status, level.TcbDate, level.AdvisoryIds,
                    $"TDX module {id} SVN {teeTcbSvn[0]} matches the level isvsvn {level.IsvSvn} ({level.Status})");
            }
        }

        return TcbEvaluation.NotSupported($"TDX module {id} SVN {teeTcbSvn[0]} is below every level of its identity");
    }

    public static bool MaskedEqual(byte[] value, byte[] mask, byte[] expected)
    {
        if (value.Length != mask.Length || mask.Length != expected.Length)
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            if ((value[i] & mask[i]) != (expected[i] & mask[i]))
            {
                return false;
            }
        }

        return true;
    }
}
