using Tessera.Attestation.Collateral;

namespace Tessera.Attestation.Verification;

/// <summary>
/// Folds the status of a component that has only UpToDate / OutOfDate / Revoked levels (the QE, the TDX module)
/// into the platform status, the way Intel's quote verification library converges them: an out-of-date component
/// makes an up-to-date platform OutOfDate and a configuration-needing one OutOfDateConfigurationNeeded; a revoked
/// component revokes; an unsupported one makes the result unsupported.
/// </summary>
public static class TcbStatusConvergence
{
    public static TcbStatus Converge(TcbStatus platform, TcbStatus component)
    {
        if (platform is TcbStatus.NotSupported || component is TcbStatus.NotSupported)
        {
            return TcbStatus.NotSupported;
        }

        if (platform is TcbStatus.Revoked || component is TcbStatus.Revoked)
        {
            return TcbStatus.Revoked;
        }

        if (component is TcbStatus.OutOfDate or TcbStatus.OutOfDateConfigurationNeeded)
        {
            return platform switch
            {
                TcbStatus.UpToDate or TcbStatus.SWHardeningNeeded => TcbStatus.OutOfDate,
                TcbStatus.ConfigurationNeeded or TcbStatus.ConfigurationAndSWHardeningNeeded => TcbStatus.OutOfDateConfigurationNeeded,
                _ => platform,
            };
        }

        return platform;
    }

    /// <summary>Statuses with which the quote is still authentic and usable, leaving acceptance to policy.</summary>
    public static bool IsAcceptable(TcbStatus status) => status is not (TcbStatus.Revoked or TcbStatus.NotSupported);
}
