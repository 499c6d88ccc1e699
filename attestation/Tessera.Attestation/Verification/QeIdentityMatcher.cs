using System;
using Tessera.Attestation.Collateral;
using Tessera.Attestation.Common;
using Tessera.Attestation.Quotes;

namespace Tessera.Attestation.Verification;

/// <summary>
/// Checks the QE report against the TD QE identity (Intel PCS API "Enclave Identity V2": masked MISCSELECT and
/// ATTRIBUTES, MRSIGNER, ISVPRODID must match) and finds the QE's TCB level: the first with isvsvn ≤ the report's.
/// </summary>
public static class QeIdentityMatcher
{
    /// <summary>Fails when the identity does not match; otherwise the QE TCB evaluation.</summary>
    public static Result<TcbEvaluation> Match(QeIdentity identity, EnclaveReportBody qe)
    {
        const string name = "qeIdentity";
        if ((qe.MiscSelect & identity.MiscSelectMask) != (identity.MiscSelect & identity.MiscSelectMask))
        {
            return Result<TcbEvaluation>.Fail($"{name}: QE report MISCSELECT 0x{qe.MiscSelect:x8} under mask 0x{identity.MiscSelectMask:x8} does not match 0x{identity.MiscSelect:x8}");
        }

        if (!PlatformTcbMatcher.MaskedEqual(qe.Attributes, identity.AttributesMask, identity.Attributes))
        {
            return Result<TcbEvaluation>.Fail($"{name}: QE report ATTRIBUTES {Hex.Encode(qe.Attributes)} under mask {Hex.Encode(identity.AttributesMask)} do not match {Hex.Encode(identity.Attributes)}");
        }

        if (!qe.MrSigner.AsSpan().SequenceEqual(identity.MrSigner))
        {
            return Result<TcbEvaluation>.Fail($"{name}: QE report MRSIGNER {Hex.Encode(qe.MrSigner)} is not {Hex.Encode(identity.MrSigner)}");
        }

        if (qe.IsvProdId != identity.IsvProdId)
        {
            return Result<TcbEvaluation>.Fail($"{name}: QE report ISVPRODID {qe.IsvProdId} is not {identity.IsvProdId}");
        }

        foreach (var level in identity.TcbLevels)
        {
            if (qe.IsvSvn >= level.IsvSvn)
            {
                return new TcbEvaluation(level.Status, level.TcbDate, level.AdvisoryIds,
                    $"QE ISVSVN {qe.IsvSvn} matches the level isvsvn {level.IsvSvn} ({level.Status})");
            }
        }

        return TcbEvaluation.NotSupported($"QE ISVSVN {qe.IsvSvn} is below every level of the QE identity");
    }
}
