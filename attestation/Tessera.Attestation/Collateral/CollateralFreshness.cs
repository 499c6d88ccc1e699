using System;
using Tessera.Attestation.Common;
using Tessera.Attestation.Verification;

namespace Tessera.Attestation.Collateral;

/// <summary>
/// When cached collateral must be fetched again: the earliest nextUpdate of TCB Info, QE identity and the two
/// CRLs. Only decides whether to refetch; the verifier still checks every validity window itself.
/// </summary>
public static class CollateralFreshness
{
    public static Result<DateTimeOffset> ExpiresAt(TdxCollateral c)
    {
        var tcbDocument = SignedJsonDocument.Parse(c.TcbInfoJson, "tcbInfo", "TCB Info");
        var tcb = tcbDocument.IsSuccess ? TcbInfoParser.Parse(tcbDocument.Value.SignedValue) : Result<TcbInfo>.Fail(tcbDocument.Error);
        if (!tcb.IsSuccess)
        {
            return Result<DateTimeOffset>.Fail(tcb.Error);
        }

        var qeDocument = SignedJsonDocument.Parse(c.QeIdentityJson, "enclaveIdentity", "TD QE identity");
        var qe = qeDocument.IsSuccess ? QeIdentityParser.Parse(qeDocument.Value.SignedValue) : Result<QeIdentity>.Fail(qeDocument.Error);
        if (!qe.IsSuccess)
        {
            return Result<DateTimeOffset>.Fail(qe.Error);
        }

        var earliest = tcb.Value.NextUpdate < qe.Value.NextUpdate ? tcb.Value.NextUpdate : qe.Value.NextUpdate;
        foreach (var (der, name) in new[] { (c.PckCrlDer, "PCK CRL"), (c.RootCaCrlDer, "root CA CRL") })
        {
            var crl = X509Der.ParseCrl(der, name);
            if (!crl.IsSuccess)
            {
                return Result<DateTimeOffset>.Fail(crl.Error);
            }

            if (crl.Value.NextUpdate is not { } next)
            {
                return Result<DateTimeOffset>.Fail($"{name}: no nextUpdate");
            }

            var nextUpdate = new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc));
            earliest = nextUpdate < earliest ? nextUpdate : earliest;
        }

        return earliest;
    }
}
